"""Filter pieces every list page uses: a 年度・半期 typed in 和暦, typed dates, and the choices
a login may pick from."""

import django_filters
from django import forms

from .forms import WarekiDateField
from .organisation.selectors import coordinators_for_user
from .periods import PERIOD_EXAMPLES, PeriodParseError, parse_period
from .roles import role_of


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


class ScopedByLogin:
    """Coordinator choices limited to the login's; the 所属 filter only for the division."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["coordinator"].queryset = coordinators_for_user(user)
        if not role_of(user).sees_all_centers:
            del self.filters["center"]
