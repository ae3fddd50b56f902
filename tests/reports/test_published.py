"""Published versions (issue 13 §1): closing stores each scope's figures; reopening and closing
again stores the next version, and every version keeps the figures it was closed with."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coordinators.closing import half_year_close, half_year_reopen
from coordinators.models import Activity, HalfYearClosing
from coordinators.periods import Period
from reports.models import PublishedReport
from reports.published import report_for
from reports.renderers import report_csv, report_json, report_tables
from reports.selectors import build_report
from reports.snapshots import differences, report_from, snapshot_of
from tests.builders import record

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)


def versions(center=None):
    return list(
        PublishedReport.objects.filter(fiscal_year=2024, half=1, center=center).values_list(
            "version", flat=True
        )
    )


def test_a_snapshot_renders_exactly_like_the_report_it_was_taken_of(alice, sato, center_a):
    record(alice, [sato], day=date(2024, 6, 10), start_time=None, duration_minutes=45)
    record(alice, [sato], day=date(2024, 7, 1), category=7 - 3, place="公民館")
    for scope in (None, center_a):
        live = build_report(R6H1, scope)
        stored = report_from(snapshot_of(live))
        assert report_json(stored) == report_json(live)
        assert report_csv(stored) == report_csv(live)
        assert report_tables(stored) == report_tables(live)
        assert differences(snapshot_of(live), snapshot_of(stored)) == []


def test_the_city_is_published_when_its_last_center_is_closed(
    alice, sato, carol, center_a, bob, suzuki, center_b, division_center
):
    record(alice, [sato], day=date(2024, 6, 10))
    record(bob, [suzuki], day=date(2024, 6, 11))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    assert (versions(center_a), versions(center_b), versions()) == ([1], [], [])
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_b)
    # 高齢者支援課 is a 所属 of the city too, and still open.
    assert (versions(center_a), versions(center_b), versions()) == ([1], [1], [])
    half_year_close(user=carol, fiscal_year=2024, half=1, center=division_center)
    assert (versions(center_a), versions(center_b), versions()) == ([1], [1], [1])
    city = PublishedReport.objects.get(center=None)
    assert city.snapshot["activity_counts"]["total"] == 2
    assert city.published_by == carol


def test_reopening_and_closing_again_stores_the_next_version_and_keeps_the_first(
    alice, sato, carol, center_a
):
    record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    first = PublishedReport.objects.get(center=center_a, version=1)
    half_year_reopen(user=carol, closing=HalfYearClosing.objects.get(), reason="入力漏れの追加")
    record(alice, [sato], day=date(2024, 6, 12), description="漏れていた訪問")
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)

    assert versions(center_a) == [1, 2]
    assert versions() == [1, 2]
    second = PublishedReport.objects.get(center=center_a, version=2)
    assert second.reason == "入力漏れの追加"
    first.refresh_from_db()
    assert first.snapshot["activity_counts"]["total"] == 1
    assert second.snapshot["activity_counts"]["total"] == 2
    changed = differences(first.snapshot, second.snapshot)
    assert {"section": "activity_counts", "key": "合計", "stored": 1, "now": 2} in changed


def test_a_figure_that_changes_after_the_close_is_found(alice, sato, carol, center_a):
    activity = record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    stored = PublishedReport.objects.get(center=None).snapshot
    # A change that went round the rules (a database fix, a bug): the report must show it.
    Activity.objects.filter(pk=activity.pk).update(category=4)
    now = snapshot_of(build_report(R6H1))
    assert {"section": "activity_counts", "key": "センターA・2", "stored": 1, "now": 0} in (
        differences(stored, now)
    )


def exported_json(version):
    out = io.StringIO()
    arguments = ["--period", "2024H1", "--format", "json", "--output", "-"]
    call_command("export_report", *arguments, "--version", str(version), stdout=out)
    return json.loads(out.getvalue())


def report_page(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"period": "2024H1", **params}.items())
    return client.get(reverse("reports:report") + "?" + query)


def test_a_closed_half_year_is_shown_and_exported_from_its_published_version(
    client_for, alice, sato, carol, center_a
):
    activity = record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    division = client_for(carol)
    page = report_page(division).content.decode()
    assert "公表版 第1版" in page
    assert "締め後の差異" not in page

    Activity.objects.filter(pk=activity.pk).update(category=4)  # round the rules
    page = report_page(division).content.decode()
    assert "締め後の差異" in page
    assert "センターA・実態把握" in page
    data = json.loads(report_page(division, format="json").content)
    assert data["published"]["version"] == 1
    assert data["published"]["closed_by"] == "carol"
    assert data["activity_counts"]["totals"]["2"] == 1  # the stored figure, not the new one
    assert {"section": "activity_counts", "key": "センターA・2", "stored": 1, "now": 0} in (
        data["differences_since_close"]
    )
    # Every export shows them too: a last table in the CSV, a last sheet in the workbook.
    text = report_page(division, format="csv").content.decode("utf-8-sig")
    assert "締め後の差異" in text
    assert "活動内容ごとの実施件数,センターA・実態把握,1,0" in text
    workbook = openpyxl.load_workbook(io.BytesIO(report_page(division, format="xlsx").content))
    sheet = workbook[workbook.sheetnames[-1]]
    assert sheet.title == "締め後の差異"
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["活動内容ごとの実施件数", "センターA・実態把握", 1, 0] in cells


def test_every_version_stays_viewable_and_exportable(client_for, alice, sato, carol, center_a):
    record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    half_year_reopen(user=carol, closing=HalfYearClosing.objects.get(), reason="追加の記録")
    record(alice, [sato], day=date(2024, 6, 11))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    division = client_for(carol)
    assert "公表版 第2版" in report_page(division).content.decode()
    first = json.loads(report_page(division, version=1, format="json").content)
    assert (first["published"]["version"], first["activity_counts"]["total"]) == (1, 1)
    assert report_page(division, version=9).status_code == 404
    assert report_page(division, version="x").status_code == 404

    assert exported_json(version=1)["activity_counts"]["total"] == 1
    with pytest.raises(CommandError, match="第5版は公表されていません"):
        exported_json(version=5)


def test_a_fiscal_year_report_says_which_half_is_frozen(client_for, alice, sato, carol):
    record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    page = client_for(carol).get(reverse("reports:report") + "?period=2024").content.decode()
    assert "令和6年度上半期: 締め済（公表版 第1版）" in page
    assert "令和6年度下半期: 集計中" in page


def test_year_on_year_compares_with_the_published_version_of_a_year_earlier(
    client_for, alice, sato, carol, center_a
):
    old = record(alice, [sato], day=date(2023, 6, 12))
    half_year_close(user=carol, fiscal_year=2023, half=1, center=None)
    Activity.objects.filter(pk=old.pk).update(category=4)  # round the rules, after the close
    shown = report_for(R6H1, center_a)
    assert shown.published is None
    assert shown.report.previous_year.totals[2] == 1  # as published for R5 上半期


def test_half_years_closed_before_versions_existed_are_published_once(
    alice, sato, carol, center_a, division_center
):
    record(alice, [sato], day=date(2024, 6, 10))
    # As an installation upgraded from before versions: closings without stored figures.
    for center in (center_a, division_center):
        HalfYearClosing.objects.create(
            fiscal_year=2024, half=1, center=center, closed_at=timezone.now(), closed_by=carol
        )
    out = io.StringIO()
    call_command("publish_closed_reports", stdout=out)
    assert "市全体 第1版を保存しました" in out.getvalue()
    assert (versions(center_a), versions(division_center), versions()) == ([1], [1], [1])
    call_command("publish_closed_reports", stdout=io.StringIO())
    assert PublishedReport.objects.count() == 3
    assert PublishedReport.objects.get(center=None).snapshot["activity_counts"]["total"] == 1


def test_closing_all_after_one_center_publishes_nothing_twice(
    alice, sato, carol, center_a, division_center
):
    record(alice, [sato], day=date(2024, 6, 10))
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    half_year_close(user=carol, fiscal_year=2024, half=1, center=division_center)
    assert (versions(center_a), versions(division_center), versions()) == ([1], [1], [1])
