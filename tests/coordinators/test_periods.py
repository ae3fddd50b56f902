from datetime import date

import pytest
from django.core.exceptions import ValidationError

from coordinators.periods import (
    Period,
    PeriodParseError,
    ensure_record_date,
    fiscal_year_label,
    fiscal_year_of,
    in_recent_fiscal_years,
    parse_date,
    parse_period,
    record_date_range,
    record_fiscal_years,
    wareki_date,
    wareki_short_date,
)


@pytest.fixture
def today_is(monkeypatch):
    """today_is(day): periods.today() answers `day` for the rest of the test."""

    def freeze(day):
        monkeypatch.setattr("coordinators.periods.today", lambda: day)

    return freeze


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2024, 3, 31), 2023),
        (date(2024, 4, 1), 2024),
        (date(2024, 9, 30), 2024),
        (date(2024, 10, 1), 2024),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
    ],
)
def test_fiscal_year_turns_on_april_first(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2024, 3, 31), "令和5年度下半期"),
        (date(2024, 4, 1), "令和6年度上半期"),
        (date(2024, 9, 30), "令和6年度上半期"),
        (date(2024, 10, 1), "令和6年度下半期"),
        (date(2025, 3, 31), "令和6年度下半期"),
        (date(2025, 4, 1), "令和7年度上半期"),
        (date(2019, 4, 1), "令和元年度上半期"),
        (date(2019, 4, 30), "令和元年度上半期"),
        (date(2015, 4, 1), "平成27年度上半期"),
        (date(1989, 3, 31), "昭和63年度下半期"),
        (date(1989, 4, 1), "平成元年度上半期"),
    ],
)
def test_half_containing_a_day_is_labelled_in_wareki(day, label):
    assert Period.half_containing(day).label == label


def test_half_year_bounds():
    first = Period.for_half(2024, 1)
    second = Period.for_half(2024, 2)
    assert (first.start, first.end) == (date(2024, 4, 1), date(2024, 9, 30))
    assert (second.start, second.end) == (date(2024, 10, 1), date(2025, 3, 31))
    assert date(2024, 9, 30) in first
    assert date(2024, 10, 1) not in first
    assert date(2024, 10, 1) in second
    assert date(2025, 4, 1) not in second
    assert Period.for_fiscal_year(2024).end == date(2025, 3, 31)


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (2015, "平成27年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_fiscal_year_label_uses_the_era_of_its_calendar_year(fiscal_year, label):
    assert fiscal_year_label(fiscal_year) == label


@pytest.mark.parametrize(
    ("day", "label", "short"),
    [
        (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (date(2025, 4, 1), "令和7年4月1日", "R7.4.1"),
        (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (date(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
        (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (date(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
    ],
)
def test_dates_in_wareki_at_every_era_change(day, label, short):
    assert wareki_date(day) == label
    assert wareki_short_date(day) == short
    assert parse_date(label) == day
    assert parse_date(short) == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024H1", Period.for_half(2024, 1)),
        ("2024H2", Period.for_half(2024, 2)),
        ("2024h2", Period.for_half(2024, 2)),
        ("2024", Period.for_fiscal_year(2024)),
        ("R6上半期", Period.for_half(2024, 1)),
        ("令和6年度下半期", Period.for_half(2024, 2)),
        ("令和6年度", Period.for_fiscal_year(2024)),
        ("R6", Period.for_fiscal_year(2024)),
        ("令和元年度上半期", Period.for_half(2019, 1)),
        ("平成31年度", Period.for_fiscal_year(2019)),
        ("H27上半期", Period.for_half(2015, 1)),
        ("令和６年度下半期", Period.for_half(2024, 2)),
        (" 2024年度上半期 ", Period.for_half(2024, 1)),
        # Issue 15: typed in full-width (an IME in full-width mode) ...
        ("２０２４Ｈ１", Period.for_half(2024, 1)),
        ("Ｒ６上半期", Period.for_half(2024, 1)),
        ("２０２４年度　下半期", Period.for_half(2024, 2)),
        ("ｒ６ｈ２", Period.for_half(2024, 2)),
        # ... with the era ligature ...
        ("㋿6年度上半期", Period.for_half(2024, 1)),
        ("㍻31年度", Period.for_fiscal_year(2019)),
        # ... and the halves as municipalities name them.
        ("R6前期", Period.for_half(2024, 1)),
        ("R6後期", Period.for_half(2024, 2)),
        ("R6上期", Period.for_half(2024, 1)),
        ("R6下期", Period.for_half(2024, 2)),
        ("令和6年度前期", Period.for_half(2024, 1)),
        ("令和6年度後期", Period.for_half(2024, 2)),
        ("R6H1", Period.for_half(2024, 1)),
        ("R6年度H2", Period.for_half(2024, 2)),
        ("2024前期", Period.for_half(2024, 1)),
        ("2024年度後期", Period.for_half(2024, 2)),
        ("2024上期", Period.for_half(2024, 1)),
    ],
)
def test_parse_period_accepts_what_staff_type(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2024H3",
        "24H1",
        "R6第3四半期",
        "令和0年度",
        "平成32年度",
        "上半期",
        "前期",
        "２０２４Ｈ３",
        "R6中期",
        "2024²",
        "abc",
    ],
)
def test_parse_period_refuses_anything_else_in_japanese(text):
    with pytest.raises(PeriodParseError) as error:
        parse_period(text)
    message = str(error.value)
    assert "期間" in message or "元年" in message or "まで" in message


def test_parse_period_error_names_the_expected_forms():
    with pytest.raises(PeriodParseError, match=r"2024H1.*R6上半期.*R6前期"):
        parse_period("来年")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H27上半期", Period.for_half(2015, 1)),
        ("2027", Period.for_fiscal_year(2027)),  # next year's, being planned
        ("R9後期", Period.for_half(2027, 2)),
    ],
)
def test_periods_from_the_programmes_start_to_next_year_are_read(today_is, text, expected):
    today_is(date(2026, 11, 30))
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["1912H1", "2014", "H26下半期", "2028", "R10上半期", "2200"])
def test_periods_outside_the_programme_are_refused_naming_the_range(today_is, text):
    today_is(date(2026, 11, 30))
    with pytest.raises(PeriodParseError, match="平成27年度から令和9年度までの年度・半期を入力"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7.4.1", date(2025, 4, 1)),
        ("r7.4.1", date(2025, 4, 1)),
        ("令和7年4月1日", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
        ("2025-04-01", date(2025, 4, 1)),
        ("2025年4月1日", date(2025, 4, 1)),
        ("２０２５/４/１", date(2025, 4, 1)),
        ("R７.４.１", date(2025, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("2024/3/31", date(2024, 3, 31)),
        ("2024/9/30", date(2024, 9, 30)),
        ("2024/10/1", date(2024, 10, 1)),
        ("R6.2.29", date(2024, 2, 29)),
        # Issue 15: an era's year stays usable through the rest of its last calendar year ...
        ("平成31年5月10日", date(2019, 5, 10)),
        ("H31.12.11", date(2019, 12, 11)),
        ("H31.12.31", date(2019, 12, 31)),
        ("S64.1.8", date(1989, 1, 8)),
        ("大正15年12月25日", date(1926, 12, 25)),
        # ... the era ligatures read as their two characters ...
        ("㋿6年6月1日", date(2024, 6, 1)),
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("㍼64年1月7日", date(1989, 1, 7)),
        ("㍽15年12月24日", date(1926, 12, 24)),
        ("㋿元年5月1日", date(2019, 5, 1)),
        # ... and what an IME types in full-width mode as its half-width form.
        ("２０２４／６／３", date(2024, 6, 3)),
        ("Ｒ６．６．３", date(2024, 6, 3)),
        ("ｒ６．６．３", date(2024, 6, 3)),
        ("２０２４－０６－０３", date(2024, 6, 3)),
        ("２０２４年６月３日", date(2024, 6, 3)),
        ("令和　６年６月３日", date(2024, 6, 3)),
        ("1912/7/30", date(1912, 7, 30)),
        ("2200/12/31", date(2200, 12, 31)),
        ("R99.1.1", date(2117, 1, 1)),  # a date; records refuse it (ensure_record_date)
    ],
)
def test_parse_date_accepts_wareki_and_seireki(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("R1.4.30", "令和は令和元年5月1日から"),
        ("H32.1.1", "平成は31年までです"),
        ("平成32年4月1日", "平成は31年までです"),
        ("S65.1.1", "昭和は64年までです"),
        ("T1.7.29", "大正は大正元年7月30日から"),
        ("0001/1/1", "大正元年7月30日から2200年12月31日までの日付を入力"),
        ("9999/12/31", "大正元年7月30日から2200年12月31日までの日付を入力"),
        ("1912/7/29", "大正元年7月30日から2200年12月31日までの日付を入力"),
        ("1900/1/1", "大正元年7月30日から2200年12月31日までの日付を入力"),
        # Folding stops at what an IME types: superscripts and circled digits are no digits.
        ("2024/1/1²", "日付として読めません"),
        ("2024/6/①", "日付として読めません"),
        ("Ｒ６．６．３日", "日付として読めません"),
        ("R7.2.29", "という日付はありません"),
        ("2025/13/1", "という日付はありません"),
        ("R0.4.1", "元年（1年）から"),
        ("4/1", "日付として読めません"),
        ("2025年4月", "日付として読めません"),
        ("明日", "「R7.4.1」「令和7年4月1日」「2025/4/1」"),
    ],
)
def test_parse_date_refuses_impossible_dates_with_a_reason(text, message):
    with pytest.raises(PeriodParseError, match=message):
        parse_date(text)


def test_previous_year_is_the_same_half_one_year_earlier():
    assert Period.for_half(2024, 2).previous_year() == Period.for_half(2023, 2)
    assert Period.for_fiscal_year(2019).previous_year().label == "平成30年度"


def test_months_of_a_half_year_run_april_to_september():
    months = Period.for_half(2024, 1).months()
    assert [m.label for m in months] == [f"令和6年{m}月" for m in range(4, 10)]
    assert months[-1].end == date(2024, 9, 30)
    assert [m.start.month for m in Period.for_half(2024, 2).months()] == [10, 11, 12, 1, 2, 3]


def test_period_codes_round_trip():
    for period in (
        Period.for_half(2024, 1),
        Period.for_half(2019, 2),
        Period.for_fiscal_year(2015),
    ):
        assert parse_period(period.code) == period


def test_record_dates_run_from_the_programmes_start_to_the_end_of_next_fiscal_year(today_is):
    today_is(date(2026, 11, 30))
    assert record_date_range() == (date(2015, 4, 1), date(2028, 3, 31))
    assert record_fiscal_years() == (2015, 2027)
    today_is(date(2027, 3, 31))
    assert record_date_range()[1] == date(2028, 3, 31)
    today_is(date(2027, 4, 1))
    assert record_date_range()[1] == date(2029, 3, 31)


@pytest.mark.parametrize("day", [date(2015, 4, 1), date(2024, 6, 10), date(2028, 3, 31)])
def test_a_record_date_inside_the_range_passes(today_is, day):
    today_is(date(2026, 11, 30))
    ensure_record_date(day)


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2117, 1, 1), "令和99年1月1日"),
        (date(9999, 12, 31), "9999年12月31日"),
        (date(1, 1, 1), "1年1月1日"),
        (date(2015, 3, 31), "平成27年3月31日"),
        (date(2028, 4, 1), "令和10年4月1日"),
    ],
)
def test_a_record_date_outside_the_range_is_refused_at_its_field_naming_the_range(
    today_is, day, shown
):
    today_is(date(2026, 11, 30))
    with pytest.raises(ValidationError) as error:
        ensure_record_date(day, field="received_on")
    assert error.value.message_dict == {
        "received_on": [
            f"{shown}は記録できる期間の外です。"
            "平成27年4月1日から令和10年3月31日までの日付を入力してください。"
        ]
    }


@pytest.mark.parametrize(
    ("day", "recent"),
    [
        (date(2025, 4, 1), True),  # last fiscal year
        (date(2027, 3, 31), True),  # this one
        (date(2025, 3, 31), False),  # the year before last
        (date(2024, 6, 3), False),  # R6 typed for R8
        (date(2027, 4, 1), False),  # next fiscal year
    ],
)
def test_recent_fiscal_years_are_this_one_and_the_last(today_is, day, recent):
    today_is(date(2026, 11, 30))
    assert in_recent_fiscal_years(day) is recent
