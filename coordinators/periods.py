"""Fiscal years, half-years and months, labelled and parsed in 和暦.

Data is stored as ordinary dates; everything a user reads or types goes through this module.
年度 runs 1 April – 31 March, 上半期 is April–September and 下半期 October–March.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
HALF_BY_NAME = {name: half for half, name in HALF_NAMES.items()}


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

PERIOD_EXAMPLES = "「2024H1」「2024H2」「2024」（年度）「R6上半期」「令和6年度下半期」"
DATE_EXAMPLES = "「R7.4.1」「令和7年4月1日」「2025/4/1」"

_PERIOD_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})(?:[Hh](?P<half>[12]))?$"),
    re.compile(r"^(?P<year>\d{4})年度(?P<halfname>上半期|下半期)?$"),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)(?:年度?)?(?P<halfname>上半期|下半期)?$",
        re.IGNORECASE,
    ),
)
_DATE_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})[/\-.](?P<month>\d{1,2})[/\-.](?P<day>\d{1,2})$"),
    re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$"),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)[/.\-](?P<month>\d{{1,2}})[/.\-](?P<day>\d{{1,2}})$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?P<era>{_ERA_KEYS})(?P<erayear>\d{{1,2}}|元)年(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日$",
        re.IGNORECASE,
    ),
)


def _normalise(text):
    # Only digits are folded: staff type ２０２５ from an IME in full-width mode. Letters and
    # punctuation keep their meaning, so "Ｒ" is still refused rather than guessed at.
    return re.sub(r"\s+", "", str(text).translate(FULLWIDTH_DIGITS))


def _era(match):
    return ERA_BY_KEY.get(match["era"]) or ERA_BY_KEY[match["era"].upper()]


def _era_year(match, original):
    raw = match["erayear"]
    year = 1 if raw == "元" else int(raw)
    if year < 1:
        raise PeriodParseError(f"「{original}」: {_era(match).name}は元年（1年）から数えます。")
    return year


def _fiscal_year_from_era(era, era_year, original):
    fiscal_year = era.gregorian_year(era_year)
    # 平成31年度 and 令和元年度 are the same fiscal year (2019); anything later did not exist.
    if era.end is not None and fiscal_year > era.end.year:
        last = era.year_of(era.end.year)
        raise PeriodParseError(f"「{original}」: {era.name}は{last}年までです。")
    return fiscal_year


def parse_period(text):
    """Parse what a user typed for a report period into a fiscal year or half-year Period."""
    original = str(text).strip()
    value = _normalise(text)
    for pattern in _PERIOD_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("era"):
            fiscal_year = _fiscal_year_from_era(_era(match), _era_year(match, original), original)
        else:
            fiscal_year = int(match["year"])
        if not 1912 <= fiscal_year <= 2200:
            break
        half = groups.get("half")
        if half:
            return Period.for_half(fiscal_year, int(half))
        if groups.get("halfname"):
            return Period.for_half(fiscal_year, HALF_BY_NAME[groups["halfname"]])
        return Period.for_fiscal_year(fiscal_year)
    raise PeriodParseError(
        f"「{original}」は期間として読めません。{PERIOD_EXAMPLES}のように入力してください。"
    )


def parse_date(text):
    """Parse a date typed in 和暦 or 西暦 (R7.4.1, 令和7年4月1日, 2025/4/1)."""
    original = str(text).strip()
    value = _normalise(text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        era = _era(match) if match.groupdict().get("era") else None
        year = era.gregorian_year(_era_year(match, original)) if era else int(match["year"])
        try:
            day = date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            raise PeriodParseError(f"「{original}」という日付はありません。") from None
        if era is not None:
            if day < era.start or (era.end is not None and day > era.end):
                raise PeriodParseError(
                    f"「{original}」: {era.name}は{wareki_date(era.start)}から"
                    + (f"{wareki_date(era.end)}まで" if era.end else "")
                    + "です。"
                )
        elif year < 1900:
            raise PeriodParseError(f"「{original}」: 年が古すぎます。")
        return day
    raise PeriodParseError(
        f"「{original}」は日付として読めません。{DATE_EXAMPLES}のように入力してください。"
    )
