import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from coordinators.models import Activity, Consultation
from councils.models import Stage
from reports.benchmarks.fill import BUSY_WEEK, BUSY_WEEK_ENTRIES, benchmark_centers

pytestmark = pytest.mark.django_db


def test_benchmark_runs_and_prints_the_documented_json(capsys, dave):
    call_command("benchmark_reports", activities=2000, as_json=True)
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"sections", "workbook_seconds", "list_page_seconds", "pages"}
    # issue 22: each entry and list page's server time beside its own SQL time
    assert [page["name"] for page in result["pages"]] == [
        "週の記録",
        "活動記録一覧",
        "活動記録一覧（内容検索）",
        "相談記録一覧",
        "社会資源一覧",
        "ダッシュボード",
    ]
    for page in result["pages"]:
        assert set(page) == {"name", "seconds", "sql_seconds", "ratio", "aim_met"}
        assert 0 < page["sql_seconds"] < page["seconds"]
    sections = {section["name"]: section for section in result["sections"]}
    assert list(sections) == [
        "activity_counts",
        "by_form",
        "visits",
        "monthly",
        "consultations",
        "councils",
    ]
    for section in sections.values():
        assert set(section) == {
            "name",
            "seconds",
            "sql_seconds",
            "ratio",
            "statements",
            "aim_met",
        }
    # issue 22: the statements the report sends, whatever the data
    assert sections["visits"]["statements"] == 1
    assert sections["consultations"]["statements"] == 2
    assert sections["councils"]["statements"] == 2
    assert sections["activity_counts"]["aim_met"] is None  # the issue sets no aim for it


def test_the_fill_writes_dates_in_order_and_one_busy_week(dave):
    call_command("benchmark_reports", activities=2000, as_json=True)
    dates = list(
        Activity.objects.filter(center__name__startswith="ベンチ")
        .order_by("pk")
        .values_list("date", flat=True)[:2000]
    )
    assert dates == sorted(dates)
    week = Activity.objects.filter(
        center=benchmark_centers().first(), date__range=(BUSY_WEEK, BUSY_WEEK + timedelta(days=6))
    )
    assert week.count() == BUSY_WEEK_ENTRIES
    assert Consultation.topics.through.objects.exists()
    # as a city's year runs: visits the most common form, the forms the 実績報告 lists one by
    # one (研修受講, 講師, 視察受入, 広報) rare, not a third of the rows as drawn uniformly
    filled = Activity.objects.filter(center__name__startswith="ベンチ")
    listed = filled.exclude(form__report_role="").count()
    assert listed < filled.count() * 0.02
    assert filled.filter(form__name="訪問").count() > filled.count() * 0.3


def test_the_councils_sql_counts_issues_by_the_sections_rule(
    alice, carol, sato, care_meeting_council
):
    # The hand-written SQL returns the figures the section returns (issue 22): a step at a
    # deleted meeting, and every step of an issue raised only there, count nowhere (issue 14).
    from django.db import connection

    from coordinators.periods import Period
    from councils.selectors import council_counts
    from councils.services import issue_advance, meeting_delete
    from reports.benchmarks.measure import _anchors
    from tests.builders import record_meeting

    record_meeting(carol, care_meeting_council, [sato], raised_issues=["買物に行けない"])
    gone = record_meeting(
        alice, care_meeting_council, [sato], day=date(2024, 7, 1), raised_issues=["坂が多い"]
    )
    orphan = gone.issue_steps.get().issue
    issue_advance(user=carol, issue=orphan, stage=Stage.GATHERED, date=date(2024, 7, 10))
    meeting_delete(user=carol, meeting=gone)
    period = Period.for_half(2024, 1)

    with connection.cursor() as cursor:
        cursor.execute(_anchors()["councils"][1], [period.start, period.end])
        by_sql = dict(cursor.fetchall())

    by_section = {stage.value: n for stage, n in council_counts(period)["issues_by_stage"] if n}
    assert by_sql == by_section == {Stage.RAISED.value: 1}
