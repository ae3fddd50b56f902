from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from coordinators.exports import ExportMixin
from coordinators.models import Category

from .filters import ActivityFilter
from .selectors import activities_for_user, category_counts, newest_history_id
from .tables import ActivityTable


class CountedPaginator(Paginator):
    """A Paginator told its number of rows (`count`) instead of counting them."""

    def __init__(self, object_list, per_page, *args, count, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class ActivityListView(ExportMixin, SingleTableMixin, FilterView):
    export_name = "活動記録"
    export_title = "活動記録一覧"
    table_class = ActivityTable
    filterset_class = ActivityFilter
    template_name = "coordinators/activity_list.html"
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return activities_for_user(self.request.user)

    def export_rows(self, rows):
        # 記録ID's version, the newest change-history row, in the same query (issue 16)
        return rows.annotate(version=newest_history_id())

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    @cached_property
    def _counts(self):
        """{区分 number: n} of the listed rows, or None when the filter form is not valid."""
        filterset = self.filterset
        return category_counts(filterset.qs) if filterset.is_valid() else None

    def get_table_pagination(self, table):
        # The 区分 totals above the table add up to the number of rows: the paginator is
        # given it instead of counting the same rows again (issue 22: a scan of the year).
        pagination = super().get_table_pagination(table)
        if pagination is False or self._counts is None:
            return pagination
        return {
            **pagination,
            "paginator_class": CountedPaginator,
            "count": sum(self._counts.values()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self._counts
        # every active 区分, and an inactive one where it has records among those listed
        context["category_totals"] = (
            [
                (category, counts.get(category.number, 0))
                for category in Category.objects.filter(Q(is_active=True) | Q(pk__in=counts))
            ]
            if counts
            else []
        )
        context["grand_total"] = sum(counts.values()) if counts else 0
        return context


def activity_detail(request, pk):
    activity = get_object_or_404(activities_for_user(request.user), pk=pk)
    return render(request, "coordinators/activity_detail.html", {"activity": activity})
