"""The report: golden numbers from the demo, the same on screen, in JSON, CSV and the workbook."""

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from coordinators.activities.services import activity_create, activity_delete
from coordinators.models import ActivityForm, Center
from coordinators.periods import Period
from reports.selectors import build_report
from tests.builders import category_of, make

PUBLISHED_TOTALS = [19, 222, 18, 277, 211, 23, 10]
R6 = Period.for_half(2024, 1)


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force")  # tests run with DEBUG off


def logged_in(client, username):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_demo_report_is_the_published_table_on_screen_in_json_csv_and_workbook(demo, client):
    # One test, because loading the demo city takes seconds: every renderer reads one report.
    report = build_report(R6)
    assert list(report.activity_counts.totals.values()) == PUBLISHED_TOTALS
    assert report.activity_counts.total == sum(PUBLISHED_TOTALS)
    rows = {row["center"].name: row for row in report.activity_counts.rows}
    assert list(rows) == [
        "ゆとりえ",
        "吉祥寺本町",
        "高齢者総合センター",
        "吉祥寺ナーシングホーム",
        "桜堤ケアハウス",
        "武蔵野赤十字",
        "高齢者支援課",
    ]
    assert list(rows["ゆとりえ"]["counts"].values()) == [2, 54, 1, 74, 85, 0, None]
    assert rows["高齢者支援課"]["counts"][7] == 10
    assert (report.councils["tier1_council"], report.councils["tier2_equivalent"]) == (1, 76)

    division = logged_in(client, "division")
    url = reverse("reports:report")

    data = json.loads(division.get(url + "?period=R6上半期&format=json").content)
    assert set(data) == {
        "period",
        "scope",
        "categories",
        "activity_counts",
        "previous_year",
        "visits",
        "consultations",
        "meetings",
        "councils",
        "regional_issues",
        "published",
        "differences_since_close",
        # issue 19 added these; the keys above are unchanged
        "top_places",
        "by_coordinator",
        "quantities",
        "dated_lists",
        # issue 21 added these
        "municipality",
        "by_function",
        "coordinators_by_tier",
    }
    assert data["municipality"] == {"name": "武蔵野市", "code": "132039"}
    assert data["by_function"] == {
        "資源開発": 314,
        "ネットワーク構築": 232,
        "ニーズと取組のマッチング": 23,
        "その他": 211,
    }
    # The demo's R6 上半期 is closed: its published version, unchanged since.
    assert data["published"]["version"] == 1
    assert data["differences_since_close"] == []
    assert data["period"] == {
        "label": "令和6年度上半期",
        "start": "2024-04-01",
        "end": "2024-09-30",
    }
    assert data["scope"] == "全所属"
    assert [c["code"] for c in data["categories"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [data["activity_counts"]["totals"][str(n)] for n in range(1, 8)] == PUBLISHED_TOTALS
    first = data["activity_counts"]["rows"][0]
    assert set(first) == {"center", "tier", "counts", "total"}
    assert first["counts"]["7"] is None
    assert set(data["visits"]) == {"count", "distinct_places", "hours", "average_minutes"}
    assert set(data["consultations"]) == {
        "total",
        "by_route",
        "by_consulter_type",
        "by_topic",
        "by_outcome",
        "by_consulter_type_topic",
        "referred_by_consulter_type",
    }
    equivalent = {
        "ゆとりえ": 16,
        "吉祥寺本町": 12,
        "高齢者総合センター": 12,
        "吉祥寺ナーシングホーム": 12,
        "桜堤ケアハウス": 12,
        "武蔵野赤十字": 12,
        "高齢者支援課": 0,
    }
    assert data["councils"] == {
        "tier1_meetings": 1,
        "tier2_equivalent_meetings": 76,
        "equivalent_by_center": equivalent,
        "by_tier": {"1": 1, "2": 76, "3": 0},  # issue 21
    }
    by_type = data["consultations"]["by_consulter_type"]
    topics = data["consultations"]["by_consulter_type_topic"]
    assert all(sum(topics.get(kind, {}).values()) >= n for kind, n in by_type.items())
    assert sum(row["count"] for row in data["top_places"]) <= data["visits"]["count"]
    assert {row["center"] for row in data["by_coordinator"]} <= set(equivalent)
    assert set(data["meetings"]) == {"total", "by_kind"}
    assert set(data["regional_issues"]) == {"raised", "by_stage"}
    assert set(data["previous_year"]) == {"rows", "totals", "total"}

    csv_rows = list(
        csv.reader(
            io.StringIO(division.get(url + "?period=2024H1&format=csv").content.decode("utf-8-sig"))
        )
    )
    total_row = next(row for row in csv_rows if row and row[0] == "合計")
    assert [int(n) for n in total_row[1:8]] == PUBLISHED_TOTALS

    workbook = openpyxl.load_workbook(
        io.BytesIO(division.get(url + "?period=2024H1&format=xlsx").content)
    )
    sheet = workbook["活動内容ごとの実施件数"]
    assert sheet["A1"].value.startswith(
        "令和6年度上半期 生活支援コーディネーターの活動内容ごとの実施件数"
    )
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    totals = next(row for row in values if row[0] == "合計")
    assert totals[1:8] == PUBLISHED_TOTALS
    assert all(isinstance(n, int) for n in totals[1:9])
    yutorie_row = next(row for row in values if row[0] == "ゆとりえ")
    assert yutorie_row[7] in ("", None)  # 2層支援 is empty, not 0, for tier 2
    assert sheet.freeze_panes == "B4"
    assert sheet.print_title_rows == "$1:$3"
    assert sheet._charts, "the activity table has a native chart"

    path = Path(tempfile.mkdtemp()) / "r6.json"
    call_command("export_report", period="2024H1", format="json", output=str(path))
    exported = json.loads(path.read_text())
    assert exported["activity_counts"] == data["activity_counts"]

    # every number links to exactly the records it counts
    yutorie = Center.objects.get(name="ゆとりえ")
    page = division.get(url + "?period=2024H1").content.decode()
    assert f"?period=2024H1&amp;center={yutorie.pk}&amp;category=4" in page
    listing = division.get(
        reverse("coordinators:activity_list") + f"?period=2024H1&center={yutorie.pk}&category=4"
    )
    assert listing.context["grand_total"] == 74
    assert "「来年」は期間として読めません" in division.get(url + "?period=来年").content.decode()

    # staff see their own 所属 whatever they ask for
    staff = logged_in(client, "staff_yutorie")
    honcho = Center.objects.get(name="吉祥寺本町")
    own = staff.get(url + f"?period=2024H1&center={honcho.pk}").context["report"]
    assert [row["center"].name for row in own.activity_counts.rows] == ["ゆとりえ"]


# Counting rules on small data


@pytest.mark.django_db
def test_visits_count_every_visit_and_distinct_places(alice, sato, area_a):
    from tests.factories import SocialResourceFactory

    salon = SocialResourceFactory(area=area_a)

    def add(day, **extra):
        return make(alice, sato, day=day, description="訪問", **extra)

    add(date(2024, 5, 1), resource=salon, duration_minutes=60)
    add(date(2024, 5, 2), resource=salon, duration_minutes=90)
    add(date(2024, 5, 3), place="市役所　会議室")  # no duration
    add(date(2024, 5, 4), place="市役所会議室", duration_minutes=30)
    deleted = add(date(2024, 5, 5), place="消した訪問", duration_minutes=600)
    activity_delete(user=alice, activity=deleted)
    visits = build_report(R6).visits
    assert visits["count"] == 4
    assert visits["distinct_places"] == 2  # the salon and 市役所会議室 however spaced
    assert visits["hours"] == 3.0
    assert visits["average_minutes"] == 60  # over the three visits with a duration


@pytest.mark.django_db
def test_coordinator_who_moved_counts_where_each_record_was_made(carol, center_a, center_b):
    from tests.factories import AssignmentFactory

    moved = AssignmentFactory(
        center=center_a, start_date=date(2024, 4, 1), end_date=date(2024, 6, 30)
    ).coordinator
    AssignmentFactory(coordinator=moved, center=center_b, start_date=date(2024, 7, 1))
    visit = ActivityForm.objects.get(name="訪問")
    for day in (date(2024, 6, 28), date(2024, 7, 2), date(2024, 7, 3)):
        activity_create(
            user=carol,
            coordinators=[moved],
            date=day,
            category=category_of(4),
            form=visit,
            description="運営支援",
        )
    rows = {row["center"].name: row["counts"][4] for row in build_report(R6).activity_counts.rows}
    assert (rows["センターA"], rows["センターB"]) == (1, 2)


@pytest.mark.django_db
def test_empty_period_and_single_center_scope(center_a, center_b):
    report = build_report(Period.for_half(2030, 2), center=center_a)
    assert [row["center"] for row in report.activity_counts.rows] == [center_a]
    assert report.activity_counts.total == 0
    assert report.visits["average_minutes"] is None
    assert report.consultations["total"] == 0


@pytest.mark.django_db
def test_the_report_takes_the_same_number_of_queries_for_more_data(alice, sato, area_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SocialResourceFactory

    visit = ActivityForm.objects.get(name="訪問")

    def add(n):
        activity_create(
            user=alice,
            coordinators=[sato],
            date=date(2024, 4, 1 + n),
            category=category_of(1 + n % 6),
            form=visit,
            resource=SocialResourceFactory(area=area_a),
            place=f"場所{n}",
            duration_minutes=30,
            description="訪問",
        )

    def count():
        with CaptureQueriesContext(connection) as captured:
            build_report(R6)
        return len(captured)

    add(0)
    one = count()
    for n in range(1, 20):
        add(n)
    assert count() == one


BY_FUNCTION = [("資源開発", 314), ("ネットワーク構築", 232), ("ニーズと取組のマッチング", 23)]
BY_FUNCTION += [("その他", 211), ("合計", 780)]


def test_demo_by_national_function_in_every_format(demo, client, tmp_path):
    """Issue 21: the demo's 令和6年度上半期 through the seeded cross-walk, in every format."""
    division = logged_in(client, "division")
    url = reverse("reports:report") + "?period=R6上半期"
    page = division.get(url).content.decode()
    section = page.split('id="national"')[1].split("</section>")[0]
    for label, n in BY_FUNCTION:
        assert f'<th scope="row">{label}</th><td class="number">{n}</td>' in section
    assert "武蔵野市（団体コード 132039）" in section

    content = division.get(url + "&format=csv&table=14").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows == [["国の機能", "件数"], *([label, str(n)] for label, n in BY_FUNCTION)]

    book = openpyxl.load_workbook(io.BytesIO(division.get(url + "&format=xlsx").content))
    sheet = book["国の機能別"]
    assert [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        [label, n] for label, n in BY_FUNCTION
    ]
    assert [
        row[0] for row in book["層別の担当者数と協議体"].iter_rows(min_row=4, values_only=True)
    ] == [
        "第1層",
        "第2層",
        "第3層",
    ]

    path = tmp_path / "実績報告.docx"
    call_command("export_report", "--period", "R6上半期", "--format", "docx", "--output", str(path))
    from docx import Document

    tables = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(str(path)).tables
    ]
    assert [[label, str(n)] for label, n in BY_FUNCTION] == next(
        table[1:] for table in tables if table[0] == ["国の機能", "件数"]
    )
