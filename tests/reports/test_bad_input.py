"""Bad input in exports and reports: formulas typed as text stay text in CSV and Excel, Shift_JIS
exports count the characters they replaced, and the report's URLs refuse malformed periods and
unknown tables in Japanese and change nothing. Staff asking for another 所属 get their own.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from coordinators.models import Activity, Center, Consultation, SocialResource
from tests.bad_input import (
    NOT_FOUND,
    Url,
    bad_input_cast,
    check_url_answered,
    post_activity,
    post_consultation_details,
    post_resource,
)
from tests.builders import workbook_bytes

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


@pytest.fixture
def ctx(request):
    """alice of センターA at her forms, and センターB's records she must never reach."""
    return bad_input_cast(request)


# --- exports: formulas stay text, Shift_JIS counts what it replaced -------------------------


def _enter_activity(ctx, text):
    post_activity(ctx, {"description": text})
    return Activity.objects.filter(recorded_by=ctx.alice).get().description


def _enter_consultation(ctx, text):
    post_consultation_details(ctx, {"summary": text})
    return Consultation.objects.get(pk=ctx.consultation.pk).summary


def _enter_resource(ctx, text):
    post_resource(ctx, {"operator": text})
    return SocialResource.objects.get(pk=ctx.resource_a.pk).operator


EXPORTS = [
    pytest.param(_enter_activity, "coordinators:activity_list", "内容", id="activity-list"),
    pytest.param(_enter_consultation, "coordinators:consultation_list", "概要", id="consultations"),
    pytest.param(_enter_resource, "coordinators:resource_list", "運営主体", id="resources"),
]


def export_rows(ctx, list_name, kind, **params):
    query = "&".join(f"{k}={v}" for k, v in {"export": kind, **params}.items())
    return ctx.client.get(f"{reverse(list_name)}?{query}")


@pytest.mark.parametrize(("enter", "list_name", "column"), EXPORTS)
def test_formula_typed_as_text_is_exported_as_text(ctx, enter, list_name, column):
    text = '=HYPERLINK("http://example.com/?q=1","開く")'
    assert enter(ctx, text) == text
    content = export_rows(ctx, list_name, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert "'" + text in [row[rows[0].index(column)] for row in rows[1:]]
    sheet = openpyxl.load_workbook(io.BytesIO(export_rows(ctx, list_name, "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
    cell = next(cell for cell in cells if cell.value == text)
    assert cell.data_type == "s"


@pytest.mark.parametrize(("enter", "list_name", "column"), EXPORTS)
def test_characters_shift_jis_lacks_are_stored_and_counted_when_replaced(
    ctx, enter, list_name, column
):
    text = "𠮷野家で😀サロン"
    assert enter(ctx, text) == text
    response = export_rows(ctx, list_name, "csv", encoding="cp932")
    assert response["X-Replaced-Characters"] == "2"
    assert "?野家で?サロン" in response.content.decode("cp932")
    page = ctx.client.get(reverse(list_name)).content.decode()
    assert "Shift_JISで表せない文字が2字あったため「?」に置き換えて出力しました。" in page


def test_report_csv_in_shift_jis_counts_what_it_replaced(ctx, client_for, dave):
    name = "𠮷祥寺😀センター"
    upload = io.BytesIO(workbook_bytes({"所属": [(name, "地域包括支援センター", 2, 9)]}))
    upload.name = "master.xlsx"
    client_for(dave).post(reverse("coordinators:master_import"), {"file": upload})
    assert Center.objects.filter(name=name).exists()
    client = client_for(ctx.carol)
    url = reverse("reports:report") + "?period=2024H1&format=csv"
    utf8 = client.get(url).content.decode("utf-8-sig")
    expected = utf8.count("𠮷") + utf8.count("😀")
    assert expected >= 2
    response = client.get(url + "&encoding=cp932")
    assert response["X-Replaced-Characters"] == str(expected)
    assert "?祥寺?センター" in response.content.decode("cp932")
    page = client.get(reverse("reports:report")).content.decode()
    assert f"Shift_JISで表せない文字が{expected}字あったため" in page


# --- URLs: malformed periods, unknown tables, another 所属 ------------------------------------

URL_CASES = [
    Url(
        "period-2024H3",
        "get",
        lambda c: "/reports/?period=2024H3",
        200,
        "「2024H3」は期間として読めません",
    ),
    Url(
        "period-R0",
        "get",
        lambda c: "/reports/?period=R0上半期",
        200,
        "令和は元年（1年）から数えます",
    ),
    Url("period-H32", "get", lambda c: "/reports/?period=H32年度", 200, "平成は31年までです"),
    Url(
        "period-with-markup",
        "get",
        lambda c: "/reports/?period=%3Cscript%3E",
        200,
        "「&lt;script&gt;」は期間として読めません",
    ),
    Url(
        "report-table-99",
        "get",
        lambda c: "/reports/?period=2024H1&format=csv&table=99",
        404,
        NOT_FOUND,
    ),
]


@pytest.mark.parametrize("url", [pytest.param(case, id=case.id) for case in URL_CASES])
def test_forged_or_mistyped_urls_are_answered_in_japanese_and_change_nothing(ctx, url):
    check_url_answered(ctx, url)


def test_staff_asking_for_another_centers_report_get_their_own(ctx):
    response = ctx.client.get(f"/reports/?period=2024H1&center={ctx.center_b.pk}&format=json")
    assert response.json()["scope"] == "センターA"
