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
    this 年度 (issue 22: unbounded, the count and a 内容 search read a 所属's whole history on
    every view). The default narrows the rows only; it is not put into the form, whose 期間
    box shows it as its placeholder, so dates typed next are not cut down to it. Everything
    stays reachable by typing a 期間 or dates. Needs filters named period, date_from and
    date_to; `default_period` is the Period applied, or None."""

    BOUNDS = ("period", "date_from", "date_to")

    def __init__(self, data=None, *args, **kwargs):
        # bound even when empty, so that filter_queryset (and the default) always runs
        super().__init__(QueryDict() if data is None else data, *args, **kwargs)
        typed = any(self.data.get(name, "").strip() for name in self.BOUNDS)
        self.default_period = None if typed else Period.fiscal_year_containing(periods.today())
        period = self.filters["period"]
        period.extra["help_text"] = "期間も日付も空なら今年度"
        if self.default_period is not None:
            placeholder = f"今年度（{self.default_period.label}）"
            period.extra["widget"] = forms.TextInput(attrs={"placeholder": placeholder})

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.default_period is None:
            return queryset
        return self.filters["period"].filter(queryset, self.default_period)
