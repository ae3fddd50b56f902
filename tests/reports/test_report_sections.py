"""What issue 19 brought from the screen to the files: 主な訪問先, 担当者別, consulter type ×
topic with referrals, 協議体相当 per 所属, quantities and the dated lists, in the workbook,
CSV and JSON; 前年同期比 for the 合計 row; months not begun blank; old published versions."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from coordinators.consultations.services import consultation_create
from coordinators.models import (
    ActivityForm,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
)
from coordinators.periods import Period
from reports import sections
from reports.published import report_for
from reports.sections import Scope
from reports.selectors import build_report
from reports.snapshots import differences, report_from, snapshot_of
from tests.builders import make
from tests.factories import SocialResourceFactory

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)


@pytest.fixture
def half_year(alice, sato, suzuki, area_a):
    """Center A: three visits to one salon, a newsletter of 500 copies, a talk; two family
    consultations about 認知症, one of them referred onward."""
    salon = SocialResourceFactory(name="東町ひだまり", area=area_a)
    for day in (3, 10, 17):
        make(alice, sato, day=date(2024, 6, day), resource=salon, duration_minutes=60)
    newsletter = ActivityForm.objects.get(name="広報誌・チラシ発行")
    make(alice, sato, day=date(2024, 6, 20), form=newsletter, category=5, quantity=500)
    talk = ActivityForm.objects.get(name="講師・講話")
    make(alice, sato, day=date(2024, 7, 5), form=talk, category=1, description="健康講座")
    family = ConsulterType.objects.get(name="家族")
    for outcome in ("社会資源につないだ", "継続対応中"):
        consultation_create(
            user=alice,
            coordinator=sato,
            topics=[ConsultationTopic.objects.get(name="認知症")],
            received_on=date(2024, 6, 5),
            route=ConsultationRoute.objects.first(),
            consulter_type=family,
            outcome=ConsultationOutcome.objects.get(name=outcome),
            summary="物忘れの相談",
        )


def sheet_rows(workbook, name):
    return [list(row) for row in workbook[name].iter_rows(min_row=3, values_only=True)]


def test_the_workbook_carries_what_was_on_screen_only(client_for, carol, half_year):
    content = client_for(carol).get(reverse("reports:report") + "?period=R6上半期&format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content.content))
    assert sheet_rows(workbook, "主な訪問先")[1] == ["東町ひだまり", 3]
    people = sheet_rows(workbook, "担当者別")
    assert people[1] == ["センターA", "佐藤 花子", 1, 3, 0, 0, 1, 0, 0, 5]
    kinds = sheet_rows(workbook, "相談者種別と相談内容")
    assert ["家族", "（合計）", 2] in kinds
    assert ["家族", "認知症", 2] in kinds
    assert ["家族", "（つないだ件数）", 1] in kinds
    assert sheet_rows(workbook, "数量")[1] == ["広報誌・チラシ発行", 1, 500, "部"]
    dated = sheet_rows(workbook, "研修・講師・視察・広報")
    # (an empty cell reads back as None)
    assert [
        "講師",
        "令和6年7月5日",
        "講師・講話",
        "健康講座",
        None,
        None,
        None,
        "センターA",
    ] in dated
    assert [
        "広報",
        "令和6年6月20日",
        "広報誌・チラシ発行",
        "サロン訪問",
        None,
        500,
        "部",
        "センターA",
    ] in dated
    compared = sheet_rows(workbook, "前年同期比")
    total_rows = [row for row in compared if row[0] == "合計"]
    assert [row[1] for row in total_rows] == ["令和6年度上半期", "令和5年度上半期", "増減"]
    assert total_rows[0][-1] == 5
    assert total_rows[2][-1] == 5


def test_the_json_carries_the_added_keys(client_for, carol, half_year, center_a):
    response = client_for(carol).get(reverse("reports:report") + "?period=R6上半期&format=json")
    data = json.loads(response.content)
    assert data["top_places"] == [{"name": "東町ひだまり", "count": 3}]
    assert data["by_coordinator"][0]["coordinator"] == "佐藤 花子"
    assert data["by_coordinator"][0]["counts"]["2"] == 3
    assert data["consultations"]["by_consulter_type_topic"] == {"家族": {"認知症": 2}}
    assert data["consultations"]["referred_by_consulter_type"]["家族"] == 1
    assert data["councils"]["equivalent_by_center"]["センターA"] == 0
    assert data["quantities"] == [
        {"form": "広報誌・チラシ発行", "unit": "部", "count": 1, "quantity": 500}
    ]
    assert [item["description"] for item in data["dated_lists"]["講師"]] == ["健康講座"]
    csv = client_for(carol).get(reverse("reports:report") + "?period=R6上半期&format=csv&table=12")
    assert "広報誌・チラシ発行,1,500,部" in csv.content.decode("utf-8-sig")


def test_a_version_published_before_issue_19_reads_back_without_false_differences(half_year):
    """Format 1 kept no 担当者別 by 区分, quantities, dated lists or 協議体相当 per 所属."""
    report = build_report(R6H1)
    old = snapshot_of(report)
    old["format"] = 1
    for key in ("quantities", "role_lists"):
        del old[key]
    del old["councils"]["equivalent_by_center"]
    del old["consultations"]["referred_by_type"]
    old["by_coordinator"] = []
    # format 1 kept the consultations' maps as objects
    consultations = old["consultations"]
    for key in ("by_route", "by_consulter_type", "by_topic", "by_outcome"):
        consultations[key] = dict(consultations[key])
    consultations["topics_by_type"] = dict(consultations["topics_by_type"])
    shown = report_from(old)
    assert shown.quantities == []
    assert shown.by_coordinator == []
    assert shown.activity_counts.total == report.activity_counts.total
    assert differences(old, snapshot_of(report)) == []


def test_months_not_begun_are_blank_not_zero(client_for, carol, monkeypatch):
    monkeypatch.setattr("coordinators.periods.today", lambda: date(2024, 5, 15))
    report = build_report(R6H1)
    counts = [row["counts"] for row in report.monthly]
    assert counts[0] == [0] * 7
    assert counts[1] == [0] * 7
    assert counts[2:] == [None] * 4  # June to September: not yet
    page = client_for(carol).get(reverse("home")).content.decode()
    table = page.split('id="monthly-table"')[1].split("</table>")[0]
    assert table.count('class="number not-yet"') == 4 * 7


def test_a_published_version_keeps_the_order_of_its_lists(client_for, carol, half_year):
    """PostgreSQL's jsonb keeps no key order: what is stored as a map would come back sorted."""
    live = build_report(R6H1)
    client_for(carol).post(reverse("reports:close"), {"period": "2024H1", "center": "all"})
    stored = report_for(R6H1).report
    assert report_for(R6H1).published is not None
    for key in ("by_route", "by_consulter_type", "by_topic", "by_outcome", "referred_by_type"):
        assert list(stored.consultations[key]) == list(live.consultations[key]), key
    assert list(stored.role_lists) == ["研修受講", "講師", "視察受入", "広報"]
    assert list(stored.councils["equivalent_by_center"]) == list(
        live.councils["equivalent_by_center"]
    )
    assert all(list(row["counts"]) == list(range(1, 8)) for row in stored.activity_counts.rows)


def test_text_stored_with_control_characters_still_exports(client_for, carol, half_year):
    """Text saved before the cleaning (or by hand in the database) is cleaned on output."""
    from coordinators.models import Activity

    Activity.objects.filter(description="健康講座").update(description="健康\x0b講座\uffff")
    client = client_for(carol)
    url = reverse("reports:report") + "?period=R6上半期&format=xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    assert any(row[3] == "健康講座" for row in sheet_rows(workbook, "研修・講師・視察・広報"))
    for page in ("activity_report", "document"):
        response = client.get(reverse(f"reports:{page}") + "?period=R6上半期&format=docx")
        assert response.status_code == 200, page


def test_a_consultation_without_topics_counts_but_pairs_with_no_topic(alice, sato, half_year):
    # Imports of years of spreadsheets can leave 相談内容 empty; the section reads topics
    # through an outer join (issue 22), and such a consultation must count once, with no
    # (種別, 相談内容) pair for "no topic".
    untopical = consultation_create(
        user=alice,
        coordinator=sato,
        topics=[ConsultationTopic.objects.get(name="認知症")],
        received_on=date(2024, 6, 6),
        route=ConsultationRoute.objects.first(),
        consulter_type=ConsulterType.objects.get(name="家族"),
        outcome=ConsultationOutcome.objects.get(name="継続対応中"),
    )
    untopical.topics.clear()

    consultations = sections.consultations(Scope(R6H1))

    assert consultations["total"] == 3
    assert consultations["by_consulter_type"]["家族"] == 3
    assert consultations["topics_by_type"] == {"家族": [("認知症", 2)]}
    assert consultations["by_topic"]["認知症"] == 2
    assert sum(consultations["by_topic"].values()) == 2
