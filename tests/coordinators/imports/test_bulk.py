"""活動記録 and 相談記録 are imported in bulk (issue 16): each row checked by the services' rules,
all written together with one history row each, in as many statements for 30 rows as for 10,
and 20,000 rows through the 記録取込 page."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.activities.batches import ActivityBatch
from coordinators.closing import half_year_close
from coordinators.demo.categories import SeededCategory
from coordinators.imports.records import SHEETS, import_records
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET
from coordinators.models import Activity, Consultation, Coordinator
from tests.builders import category_of, consultation_row, consultation_workbook, good_row, workbook
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(center_a, area_a):
    for name in ("佐藤 花子", "高橋 美咲"):
        AssignmentFactory(coordinator__name=name, center=center_a, start_date=date(2015, 4, 1))
    SocialResourceFactory(name="東町ひだまり", area=area_a)


def _statements(content, user):
    user = type(user).objects.get(pk=user.pk)  # a login as a request has it: nothing cached
    with CaptureQueriesContext(connection) as queries:
        report = import_records(io.BytesIO(content), user=user)
    assert report.saved, report.errors
    return len(queries)


def _days(count):
    return [date(2024, 4, 1) + timedelta(days=index % 365) for index in range(count)]


def test_thirty_activity_rows_take_the_statements_of_ten(people, dave):
    def rows(count, start):
        return workbook(
            [good_row(day, 内容=f"訪問 {start + n}") for n, day in enumerate(_days(count))]
        )

    assert _statements(rows(30, 100), dave) == _statements(rows(10, 0), dave)
    assert Activity.objects.count() == 40


def test_thirty_consultation_rows_take_the_statements_of_ten(people, dave):
    def rows(count, start):
        return consultation_workbook(
            [
                consultation_row(受付日=day, 概要=f"相談 {start + n}")
                for n, day in enumerate(_days(count))
            ]
        )

    assert _statements(rows(30, 100), dave) == _statements(rows(10, 0), dave)
    assert Consultation.objects.count() == 40


def test_an_imported_consultation_has_one_history_row_with_its_topics(people, alice):
    report = import_records(io.BytesIO(consultation_workbook([consultation_row()])), user=alice)
    assert report.saved, report.errors

    (row,) = Consultation.objects.get().history.all()

    assert (row.history_type, row.history_user) == ("+", alice)
    assert sorted(link.consultationtopic.name for link in row.topics.all()) == [
        "個別ケース",
        "活動場所",
    ]


def test_the_history_page_shows_an_imported_activity_created_by_the_importer(
    client_for, people, alice, carol
):
    import_records(io.BytesIO(workbook([good_row()])), user=alice)
    activity = Activity.objects.get()

    response = client_for(carol).get(reverse("coordinators:activity_history", args=[activity.pk]))

    (created,) = response.context["entries"]
    assert (created.action, created.user) == ("作成", alice)
    assert {c.label: c.after for c in created.changes}["担当者"] == "佐藤 花子、高橋 美咲"


def test_errors_found_while_reading_and_while_checking_are_told_in_row_order(people, dave, carol):
    half_year_close(user=carol, fiscal_year=2024, half=1)
    rows = [
        good_row("2024/6/10"),  # 2: closed, found when the rows are checked together
        good_row("2024/13/40"),  # 3: no such date, found when the row is read
        good_row("2024/10/1", 区分="2層支援（1層のみ）"),  # 4: センターA is tier 2
        good_row("2024/10/2", 担当者="だれか"),  # 5: nobody of that name
    ]

    report = import_records(io.BytesIO(workbook(rows)), user=dave)

    assert [(problem.row, problem.column) for problem in report.errors] == [
        (2, "日付"),
        (3, "日付"),
        (4, "区分"),
        (5, "担当者"),
    ]
    assert not Activity.all_objects.exists()


def test_a_batch_cleans_control_characters_as_a_single_save_would(people, alice, visit):
    sato = Coordinator.objects.get(name="佐藤 花子")
    batch = ActivityBatch(alice)
    batch.add(
        coordinators=[sato],
        date=date(2024, 6, 10),
        category=category_of(SeededCategory.FACT_FINDING),
        form=visit,
        description="サロン\x1b[31m訪問\x00",
    )
    (saved,) = batch.save()

    assert Activity.objects.get(pk=saved.pk).description == "サロン[31m訪問"


def test_the_records_page_imports_twenty_thousand_activity_rows(client_for, people, alice):
    """The 記録取込 page takes a whole sheet: 20,000 rows of センターA in one upload."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("活動記録")
    sheet.append(SHEETS["活動記録"])
    for index, day in enumerate(_days(MAX_ROWS_PER_SHEET)):
        sheet.append(good_row(day, 内容=f"見守り訪問 {index}"))
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    content.name = "records.xlsx"

    response = client_for(alice).post(
        reverse("coordinators:records_import"), {"file": content}, follow=True
    )

    assert "取り込みました" in response.content.decode()
    assert Activity.objects.filter(center__name="センターA").count() == MAX_ROWS_PER_SHEET
    assert Activity.history.filter(history_type="+").count() == MAX_ROWS_PER_SHEET
    assert Activity.coordinators.through.objects.count() == 2 * MAX_ROWS_PER_SHEET
