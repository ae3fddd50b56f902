"""A closed half-year keeps its figures when master data changes (issue 13 §1).

The demo's 令和6年度上半期 is loaded once for the module and closed for every 所属; each test
makes one change a new city would make in admin or through マスタ取込 and compares the closed
report's JSON before and after: the one shown (the published version, with no 締め後の差異) and
a recount from the records, which must not move either. The figures are the demo's published
ones (domain §6).
"""

import io
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from coordinators.imports.master import import_master
from coordinators.models import ActivityForm, Center, CenterKind, Tier
from coordinators.periods import Period
from councils.models import Council
from reports.published import report_for
from reports.renderers import report_json
from reports.selectors import build_report
from tests.builders import workbook_bytes
from tests.factories import FAST_HASHERS

R6H1 = Period.for_half(2024, 1)


@pytest.fixture(scope="module")
def closed_demo(django_db_setup, django_db_blocker):
    """The demo city, whose R6 上半期 the demo closes for all 所属; rolled back after the
    module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        try:
            with open(os.devnull, "w") as quiet:
                call_command("load_demo", "--force", stdout=quiet)  # tests run with DEBUG off
            yield
        finally:
            transaction.set_rollback(True)


def closed_report(center=None):
    """The closed report's JSON as the page and export_report give it."""
    shown = report_for(R6H1, center)
    return report_json(shown.report, shown.published, shown.differences)


def recount(center=None):
    return report_json(build_report(R6H1, center))


@pytest.fixture
def before(closed_demo, db):
    figures = closed_report()
    # The published figures of the demo, so a change that moved them could not hide.
    assert figures["published"]["version"] == 1
    assert figures["differences_since_close"] == []
    assert figures["activity_counts"]["total"] == 780
    assert [figures["activity_counts"]["totals"][str(code)] for code in range(1, 8)] == [
        19,
        222,
        18,
        277,
        211,
        23,
        10,
    ]
    assert figures["visits"]["count"] == 225
    councils = figures["councils"]
    assert (councils["tier1_meetings"], councils["tier2_equivalent_meetings"]) == (1, 76)
    assert sum(councils["equivalent_by_center"].values()) == 76
    assert recount() == {**figures, "published": None}
    return figures


def test_a_center_set_inactive_keeps_its_row_and_counts(before):
    yutorie = Center.objects.get(name="ゆとりえ")
    row = closed_report(yutorie)
    Center.objects.filter(pk=yutorie.pk).update(is_active=False)
    assert closed_report() == before
    assert closed_report(yutorie) == row
    assert recount() == {**before, "published": None}


@pytest.mark.parametrize("form", ["会議・協議体出席", "電話・メール連絡"])
def test_ticking_counts_as_visit_on_a_form_does_not_move_past_visits(before, form):
    ActivityForm.objects.filter(name=form).update(counts_as_visit=True)
    assert closed_report()["visits"] == before["visits"]
    assert closed_report() == before
    assert recount() == {**before, "published": None}


def test_unticking_kyogikai_soto_on_a_council_does_not_move_the_count(before):
    council = Council.objects.filter(counts_as_equivalent=True, meetings__isnull=False).first()
    Council.objects.filter(pk=council.pk).update(counts_as_equivalent=False)
    assert closed_report()["councils"]["tier2_equivalent_meetings"] == 76
    assert closed_report() == before
    assert recount() == {**before, "published": None}


def test_the_division_given_tier_2_by_the_master_import_keeps_its_2sou_shien(before):
    content = workbook_bytes({"所属": [("高齢者支援課", "高齢者支援課", 2, 9)]})
    report = import_master(io.BytesIO(content))
    assert report.saved, report.errors
    assert Center.objects.get(name="高齢者支援課").tier == Tier.SECOND
    assert closed_report()["activity_counts"]["totals"]["7"] == 10
    assert closed_report() == before
    assert recount() == {**before, "published": None}


def test_a_center_added_later_shows_no_row_in_the_closed_table(before):
    Center.objects.create(
        name="新しいセンター",
        kind=CenterKind.objects.get_or_create(name="地域包括支援センター")[0],
        tier=Tier.SECOND,
    )
    assert closed_report() == before
    names = [row["center"] for row in closed_report()["activity_counts"]["rows"]]
    assert "新しいセンター" not in names
