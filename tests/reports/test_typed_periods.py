"""The report's period as municipalities type it, and what it answers to a period or an id it
cannot read (issue 15): a message and no report on screen, 400 for a file, never 500."""

import json
from datetime import date

import pytest
from django.urls import reverse

from coordinators.periods import Period
from tests.builders import make

pytestmark = pytest.mark.django_db

R6_FIRST_HALF = Period.for_half(2024, 1)
REPORT_SECTIONS = ("前年同期比", "活動形態別の件数", "月別の推移")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Today is 2026-11-30 (令和8年度下半期): periods run from 平成27年度 to 令和9年度."""
    monkeypatch.setattr("coordinators.periods.today", lambda: date(2026, 11, 30))


def report(client, **params):
    return client.get(reverse("reports:report"), params)


@pytest.mark.parametrize(
    "text",
    [
        "2024H1",
        "R6前期",
        "R6上期",
        "令和6年度前期",
        "R6H1",
        "2024前期",
        "２０２４Ｈ１",
        "Ｒ６上半期",
        "㋿6年度上半期",
    ],
)
def test_the_first_half_of_r6_typed_any_way_opens_its_report(client_for, carol, alice, sato, text):
    make(alice, sato)
    response = report(client_for(carol), period=text)
    assert response.status_code == 200
    assert response.context["report"].period == R6_FIRST_HALF
    page = response.content.decode()
    assert "令和6年度上半期" in page
    assert all(section in page for section in REPORT_SECTIONS)


@pytest.mark.parametrize("text", ["R6後期", "令和6年度後期", "R6下期", "2024H2", "R6H2"])
def test_the_second_half_typed_as_kouki_or_shimoki_opens_it(client_for, carol, text):
    response = report(client_for(carol), period=text)
    assert response.context["report"].period == Period.for_half(2024, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("R6第3四半期", "「R6第3四半期」は期間として読めません"),
        ("2024H3", "「2024H3」は期間として読めません"),
        ("1912H1", "「1912H1」: 平成27年度から令和9年度までの年度・半期を入力してください。"),
        ("2014", "「2014」: 平成27年度から令和9年度までの年度・半期を入力してください。"),
        ("2200H2", "「2200H2」: 平成27年度から令和9年度までの年度・半期を入力してください。"),
        ("H32年度", "平成は31年までです"),
    ],
)
@pytest.mark.parametrize("who", ["carol", "alice"])
def test_a_refused_period_shows_the_message_and_no_report(
    client_for, request, sato, who, text, message
):
    make(request.getfixturevalue("alice"), sato)
    response = report(client_for(request.getfixturevalue(who)), period=text)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # Before issue 15 the last ended half-year's report (令和8年度上半期) stood under the error.
    assert response.context["report"] is None
    assert not any(section in page for section in REPORT_SECTIONS)
    assert "format=xlsx" not in page  # no download of a report that is not shown
    assert f'value="{text}"' in page  # the typed text stays in the box to be corrected


@pytest.mark.parametrize("text", ["2024H3", "1912H1", "R99上半期"])
def test_json_of_a_refused_period_is_400_with_the_message(client_for, carol, text):
    response = report(client_for(carol), period=text, format="json")
    assert response.status_code == 400
    assert f"「{text}」" in json.loads(response.content)["error"]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("text", ["2024H3", "1912H1", "R99上半期"])
def test_csv_and_excel_of_a_refused_period_are_400_with_the_message(
    client_for, carol, export, text
):
    response = report(client_for(carol), period=text, format=export)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"「{text}」" in response.content.decode()


NOT_IDS = ["²", "１", "1²", "-1", "99999999999999999999"]


@pytest.mark.parametrize("name", ["center", "version"])
@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("export", ["html", "json", "csv", "xlsx"])
def test_a_center_or_version_that_is_not_ascii_digits_is_404(
    client_for, carol, name, value, export
):
    # "²".isdigit() is True and int("²") fails: these answered 500 (issue 15).
    response = report(client_for(carol), period="2024H1", format=export, **{name: value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_csv_table_that_is_not_ascii_digits_is_404(client_for, carol, value):
    response = report(client_for(carol), period="2024H1", format="csv", table=value)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
