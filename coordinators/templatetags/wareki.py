from datetime import date

from django import template

from coordinators.periods import wareki_date

register = template.Library()


@register.filter
def wareki(value):
    """{{ day|wareki }} -> 令和7年4月1日; a timestamp shows its date in Japan, an ISO date
    text ("2024-06-03", as a published report stores it) its day; empty for none."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return wareki_date(value)


@register.filter
def weekday_ja(value):
    """{{ day|weekday_ja }} -> 月 … 日."""
    return "月火水木金土日"[value.weekday()] if value else ""


@register.filter
def thousands(value):
    """{{ 1500|thousands }} -> 1,500, as the Word files write numbers; other values as given."""
    return f"{value:,}" if isinstance(value, int) else value
