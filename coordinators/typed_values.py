"""A time of day and a duration as people type them, read one way on every screen and in every
import (issue 15).

開始時刻: 10:00, 9:30, ９：３０, 10時, 10時30分, 10時半, 1030 (four digits are HHMM), 930,
10 (an hour), 午後2時 -> datetime.time. 所要時間: 90, ９０, 90分, 1時間, 1時間30分, 1時間半,
1.5時間, 1:30 -> minutes (int); a bare number is always minutes, whatever its digits, and any
whole minute is accepted. Both are read after NFKC with spaces removed.
"""

import re
import unicodedata
from datetime import time
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

MIN_MINUTES, MAX_MINUTES = 1, 1440
DURATION_EXAMPLES = "90、1時間30分、1:30"
DURATION_HELP = f"所要時間は分で入力してください（例: {DURATION_EXAMPLES}）"
TIME_EXAMPLES = "10:00、10時30分、1030"
TIME_HELP = f"時刻を正しく入力してください（例: {TIME_EXAMPLES}）"

_MINUTES = re.compile(r"([+-]?\d+)(?:分間?)?")
_HOURS_AND_MINUTES = re.compile(r"(\d+)時間(?:(\d+)分間?|(半))?")
_DECIMAL_HOURS = re.compile(r"(\d*\.\d+)時間")
_CLOCK_DURATION = re.compile(r"(\d+):(\d{2})")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2})(?::\d{2})?|時(?:(\d{1,2})分?|(半))?)?")
_HHMM = re.compile(r"(\d{1,2})(\d{2})")
_HALF_DAY = re.compile(r"(午前|午後|AM|PM)", re.IGNORECASE)


class TypedValueError(ValueError):
    """The text is not a time or a duration in any accepted form; str() is a Japanese message."""


def _normalised(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def parse_minutes(text):
    """A typed duration -> minutes (int; a leading minus is kept for the caller's range check).

    Accepts 90, 90分, 1時間, 1時間30分, 1時間半, 1.5時間 and 1:30; full-width digits too.
    Raises TypedValueError with DURATION_HELP for anything else, a fraction of a minute
    (1.333時間) or minutes of 60 and over after hours (1:75). The range (MIN_MINUTES to
    MAX_MINUTES) is the caller's to check, with the caller's message.
    """
    value = _normalised(text)
    if match := _MINUTES.fullmatch(value):
        return int(match[1])
    if match := _HOURS_AND_MINUTES.fullmatch(value):
        minutes = 30 if match[3] else int(match[2] or 0)
        if minutes < 60:
            return int(match[1]) * 60 + minutes
    if match := _DECIMAL_HOURS.fullmatch(value):
        minutes = Decimal(match[1]) * 60
        if minutes == minutes.to_integral_value():
            return int(minutes)
    if (match := _CLOCK_DURATION.fullmatch(value)) and int(match[2]) < 60:
        return int(match[1]) * 60 + int(match[2])
    raise TypedValueError(f"{DURATION_HELP}。")


def parse_time_of_day(text):
    """A typed time of day -> datetime.time (seconds dropped).

    Accepts 10:00, 9:30:00, 10時, 10時30分, 10時半, HHMM or HMM digits (1030, 930), an hour
    alone (10), each optionally after 午前/午後 (午後2時 is 14:00); full-width digits and colons
    too. Raises TypedValueError with TIME_HELP when the text is none of these or names no time
    of the day (25:00, 10:60).
    """
    value = _normalised(text)
    afternoon = False
    if match := _HALF_DAY.match(value):
        afternoon = match[1].upper() in {"午後", "PM"}
        value = value[match.end() :]
    hour = minute = None
    if match := _CLOCK.fullmatch(value):
        hour = int(match[1])
        minute = 30 if match[4] else int(match[2] or match[3] or 0)
    elif match := _HHMM.fullmatch(value):
        hour, minute = int(match[1]), int(match[2])
    if hour is not None and afternoon and hour < 12:
        hour += 12
    if hour is None or hour > 23 or minute > 59:
        raise TypedValueError(f"{TIME_HELP}。")
    return time(hour, minute)


class TimeOfDayInput(forms.TextInput):
    """A text box for a time: shows a stored time as 10:30; any accepted form may be typed."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "10:00", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return super().format_value(value)


class TimeOfDayField(forms.Field):
    """A form field reading a time of day with parse_time_of_day; blank is None."""

    widget = TimeOfDayInput
    default_error_messages = {"invalid": f"{TIME_HELP}。"}

    def to_python(self, value):
        if isinstance(value, time):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_time_of_day(value)
        except TypedValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class MinutesField(forms.Field):
    """A form field reading a duration in minutes with parse_minutes, 1–1440; blank is None.

    A text box, not a number input: a browser's number input drops what is not a digit, so
    「1時間30分」 typed through an IME arrived as 130 (issue 15)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": f"{DURATION_HELP}。"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(MIN_MINUTES, "所要時間は1分以上にしてください。"),
            MaxValueValidator(MAX_MINUTES, "所要時間は1440分（24時間）以内にしてください。"),
        ]

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "placeholder": "分",
            "title": f"分で、または {DURATION_EXAMPLES} のように",
            "autocomplete": "off",
        }

    def to_python(self, value):
        if isinstance(value, int):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_minutes(value)
        except TypedValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
