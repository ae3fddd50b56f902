"""Regional issues: raised at a meeting, moved along by the division or the raising 所属."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coordinators.closing import half_year_close
from coordinators.periods import Period
from councils.models import Council, CouncilTier, RegionalIssue, Stage
from councils.selectors import council_counts
from councils.services import issue_advance, issue_merge, meeting_create

pytestmark = pytest.mark.django_db


def test_raised_issue_takes_the_areas_of_the_raising_center(raised, area_a):
    issue, meeting = raised
    assert list(issue.areas.all()) == [area_a]
    assert issue.stage == Stage.RAISED
    assert issue.steps.get().meeting == meeting


def test_division_moves_the_issue_with_the_meeting_of_each_stage(
    client_for, raised, carol, ito, sato, councils
):
    issue, _ = raised
    link = meeting_create(
        user=carol,
        council=councils["link"],
        date=date(2024, 6, 25),
        coordinators=[ito, sato],
        agenda="地域課題の集約",
    )
    client = client_for(carol)
    client.post(
        issue.get_absolute_url(), {"stage": Stage.GATHERED, "date": "R6.6.25", "meeting": link.pk}
    )
    client.post(
        issue.get_absolute_url(),
        {"stage": Stage.REPORTED, "date": "R6.8.20", "note": "推進協議会で報告"},
    )
    issue.refresh_from_db()
    assert issue.stage == Stage.REPORTED
    assert list(issue.steps.values_list("stage", flat=True)) == [1, 2, 3]
    page = client.get(reverse("councils:issue_pipeline")).content.decode()
    column = page[page.index('id="stage-3"') : page.index('id="stage-4"')]
    assert "買物に行けない" in column


def test_other_centers_staff_see_but_cannot_move_the_issue(client_for, raised, bob):
    issue, _ = raised
    client = client_for(bob)
    assert client.get(issue.get_absolute_url()).status_code == 200
    response = client.post(issue.get_absolute_url(), {"stage": Stage.GATHERED, "date": "R6.6.1"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        issue_advance(user=bob, issue=issue, stage=Stage.GATHERED, date=date(2024, 6, 1))
    assert issue.steps.count() == 1


def test_raising_center_may_move_its_issue(raised, alice):
    issue, _ = raised
    issue_advance(user=alice, issue=issue, stage=Stage.GATHERED, date=date(2024, 6, 1))
    issue.refresh_from_db()
    assert issue.stage == Stage.GATHERED


def test_merging_keeps_both_histories(raised, carol, suzuki, bob, councils, area_b):
    issue, _ = raised
    other_council = Council.objects.create(
        name="地域ケア会議B",
        tier=CouncilTier.SECOND,
        kind=councils["care"].kind,
        counts_as_equivalent=True,
    )
    meeting_create(
        user=bob,
        council=other_council,
        date=date(2024, 6, 3),
        coordinators=[suzuki],
        agenda="困りごと",
        raised_issues=["買い物が不便"],
    )
    duplicate = RegionalIssue.objects.get(title="買い物が不便")
    issue_merge(user=carol, keep=issue, merge=duplicate)
    assert issue.steps.filter(stage=Stage.RAISED).count() == 2
    assert set(issue.areas.values_list("name", flat=True)) == {"圏域A", "圏域B"}
    duplicate.refresh_from_db()
    assert duplicate.merged_into == issue
    with pytest.raises(PermissionDenied):
        issue_merge(user=bob, keep=issue, merge=duplicate)


def test_pipeline_filters_by_area_and_fiscal_year(client_for, raised, alice, area_a, area_b):
    client = client_for(alice)
    assert (
        "買物に行けない"
        in client.get(reverse("councils:issue_pipeline") + f"?area={area_a.pk}").content.decode()
    )
    assert (
        "買物に行けない"
        not in client.get(
            reverse("councils:issue_pipeline") + f"?area={area_b.pk}"
        ).content.decode()
    )
    assert (
        "買物に行けない"
        in client.get(reverse("councils:issue_pipeline") + "?fiscal_year=2024").content.decode()
    )


def test_a_stage_dated_in_a_half_year_closed_for_the_raising_center_is_refused(
    client_for, raised, carol, center_a
):
    issue, _meeting = raised  # raised at センターA's meeting on 2024-05-20
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    before = council_counts(Period.for_half(2024, 1))["issues_by_stage"]
    with pytest.raises(ValidationError, match=r"令和6年度上半期（センターA）は.*締めた"):
        issue_advance(user=carol, issue=issue, stage=Stage.CITY_ACTION, date=date(2024, 9, 1))
    page = client_for(carol).post(
        issue.get_absolute_url(), {"stage": Stage.CITY_ACTION, "date": "R6.9.1", "note": ""}
    )
    assert "締めた" in page.content.decode()
    assert council_counts(Period.for_half(2024, 1))["issues_by_stage"] == before
    assert issue.steps.count() == 1
    # The next half-year is open: the same stage dated there is recorded.
    issue_advance(user=carol, issue=issue, stage=Stage.CITY_ACTION, date=date(2024, 10, 1))
    assert issue.steps.count() == 2
