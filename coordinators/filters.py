"""Filter pieces every list page uses: a 年度・半期 typed in 和暦, typed dates, and the
record lists' default period."""

import django_filters
from django import forms
from django.http import QueryDict

from . import periods
from .forms import WarekiDateField
from .periods import PERIOD_EXAMPLES, Period, PeriodParseError, parse_period


class PeriodField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"{PERIOD_EXAMPLES}など")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "R6上半期")

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodParseError as error:
            raise forms.ValidationError(str(error)) from None


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField

    def filter(self, queryset, period):
        # field_name is the date field of the list's rows: date on activities, received_on on
        # consultations (reading a fixed "date" made the consultation list answer 500).
        if period is None:
            return queryset
        return queryset.filter(**{f"{self.field_name}__range": (period.start, period.end)})


class WarekiDateFilter(django_filters.DateFilter):
    field_class = WarekiDateField


class DefaultPeriod:
    """FilterSet mixin for the record lists: with neither 期間 nor a date typed, the list is of
    this 年度 and its box says so (issue 22: unbounded, the count and a 内容 search read a
    所属's whole history on every view). Everything stays reachable by typing a 期間 or dates.
    Needs filters named period, date_from and date_to."""

    BOUNDS = ("period", "date_from", "date_to")

    def __init__(self, data=None, *args, **kwargs):
        if not any((data or {}).get(name, "").strip() for name in self.BOUNDS):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["period"] = Period.fiscal_year_containing(periods.today()).label
        super().__init__(data, *args, **kwargs)
        self.filters["period"].extra["help_text"] = "期間も日付も空なら今年度"
