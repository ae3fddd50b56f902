from datetime import date

import pytest

from coordinators.periods import (
    Period,
    PeriodParseError,
    fiscal_year_label,
    fiscal_year_of,
    parse_date,
    parse_period,
    wareki_date,
    wareki_short_date,
)


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
        ("２０２４Ｈ1".replace("Ｈ", "H"), Period.for_half(2024, 1)),
        ("Ｒ６上半期".replace("Ｒ", "R"), Period.for_half(2024, 1)),
        ("令和６年度下半期", Period.for_half(2024, 2)),
        (" 2024年度上半期 ", Period.for_half(2024, 1)),
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
        "２０２４Ｈ１",
        "abc",
    ],
)
def test_parse_period_refuses_anything_else_in_japanese(text):
    with pytest.raises(PeriodParseError) as error:
        parse_period(text)
    message = str(error.value)
    assert "期間" in message or "元年" in message or "まで" in message


def test_parse_period_error_names_the_expected_forms():
    with pytest.raises(PeriodParseError, match=r"2024H1.*R6上半期"):
        parse_period("来年")


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
    ],
)
def test_parse_date_accepts_wareki_and_seireki(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("R1.4.30", "令和は令和元年5月1日から"),
        ("H31.5.1", "平成は平成元年1月8日から平成31年4月30日まで"),
        ("S64.1.8", "昭和は"),
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
