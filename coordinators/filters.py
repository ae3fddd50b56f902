"""Filter pieces every list page uses: a 年度・半期 typed in 和暦 and typed dates."""

import django_filters
from django import forms

from .forms import WarekiDateField
from .periods import PERIOD_EXAMPLES, PeriodParseError, parse_period


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
