import django_filters
from django.db.models import Q

from coordinators.filters import DefaultPeriod, PeriodFilter, WarekiDateFilter
from coordinators.models import (
    AccessRecord,
    Center,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
)
from coordinators.organisation.filters import ScopedByLogin
from coordinators.text import folded_search


class ConsultationFilter(DefaultPeriod, ScopedByLogin, django_filters.FilterSet):
    period = PeriodFilter(label="期間（年度・半期）", field_name="received_on")
    date_from = WarekiDateFilter(
        label="受付日（から）", field_name="received_on", lookup_expr="gte"
    )
    date_to = WarekiDateFilter(label="受付日（まで）", field_name="received_on", lookup_expr="lte")
    center = django_filters.ModelChoiceFilter(
        label="所属", queryset=Center.objects.all(), empty_label="すべて"
    )
    coordinator = django_filters.ModelChoiceFilter(
        label="担当者", queryset=None, empty_label="すべて"
    )
    route = django_filters.ModelChoiceFilter(
        label="相談経路", queryset=ConsultationRoute.objects.all(), empty_label="すべて"
    )
    consulter_type = django_filters.ModelChoiceFilter(
        label="相談者種別", queryset=ConsulterType.objects.all(), empty_label="すべて"
    )
    topic = django_filters.ModelChoiceFilter(
        label="相談内容",
        field_name="topics",
        queryset=ConsultationTopic.objects.all(),
        empty_label="すべて",
    )
    outcome = django_filters.ModelChoiceFilter(
        label="対応結果", queryset=ConsultationOutcome.objects.all(), empty_label="すべて"
    )
    q = django_filters.CharFilter(label="概要", method="filter_text")

    class Meta:
        model = Consultation
        fields = []

    def filter_text(self, queryset, name, value):
        # as typed or folded, like every list's text search (issue 15)
        return folded_search(queryset, value, ("summary",))


class AccessRecordFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label="利用者", field_name="user__username")
    date_from = WarekiDateFilter(label="日付（から）", field_name="at", lookup_expr="date__gte")
    date_to = WarekiDateFilter(label="日付（まで）", field_name="at", lookup_expr="date__lte")
    q = django_filters.CharFilter(label="対象・URL", method="filter_text")

    class Meta:
        model = AccessRecord
        fields = []

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(target__icontains=value) | Q(path__icontains=value))
