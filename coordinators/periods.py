"""Fiscal years, half-years and months, labelled and parsed in 和暦.

Data is stored as ordinary dates; everything a user reads or types goes through this module.
年度 runs 1 April – 31 March, 上半期 is April–September and 下半期 October–March.
It also holds the ranges (issue 15): the dates a record may bear (平成27年4月1日 to the end of
next fiscal year), the dates anything may be typed as (大正元年7月30日 to 2200), and which weeks
the week page saves into without asking.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone


class PeriodParseError(ValueError):
    """Raised with a Japanese message naming what was expected."""


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: date
    # The last calendar day of the era; None for the era in force.
    end: date | None

    def year_of(self, gregorian_year):
        return gregorian_year - self.start.year + 1

    def gregorian_year(self, era_year):
        return self.start.year + era_year - 1


# Newest first. 大正 is only needed for birth dates of today's oldest residents.
ERAS = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
)
ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter)}

HALF_NAMES = {1: "上半期", 2: "下半期"}


def era_for_date(day):
    for era in ERAS:
        if day >= era.start:
            return era
    raise PeriodParseError(f"{day.year}年は和暦（大正以降）で表せません。")


def era_year_label(era, gregorian_year):
    year = era.year_of(gregorian_year)
    return f"{era.name}{'元' if year == 1 else year}年"


def local_date(value):
    """The calendar date `value` falls on in Japan, as a `date`.

    An aware datetime is converted to Asia/Tokyo (settings.TIME_ZONE) first, so 00:30 JST on
    1 October (15:30 UTC on 30 September) is 1 October; a naive datetime is taken as Tokyo
    time; a date is itself. Rule source: issue 13 §2, every date shown for a timestamp is the
    date in Japan, on screen, in messages and in every file.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def wareki_date(day):
    """2019-05-01 -> 令和元年5月1日; a timestamp is shown as its date in Japan (local_date)."""
    day = local_date(day)
    era = era_for_date(day)
    return f"{era_year_label(era, day.year)}{day.month}月{day.day}日"


def wareki_short_date(day):
    """2025-04-01 -> R7.4.1, the form staff type themselves; timestamps as in wareki_date."""
    day = local_date(day)
    era = era_for_date(day)
    return f"{era.letter}{era.year_of(day.year)}.{day.month}.{day.day}"


def today():
    """The date in Asia/Tokyo (settings.TIME_ZONE) now, as a `date`: what "today" means on
    every page, default and rule, whatever the server's clock zone."""
    return timezone.localdate()


def week_start(day):
    """The Monday of the week containing `day` (weeks run Monday to Sunday on the week page)."""
    return day - timedelta(days=day.weekday())


def week_days(monday):
    """[monday, …, sunday] as seven `date`s."""
    return [monday + timedelta(days=offset) for offset in range(7)]


def half_year_so_far(day):
    """(start, end) dates of the half-year containing `day`, cut off at `day`."""
    period = Period.half_containing(day)
    return period.start, min(day, period.end)


def last_ended_half(day=None):
    """The last half-year that has ended on `day` (default: today): the one a division reports
    on and closes, and so what the report and 締め pages open on. Returns a Period."""
    current = Period.half_containing(day or today())
    return Period.half_containing(current.start - timedelta(days=1))


def fiscal_year_of(day):
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(fiscal_year):
    # A fiscal year is named after the era in force at the end of its calendar year:
    # fiscal 2019 is 令和元年度 although its April was still 平成31年, and fiscal 1988
    # stays 昭和63年度 although its March fell in 平成.
    era = era_for_date(date(fiscal_year, 12, 31))
    return f"{era_year_label(era, fiscal_year)}度"


@dataclass(frozen=True)
class Period:
    """A span of whole days, start and end inclusive."""

    kind: str  # "year", "half" or "month"
    fiscal_year: int
    start: date
    end: date
    half: int | None = None

    @classmethod
    def for_fiscal_year(cls, fiscal_year):
        return cls("year", fiscal_year, date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31))

    @classmethod
    def for_half(cls, fiscal_year, half):
        if half not in HALF_NAMES:
            raise PeriodParseError("半期は上半期（1）か下半期（2）です。")
        if half == 1:
            return cls("half", fiscal_year, date(fiscal_year, 4, 1), date(fiscal_year, 9, 30), 1)
        return cls("half", fiscal_year, date(fiscal_year, 10, 1), date(fiscal_year + 1, 3, 31), 2)

    @classmethod
    def for_month(cls, year, month):
        start = date(year, month, 1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return cls("month", fiscal_year_of(start), start, end)

    @classmethod
    def half_containing(cls, day):
        return cls.for_half(fiscal_year_of(day), 1 if 4 <= day.month <= 9 else 2)

    @classmethod
    def fiscal_year_containing(cls, day):
        return cls.for_fiscal_year(fiscal_year_of(day))

    @property
    def label(self):
        if self.kind == "year":
            return fiscal_year_label(self.fiscal_year)
        if self.kind == "half":
            return fiscal_year_label(self.fiscal_year) + HALF_NAMES[self.half]
        era = era_for_date(self.start)
        return f"{era_year_label(era, self.start.year)}{self.start.month}月"

    @property
    def code(self):
        """The short form used in URLs and accepted back by parse_period: 2024H1, 2024."""
        if self.kind == "year":
            return str(self.fiscal_year)
        if self.kind == "half":
            return f"{self.fiscal_year}H{self.half}"
        return f"{self.start:%Y-%m}"

    def __str__(self):
        return self.label

    def __contains__(self, day):
        return self.start <= day <= self.end

    def previous_year(self):
        """The same period one year earlier, for 前年同期比."""
        if self.kind == "year":
            return Period.for_fiscal_year(self.fiscal_year - 1)
        if self.kind == "half":
            return Period.for_half(self.fiscal_year - 1, self.half)
        return Period.for_month(self.start.year - 1, self.start.month)

    def months(self):
        """The calendar months in this period, in order."""
        result, cursor = [], self.start
        while cursor <= self.end:
            month = Period.for_month(cursor.year, cursor.month)
            result.append(month)
            cursor = month.end + timedelta(days=1)
        return result


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ERA_KEYS = "|".join(sorted(ERA_BY_KEY, key=len, reverse=True))
# The one-character era ligatures (㋿ U+32FF, ㍻ U+337B, ㍼ U+337C, ㍽ U+337D) that some IMEs
# offer for れいわ, へいせい …; NFKC spells each as its two characters.
ERA_LIGATURES = "㋿㍻㍼㍽"

PERIOD_EXAMPLES = "「2024H1」「2024H2」「2024」（年度）「R6上半期」「令和6年度下半期」「R6前期」"
DATE_EXAMPLES = "「R7.4.1」「令和7年4月1日」「2025/4/1」"

# What municipalities call the two halves of a fiscal year (issue 15): 上半期/下半期 in the
# city's report, 前期/後期 and 上期/下期 in others', H1/H2 in our own codes.
HALF_WORDS = {
    "上半期": 1,
    "前期": 1,
    "上期": 1,
    "H1": 1,
    "下半期": 2,
    "後期": 2,
    "下期": 2,
    "H2": 2,
}
_HALF = "|".join(sorted(HALF_WORDS, key=len, reverse=True))

# re.ASCII: \d is 0-9 only, so no other script's digits are read as a year (full-width ones are
# folded to ASCII first, by _normalise).
_PERIOD_PATTERNS = (
    re.compile(rf"^(?P<year>\d{{4}})(?:年度)?(?P<halfname>{_HALF})?$", re.IGNORECASE | re.ASCII),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)(?:年度?)?(?P<halfname>{_HALF})?$",
        re.IGNORECASE | re.ASCII,
    ),
)
_DATE_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})[/\-.](?P<month>\d{1,2})[/\-.](?P<day>\d{1,2})$", re.ASCII),
    re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$", re.ASCII),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)[/.\-](?P<month>\d{{1,2}})[/.\-](?P<day>\d{{1,2}})$",
        re.IGNORECASE | re.ASCII,
    ),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)年(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日$",
        re.IGNORECASE | re.ASCII,
    ),
)


def _fold(char):
    # What an IME in full-width mode types (U+FF01–U+FFEF: ２０２４, Ｒ, ．, ／, Ｈ), the
    # ideographic space and the era ligatures become what they stand for (NFKC). Nothing else
    # is folded: NFKC would also read "²" or "①" as digits, and "2024/1/1²" is not a date.
    if "\uff01" <= char <= "\uffef" or char == "\u3000" or char in ERA_LIGATURES:
        return unicodedata.normalize("NFKC", char)
    return char


def _normalise(text):
    """What a user typed, as the patterns read it: full-width forms and era ligatures folded
    (issue 15: ２０２４／６／３, Ｒ６．６．３, ㋿6年6月1日), white space removed."""
    return re.sub(r"\s+", "", "".join(_fold(char) for char in str(text)))


def _era(match):
    return ERA_BY_KEY.get(match["era"]) or ERA_BY_KEY[match["era"].upper()]


def _era_year(match, original):
    raw = match["erayear"]
    year = 1 if raw == "元" else int(raw)
    if year < 1:
        raise PeriodParseError(f"「{original}」: {_era(match).name}は元年（1年）から数えます。")
    return year


def _gregorian_year_of_era(era, era_year, original):
    """The western year of `era_year` of `era`. An ended era's year number stays usable through
    the rest of its last calendar year (平成31年12月11日 is 2019-12-11, 平成31年度 is fiscal
    2019, issue 15); a later one (平成32) did not exist: PeriodParseError."""
    year = era.gregorian_year(era_year)
    if era.end is not None and year > era.end.year:
        last = era.year_of(era.end.year)
        raise PeriodParseError(f"「{original}」: {era.name}は{last}年までです。")
    return year


def parse_period(text):
    """Parse what a user typed for a report period -> Period (a fiscal year or a half-year).

    Accepts 2024, 2024年度, 2024H1, 2024h2, 2024前期, 2024年度下半期, R6, 令和6年度, R6上半期,
    R6前期/後期, R6上期/下期, R6H1, 令和6年度前期, 令和元年度, 平成31年度, ㋿6年度上半期, and
    the same typed in full-width (２０２４Ｈ１, Ｒ６上半期); white space is ignored. Raises
    PeriodParseError with a Japanese message for anything else, and for a fiscal year outside
    record_fiscal_years (平成27年度 to next year's). Rule source: issue 15.
    """
    original = str(text).strip()
    value = _normalise(text)
    for pattern in _PERIOD_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        if "era" in pattern.groupindex:
            era_year = _era_year(match, original)
            fiscal_year = _gregorian_year_of_era(_era(match), era_year, original)
        else:
            fiscal_year = int(match["year"])
        first, last = record_fiscal_years()
        if not first <= fiscal_year <= last:
            raise PeriodParseError(
                f"「{original}」: {fiscal_year_label(first)}から{fiscal_year_label(last)}までの"
                "年度・半期を入力してください。"
            )
        if match["halfname"]:
            return Period.for_half(fiscal_year, HALF_WORDS[match["halfname"].upper()])
        return Period.for_fiscal_year(fiscal_year)
    raise PeriodParseError(
        f"「{original}」は期間として読めません。{PERIOD_EXAMPLES}のように入力してください。"
    )


# Dates typed anywhere (a resource's 開始日, an assignment's, a list filter) lie in 和暦 as this
# module writes it, from the first day of 大正, and in a span where every week and half-year
# around them is a valid date (9999-12-31's week runs into year 10000).
DATES_FROM = date(1912, 7, 30)
DATES_UNTIL = date(2200, 12, 31)
# Activities, consultations and meetings: from the programme's start (平成27年度, domain §1).
RECORD_DATES_FROM = date(2015, 4, 1)


def _day_shown(day):
    """A date in a message: in 和暦 where it has one, else as the western date typed."""
    if DATES_FROM <= day <= DATES_UNTIL:
        return wareki_date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def date_range_message(first, last):
    """「平成27年4月1日から令和9年3月31日までの日付を入力してください。」 for a range of dates."""
    return f"{wareki_date(first)}から{wareki_date(last)}までの日付を入力してください。"


def _outside_dates(original):
    # The far end in 西暦: 令和182年 reads as a typo of its own.
    return (
        f"「{original}」は扱える日付の外です。{wareki_date(DATES_FROM)}から"
        f"{DATES_UNTIL.year}年{DATES_UNTIL.month}月{DATES_UNTIL.day}日までの日付を入力してください。"
    )


def parse_date(text):
    """Parse a date typed in 和暦 or 西暦 -> date.

    Accepts R7.4.1, r7.4.1, 令和7年4月1日, 令和元年5月1日, 2025/4/1, 2025-04-01, 2025.4.1,
    2025年4月1日, ㋿7年4月1日, ㍻31年4月30日, and the same typed in full-width (２０２５／４／１,
    Ｒ７．４．１); white space is ignored. An ended era's year stays usable through the rest of
    its last calendar year (平成31年5月10日 is 2019-05-10; 平成32年 is refused). Raises
    PeriodParseError with a Japanese message for anything else, a day that does not exist,
    a day before its era began (令和元年4月30日), or a day outside DATES_FROM..DATES_UNTIL
    (大正元年7月30日 to 2200-12-31). Imports read their date cells through here.
    Rule source: issue 15.
    """
    original = str(text).strip()
    value = _normalise(text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        era = _era(match) if "era" in pattern.groupindex else None
        if era is not None:
            year = _gregorian_year_of_era(era, _era_year(match, original), original)
        else:
            year = int(match["year"])
        if not DATES_FROM.year <= year <= DATES_UNTIL.year:
            raise PeriodParseError(_outside_dates(original))
        try:
            day = date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            raise PeriodParseError(f"「{original}」という日付はありません。") from None
        if era is not None and day < era.start:
            raise PeriodParseError(
                f"「{original}」: {era.name}は{wareki_date(era.start)}からです。"
            )
        if day < DATES_FROM:
            raise PeriodParseError(_outside_dates(original))
        return day
    raise PeriodParseError(
        f"「{original}」は日付として読めません。{DATE_EXAMPLES}のように入力してください。"
    )


# --- ranges (issue 15): what a record may be dated, what a period may name, what the week page
# saves without asking


def record_date_range(day=None):
    """(first, last) date an activity, a consultation or a meeting may be dated: 2015-04-01
    (平成27年4月1日, the programme's start) to the end of the fiscal year after the one holding
    `day` (default today in Asia/Tokyo; on 2026-11-30, 令和10年3月31日). Rule source: issue 15
    (R99.1.1 was stored as 2117, 9999-12-31 broke its week page for good)."""
    last = Period.for_fiscal_year(fiscal_year_of(day or today()) + 1).end
    return RECORD_DATES_FROM, last


def ensure_record_date(day, *, field="date"):
    """Refuse a record's date (a `date`) outside record_date_range: ValidationError keyed by
    `field` ("date" for activities and meetings, "received_on" for consultations), naming the
    range in 和暦. None passes (the model's own check says it is required). The services that
    write records call this, so the week page, every form and the imports all refuse alike.
    Rule source: issue 15."""
    if day is None:
        return
    first, last = record_date_range()
    if not first <= day <= last:
        raise ValidationError(
            {field: f"{_day_shown(day)}は記録できる期間の外です。{date_range_message(first, last)}"}
        )


def in_recent_fiscal_years(day):
    """Whether `day` (a date) lies in this fiscal year or the previous one (from today): the
    week page asks before saving anywhere else, since a year typed wrong (R6 for R8) is the
    likelier story (issue 15). -> bool."""
    this_year = fiscal_year_of(today())
    return this_year - 1 <= fiscal_year_of(day) <= this_year


def record_fiscal_years(day=None):
    """(first, last) fiscal year (int) a period may name: 2015 (平成27年度, the programme's
    start) to the one after the fiscal year of `day` (default today): the record range of
    record_date_range in fiscal years. Rule source: issue 15."""
    first, last = record_date_range(day)
    return fiscal_year_of(first), fiscal_year_of(last)
