"""When a template's work is due (issue 18): 毎週火曜, 第2・第4水曜, 偶数月20日.

A template recurs weekly on its weekday, monthly on the n-th weekdays (weeks_of_month "2,4"),
or monthly on a day (day_of_month; a day the month lacks, such as the 31st, is its last day),
in every month or only the even or odd ones. A due day that is a national holiday is kept and
marked with the holiday's name (jpholiday): whether the salon meets that day is the staff's
call, not the calendar's.
"""

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

import jpholiday
from django.core.exceptions import ValidationError

from coordinators.models import ActivityTemplate, Repeat, RepeatMonths

WEEKDAY_NAMES = "月火水木金土日"


def weeks_of(template):
    """ "2,4" -> [2, 4]; ValidationError at weeks_of_month for anything but 1–5."""
    text = (template.weeks_of_month or "").replace("第", "").replace("週", "")
    for separator in "、，・ ":
        text = text.replace(separator, ",")
    try:
        weeks = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        weeks = [0]
    if not weeks or any(week not in range(1, 6) for week in weeks):
        raise ValidationError(
            {"weeks_of_month": "第何週かを1から5の数字で入力してください（例: 2,4）。"}
        )
    return weeks


def validate_schedule(template):
    """Raise ValidationError (keyed by field) when the template's schedule is incomplete."""
    if template.repeat == Repeat.NTH_WEEKDAY:
        weeks_of(template)
    if template.repeat == Repeat.DAY_OF_MONTH and not template.day_of_month:
        raise ValidationError({"day_of_month": "毎月の何日かを入力してください。"})


def _in_month(template, day):
    if template.months == RepeatMonths.EVEN:
        return day.month % 2 == 0
    if template.months == RepeatMonths.ODD:
        return day.month % 2 == 1
    return True


def is_due(template, day):
    """Whether `template` (an ActivityTemplate) recurs on `day` (a date)."""
    if not _in_month(template, day):
        return False
    if template.repeat == Repeat.DAY_OF_MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(template.day_of_month or 0, last)
    if day.weekday() != template.weekday:
        return False
    if template.repeat == Repeat.NTH_WEEKDAY:
        return (day.day - 1) // 7 + 1 in weeks_of(template)
    return True


def schedule_label(template):
    """「毎週火曜」「第2・第4水曜」「偶数月20日」「毎月末日」… as shown beside a template."""
    months = "" if template.months == RepeatMonths.ALL else template.get_months_display()
    weekday = f"{WEEKDAY_NAMES[template.weekday]}曜"
    if template.repeat == Repeat.DAY_OF_MONTH:
        day = "末日" if (template.day_of_month or 0) >= 31 else f"{template.day_of_month}日"
        return f"{months or '毎月'}{day}"
    if template.repeat == Repeat.NTH_WEEKDAY:
        try:
            weeks = "・".join(f"第{week}" for week in weeks_of(template))
        except ValidationError:
            weeks = "第?"
        return f"{months}{weeks}{weekday}"
    return f"{months or '毎週'}{weekday}" if not months else f"{months}の毎週{weekday}"


@dataclass(frozen=True)
class Due:
    """One recurrence of a template in a week: its day, the holiday's name if any, and
    whether a live record made from the template already lies on that day."""

    template: ActivityTemplate
    day: date
    holiday: str | None
    recorded: bool


def dues_in(templates, days, recorded):
    """[Due] of `templates` on `days` (dates of one week), in day and time order.

    recorded: {template id} of live activities made from a template in those days, read with
    the week's activities (no query here). A template recurs at most once a week, so a record
    of it anywhere in the week, moved to another day by 「調整して記録」 or an edit, is that
    week's occurrence."""
    found = [
        Due(template, day, jpholiday.is_holiday_name(day), template.pk in recorded)
        for day in days
        for template in templates
        if is_due(template, day)
    ]
    return sorted(
        found, key=lambda due: (due.day, due.template.start_time or time.min, due.template.name)
    )


def due_days(template, monday):
    """The days of the week starting on `monday` on which `template` is due -> [date]."""
    return [monday + timedelta(days=n) for n in range(7) if is_due(template, monday + timedelta(n))]
