from django import template

from coordinators.periods import wareki_date

register = template.Library()


@register.filter
def wareki(value):
    """{{ day|wareki }} -> 令和7年4月1日; empty for no date."""
    if not value:
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    return wareki_date(value)
