from django import template

from coordinators.periods import wareki_date

register = template.Library()


@register.filter
def wareki(value):
    """{{ day|wareki }} -> 令和7年4月1日; a timestamp shows its date in Japan; empty for none."""
    if not value:
        return ""
    return wareki_date(value)


@register.filter
def weekday_ja(value):
    """{{ day|weekday_ja }} -> 月 … 日."""
    return "月火水木金土日"[value.weekday()] if value else ""
