"""区分 as data (issue 20): the first customer's seven are rows a city renames, reorders,
restricts by tier or makes inactive; what was published keeps the labels it had."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from coordinators.activities.services import activity_copy, activity_update
from coordinators.closing import half_year_close
from coordinators.models import Activity, Category, NationalFunction
from coordinators.periods import Period
from reports.published import report_for
from reports.renderers import report_json, report_tables
from reports.selectors import build_report
from reports.snapshots import report_from, snapshot_of
from tests.builders import entry, record

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)


def test_the_seven_are_seeded_with_their_numbers_tiers_and_national_functions():
    seeded = [
        (c.number, c.label, c.tiers_text, c.national_function, c.is_meeting_default)
        for c in Category.objects.all()
    ]
    assert seeded == [
        (1, "担い手の養成", "1、2、3", "resource_development", False),
        (2, "実態把握", "1、2、3", "network", False),
        (3, "立上支援", "1、2、3", "resource_development", False),
        (4, "運営支援", "1、2、3", "resource_development", True),
        (5, "啓発", "1、2、3", "other", False),
        (6, "個別支援", "1、2、3", "matching", False),
        (7, "2層支援（1層のみ）", "1", "network", False),
    ]
    assert NationalFunction("matching").label == "ニーズと取組のマッチング"


def test_a_category_in_use_is_never_deleted(alice, sato):
    record(alice, [sato], category=4)
    with pytest.raises(ProtectedError):
        Category.objects.get(pk=4).delete()
    Category.objects.get(pk=1).delete()  # not in use: a city may remove it
    assert not Category.objects.filter(pk=1).exists()


def test_the_tier_rule_is_the_categorys_own(alice, sato, carol, ito):
    """A city that lets only tier 2 record 啓発: tier 1 is refused with the reason."""
    Category.objects.filter(pk=5).update(tier_1=False, tier_3=False)
    with pytest.raises(ValidationError, match="「啓発」は第2層の所属だけが記録できます。"):
        record(carol, [ito], category=5)
    assert record(alice, [sato], category=5).tier == 2


def test_a_renamed_category_shows_its_new_name_but_a_closed_version_keeps_the_old(
    alice, sato, carol, center_a
):
    record(alice, [sato], day=date(2024, 6, 10), category=4)
    half_year_close(user=carol, fiscal_year=2024, half=1, center=center_a)
    Category.objects.filter(pk=4).update(label="居場所の運営支援", display_order=0)

    live = build_report(R6H1, center_a)
    assert live.categories[0].label == "居場所の運営支援"
    stored = report_for(R6H1, center_a).report
    assert stored.categories[3].label == "運営支援"
    assert report_json(stored)["categories"][3] == {"code": 4, "label": "運営支援"}
    assert stored.activity_counts.totals[4] == 1
    assert report_for(R6H1, center_a).differences == []  # renaming changes no figure


def test_a_version_stored_before_categories_were_data_reads_back_the_seven():
    snapshot = snapshot_of(build_report(R6H1))
    del snapshot["categories"]
    snapshot["format"] = 2
    assert [c.label for c in report_from(json.loads(json.dumps(snapshot))).categories] == [
        "担い手の養成",
        "実態把握",
        "立上支援",
        "運営支援",
        "啓発",
        "個別支援",
        "2層支援（1層のみ）",
    ]


def test_an_inactive_category_is_not_offered_nor_taken_but_its_records_stay_counted(
    client_for, alice, sato, center_a, visit
):
    old = record(alice, [sato], day=date(2024, 6, 10), category=5)
    Category.objects.filter(pk=5).update(is_active=False)
    client = client_for(alice)

    page = client.get(reverse("coordinators:week") + "?date=2024-06-10")
    offered = [str(value) for value, _label in page.context["form"].fields["category"].choices]
    assert "5" not in offered
    assert "4" in offered
    response = client.post(
        reverse("coordinators:activity_create"), entry(sato, visit, category="5")
    )
    assert "「啓発」は使われなくなった区分です。" in response.content.decode()
    assert Activity.objects.count() == 1

    # the record already of it keeps it when changed, and the report still counts it
    edit = client.get(reverse("coordinators:week") + f"?date=2024-06-10&edit={old.pk}")
    kept = edit.context["edit_form"].fields["category"].choices
    assert "5" in [str(value) for value, _label in kept]
    report = build_report(R6H1, center_a)
    assert "啓発" in [c.label for c in report.categories]
    assert report.activity_counts.totals[5] == 1
    # a year on, when neither the half nor the same half a year earlier has records of it
    assert "啓発" not in [c.label for c in build_report(Period.for_half(2026, 1)).categories]


def test_pages_name_a_record_by_its_categorys_label_today(client_for, alice, sato):
    activity = record(alice, [sato], day=date(2024, 6, 10), category=4)
    Category.objects.filter(pk=4).update(label="居場所の運営支援")
    client = client_for(alice)
    week = client.get(reverse("coordinators:week") + "?date=2024-06-10").content.decode()
    assert '<span class="category category-4">居場所の運営支援</span>' in week
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "<dt>区分</dt><dd>居場所の運営支援</dd>" in detail
    listed = client.get(reverse("coordinators:activity_list") + "?period=2024H1")
    assert "居場所の運営支援" in listed.content.decode()


def test_the_centers_page_names_each_kind_of_center(client_for, carol, center_a):
    """A kind of 所属 is data now (issue 20): the 所属の状況 page reads its name."""
    page = client_for(carol).get(reverse("coordinators:center_overview")).content.decode()
    assert "<td>地域包括支援センター</td>" in page
    assert "<td>高齢者支援課</td>" in page


def test_a_published_year_earlier_lines_up_with_reordered_categories(alice, sato, carol, center_a):
    """The 前年同期 table comes from a version published with the 区分 in their old order; its
    numbers stay under their own 区分 in every file (found by a review of issue 20)."""
    record(alice, [sato], day=date(2023, 6, 12), category=1)
    record(alice, [sato], day=date(2023, 6, 13), category=2)
    record(alice, [sato], day=date(2023, 6, 14), category=2)
    half_year_close(user=carol, fiscal_year=2023, half=1, center=center_a)
    Category.objects.filter(pk=1).update(display_order=50)

    report = report_for(R6H1, center_a).report
    name, rows = report_tables(report)[1]
    assert name.startswith("前年同期")
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert (cells["所属"], cells["実態把握"], cells["担い手の養成"], cells["合計"]) == (
        "センターA",
        2,
        1,
        3,
    )
    assert rows[0][-2] == "担い手の養成"  # the column moved last, its number with it


def test_a_rule_changed_later_locks_no_record_made_before(client_for, alice, sato):
    """Found by a review of issue 20: a 区分 closed to tier 2 or made inactive stays on the
    records that have it, which can still be changed, and the week's totals still add up."""
    old = record(alice, [sato], day=date(2024, 6, 10), category=6)
    record(alice, [sato], day=date(2024, 6, 11), category=5)
    Category.objects.filter(pk=6).update(tier_2=False)
    Category.objects.filter(pk=5).update(is_active=False)

    activity_update(user=alice, activity=old, description="内容だけ直す")
    with pytest.raises(ValidationError, match="「啓発」は使われなくなった区分です。"):
        activity_copy(
            user=alice, activity=Activity.objects.get(category=5), to_date=date(2024, 6, 12)
        )

    week = client_for(alice).get(reverse("coordinators:week") + "?date=2024-06-10").context
    shown = {category.label: n for category, n, _half in week["totals"]}
    assert (shown["個別支援"], shown["啓発"], week["week_total"]) == (1, 1, 2)
    assert sum(n for _c, n, _half in week["totals"]) == week["week_total"]
