"""coordinators/prepared.py: a queryset built once and run again with other values (issue 22)
must give what the queryset itself gives, for every set of values, and refuse a queryset
whose statement changes with them."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordinators.models import Activity
from coordinators.periods import Period
from coordinators.prepared import PreparedQuery, PreparedQueryError
from councils.models import Stage
from councils.selectors import _issues_by_stage, _meetings_grouped, council_counts
from councils.services import meeting_delete
from tests.builders import make
from tests.builders import record_meeting as record

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(alice, bob, carol, sato, suzuki, care_meeting_council):
    """Meetings in both halves of R6 by two 所属, issues raised at them, one meeting deleted
    with the issue raised there."""
    record(carol, care_meeting_council, [sato, suzuki], raised_issues=["買物に行けない"])
    record(alice, care_meeting_council, [sato], day=date(2024, 7, 3))
    record(bob, care_meeting_council, [suzuki], day=date(2024, 10, 8), raised_issues=["坂が多い"])
    gone = record(alice, care_meeting_council, [sato], day=date(2024, 8, 1), raised_issues=["x"])
    meeting_delete(user=carol, meeting=gone)


def test_prepared_rows_are_the_querysets_rows_for_each_set_of_values(meetings, center_a, center_b):
    asked = [
        (Period.for_half(2024, 1), None),
        (Period.for_half(2024, 2), None),
        (Period.for_half(2024, 1), center_a.pk),
        (Period.for_half(2024, 2), center_b.pk),
        (Period.for_fiscal_year(2024), center_b.pk),
        (Period.for_fiscal_year(2024), None),
    ]
    for build in (_meetings_grouped, _issues_by_stage):
        prepared = PreparedQuery(build)
        for period, center_id in asked:
            values = {"start": period.start, "end": period.end, "center_id": center_id}
            assert sorted(prepared.rows(**values)) == sorted(build(**values)), (build, values)


def test_the_counts_differ_by_period_and_centre_as_the_records_do(meetings, center_a, center_b):
    first, second = Period.for_half(2024, 1), Period.for_half(2024, 2)
    assert council_counts(first)["tier2_equivalent"] == 2
    assert council_counts(second)["tier2_equivalent"] == 1
    assert council_counts(first, center=center_b)["tier2_equivalent"] == 1
    assert council_counts(second, center=center_a)["tier2_equivalent"] == 0
    by_stage = dict(council_counts(first)["issues_by_stage"])
    assert by_stage[Stage.RAISED] == 1  # the deleted meeting's issue counts nowhere


def test_a_prepared_query_is_one_statement_built_once(meetings):
    prepared = PreparedQuery(_meetings_grouped)
    period = Period.for_half(2024, 1)
    prepared.rows(start=period.start, end=period.end, center_id=None)
    with CaptureQueriesContext(connection) as ran:
        rows = prepared.rows(start=period.start, end=period.end, center_id=None)
    assert len(ran.captured_queries) == 1
    assert sum(n for *_group, n, _people in rows) == 2


def test_a_statement_that_changes_with_its_values_is_refused():
    def shaped_by_the_day(day):
        if day.day == 1:
            return Activity.objects.filter(date=day).values_list("pk")
        return Activity.objects.filter(date__gte=day).values_list("pk")

    with pytest.raises(PreparedQueryError, match="shape"):
        PreparedQuery(shaped_by_the_day).rows(day=date(2024, 4, 1))


def test_values_other_than_dates_and_ids_are_refused():
    def by_name(name):
        return Activity.objects.filter(description=name).values_list("pk")

    with pytest.raises(PreparedQueryError, match="dates and ids"):
        PreparedQuery(by_name).rows(name="サロン")


def test_columns_added_to_order_distinct_rows_are_left_out_as_django_leaves_them(alice, sato):
    for day in (2, 3, 2):
        make(alice, sato, day=date(2024, 9, day), duration_minutes=30 * day)

    def durations_by_date(start, end):
        return (
            Activity.objects.filter(date__range=(start, end))
            .order_by("-date")
            .values_list("duration_minutes")
            .distinct()
        )

    values = {"start": date(2024, 9, 1), "end": date(2024, 9, 30)}
    rows = PreparedQuery(durations_by_date).rows(**values)
    assert rows == list(durations_by_date(**values)) == [(90,), (60,)]
