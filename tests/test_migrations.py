"""Migrations move real data forward: records written under the previous schema count the same
after it (issue 13). Records are made with the historical models of the old schema."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coordinators.models import Activity, Center
from coordinators.periods import Period
from councils.models import Council, CouncilKind, CouncilTier, Meeting
from reports.models import PublishedReport
from reports.selectors import build_report

BEFORE_FACTS = [("coordinators", "0011_text_limits"), ("councils", "0006_text_limits")]
R6H1 = Period.for_half(2024, 1)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    # Every app's newest migration: going back also unapplied the migrations of other apps
    # that depend on these (reports' published versions), and they must come back too.
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_old_records_count_as_is_filled_in_and_the_figures_stay():
    latest = _latest()
    old = _migrate(BEFORE_FACTS)
    user = old.get_model("auth", "User").objects.create(username="recorder")
    center = old.get_model("coordinators", "Center").objects.create(
        name="センターA", kind="community", tier=2
    )
    forms = old.get_model("coordinators", "ActivityForm").objects
    visit, meeting_form = forms.get(name="訪問"), forms.get(name="会議・協議体出席")
    activities = old.get_model("coordinators", "Activity").objects
    for day, form in [(10, visit), (11, visit), (12, meeting_form)]:
        activities.create(
            date=date(2024, 6, day),
            center=center,
            tier=2,
            category=2,
            form=form,
            description="旧スキーマの記録",
            recorded_by=user,
        )
    kinds = old.get_model("councils", "CouncilKind").objects
    councils = old.get_model("councils", "Council").objects
    care = councils.create(
        name="地域ケア会議A",
        tier=2,
        kind=kinds.get(name="地域ケア会議"),
        counts_as_equivalent=True,
        default_category=2,
    )
    city = councils.create(
        name="推進協議会", tier=1, kind=kinds.get(name="地域包括ケア推進協議会"), default_category=4
    )
    meetings = old.get_model("councils", "Meeting").objects
    for council in (care, care, city):
        meetings.create(
            council=council, date=date(2024, 6, 20), category=2, agenda="旧", recorded_by=user
        )

    _migrate(latest)
    assert PublishedReport.objects.count() == 0  # every app's tables are back

    assert sorted(Activity.objects.values_list("counts_as_visit", flat=True)) == [False, True, True]
    assert sorted(Meeting.objects.values_list("council_tier", "counts_as_equivalent")) == [
        (1, False),
        (2, True),
        (2, True),
    ]
    report = build_report(R6H1)
    assert report.visits["count"] == 2
    assert (report.councils["tier1_council"], report.councils["tier2_equivalent"]) == (1, 2)
    assert report.activity_counts.total == 3


# Each "before" names the coordinators migration too: an app left out would stay at its newest
# schema (issue 20 changed 所属 and 区分) while the old models expect the old one.
BEFORE_DATA_CATEGORIES = ("coordinators", "0022_role_groups")
BEFORE_RECORDING_CENTER = [BEFORE_DATA_CATEGORIES, ("councils", "0007_facts_on_the_record")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_meeting_recorded_before_belongs_to_the_recorders_center():
    latest = _latest()
    old = _migrate(BEFORE_RECORDING_CENTER)
    users = old.get_model("auth", "User").objects
    staff, division = users.create(username="staff"), users.create(username="division")
    division.groups.add(old.get_model("auth", "Group").objects.get(name="高齢者支援課"))
    center = old.get_model("coordinators", "Center").objects.create(
        name="センターA", kind="community", tier=2
    )
    old.get_model("coordinators", "StaffProfile").objects.create(user=staff, center=center)
    care = old.get_model("councils", "Council").objects.create(
        name="地域ケア会議A",
        tier=2,
        kind=old.get_model("councils", "CouncilKind").objects.get(name="地域ケア会議"),
        default_category=2,
    )
    meetings = old.get_model("councils", "Meeting").objects
    for recorder in (staff, division):
        meetings.create(
            council=care,
            date=date(2024, 6, 20),
            category=2,
            agenda=recorder.username,
            recorded_by=recorder,
        )

    _migrate(latest)
    assert dict(Meeting.objects.values_list("agenda", "center__name")) == {
        "staff": "センターA",  # its fields are センターA's to change
        "division": None,  # the division's
    }


BEFORE_THIRD_TIER = [BEFORE_DATA_CATEGORIES, ("councils", "0009_remove_control_characters")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_liaison_between_tiers_moves_from_3_to_12_and_the_counts_stay():
    """Issue 20: 3 means 第3層 now; what was stored as 3 (SC連携会議) is the liaison still."""
    latest = _latest()
    old = _migrate(BEFORE_THIRD_TIER)
    user = old.get_model("auth", "User").objects.create(username="recorder")
    kinds = old.get_model("councils", "CouncilKind").objects
    assert kinds.get(name="SC連携会議").tier == 3
    council = old.get_model("councils", "Council").objects.create(
        name="SC連携会議", tier=3, kind=kinds.get(name="SC連携会議"), default_category=4
    )
    old.get_model("councils", "Meeting").objects.create(
        council=council,
        council_tier=3,  # as the services wrote it from its council
        date=date(2024, 6, 20),
        category=4,
        agenda="連携",
        recorded_by=user,
    )

    _migrate(latest)
    assert CouncilKind.objects.get(name="SC連携会議").tier == CouncilTier.BETWEEN == 12
    assert Council.objects.get().tier == CouncilTier.BETWEEN
    assert Meeting.objects.get().council_tier == CouncilTier.BETWEEN
    counts = build_report(R6H1).councils
    assert (counts["tier1_council"], counts["tier2_equivalent"]) == (0, 0)


BEFORE_DATA = [BEFORE_DATA_CATEGORIES, ("councils", "0010_third_tier_and_liaison_12")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_categories_and_kinds_become_data_and_every_figure_stays():
    """Issue 20: 区分 and kinds of 所属 leave the code; records keep their numbers, the former
    高齢者支援課 kind's 所属 is the 事務局, and the report counts the same."""
    latest = _latest()
    old = _migrate(BEFORE_DATA)
    user = old.get_model("auth", "User").objects.create(username="recorder")
    centers = old.get_model("coordinators", "Center").objects
    division = centers.create(name="高齢者支援課", kind="division", tier=1, display_order=100)
    center = centers.create(name="センターA", kind="community", tier=2, display_order=1)
    visit = old.get_model("coordinators", "ActivityForm").objects.get(name="訪問")
    activities = old.get_model("coordinators", "Activity").objects
    for where, tier, category in [(division, 1, 7), (center, 2, 4), (center, 2, 6), (center, 2, 4)]:
        activities.create(
            date=date(2024, 6, 10),
            center=where,
            tier=tier,
            category=category,
            form=visit,
            counts_as_visit=True,
            description="旧スキーマの記録",
            recorded_by=user,
        )

    _migrate(latest)
    assert [(c.name, c.kind.name, c.is_secretariat) for c in Center.objects.all()] == [
        ("センターA", "地域包括支援センター", False),
        ("高齢者支援課", "高齢者支援課", True),
    ]
    report = build_report(R6H1)
    assert [c.label for c in report.categories][6] == "2層支援（1層のみ）"
    assert report.activity_counts.totals == {1: 0, 2: 0, 3: 0, 4: 2, 5: 0, 6: 1, 7: 1}
    rows = {row["center"].name: row["counts"][7] for row in report.activity_counts.rows}
    assert rows == {"センターA": None, "高齢者支援課": 1}  # 2層支援 is not a tier-2 column
    assert sorted(Activity.objects.values_list("category__label", flat=True)) == [
        "2層支援（1層のみ）",
        "個別支援",
        "運営支援",
        "運営支援",
    ]
