import django_filters
from django import forms

from coordinators.filters import DefaultPeriod, PeriodFilter, WarekiDateFilter
from coordinators.models import Activity, ActivityForm, Category, Center
from coordinators.organisation.filters import ScopedByLogin
from coordinators.resources.forms import ResourceNameField
from coordinators.text import folded_search


class ResourceNameFilter(django_filters.Filter):
    field_class = ResourceNameField


class ActivityFilter(DefaultPeriod, ScopedByLogin, django_filters.FilterSet):
    period = PeriodFilter(label="期間（年度・半期）", field_name="date")
    date_from = WarekiDateFilter(label="日付（から）", field_name="date", lookup_expr="gte")
    date_to = WarekiDateFilter(label="日付（まで）", field_name="date", lookup_expr="lte")
    center = django_filters.ModelChoiceFilter(
        label="所属", queryset=Center.objects.all(), empty_label="すべて"
    )
    coordinator = django_filters.ModelChoiceFilter(
        label="担当者", field_name="coordinators", queryset=None, empty_label="すべて"
    )
    category = django_filters.ModelChoiceFilter(
        label="区分", queryset=Category.objects.all(), empty_label="すべて"
    )
    form = django_filters.ModelChoiceFilter(
        label="活動形態", queryset=ActivityForm.objects.all(), empty_label="すべて"
    )
    # typed with the week page's type-ahead: a select of every resource was 423 options, a
    # third of the page's time (issue 22)
    resource = ResourceNameFilter(label="訪問先")
    visit = django_filters.BooleanFilter(
        label="訪問のみ", method="filter_visit", widget=forms.CheckboxInput
    )
    q = django_filters.CharFilter(label="内容", method="filter_text")

    class Meta:
        model = Activity
        fields = []

    def filter_visit(self, queryset, name, value):
        # an unticked box means "all forms", not "only forms that are not visits"
        return queryset.filter(counts_as_visit=True) if value else queryset

    def filter_text(self, queryset, name, value):
        # Each term in 内容 or 場所, as typed or folded: 「家族介護者　サロン」 finds
        # 「家族介護者サロン」 and the other way round (issue 15).
        return folded_search(queryset, value, ("description", "place"))
