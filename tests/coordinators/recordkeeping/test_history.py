"""変更履歴: who changed a record, when, and what it was before and after."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.activities.services import activity_delete, activity_update
from coordinators.consultations.services import consultation_update
from coordinators.models import AccessRecord, Activity
from coordinators.recordkeeping.history import history_entries
from tests.builders import consult, record
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def test_division_reads_who_changed_what_on_an_activity(client_for, alice, carol, sato, center_a):
    tanaka = AssignmentFactory(center=center_a, coordinator__name="田中 一郎").coordinator
    activity = record(alice, [sato])
    activity_update(
        user=alice, activity=activity, coordinators=[sato, tanaka], description="サロン運営相談"
    )

    response = client_for(carol).get(reverse("coordinators:activity_history", args=[activity.pk]))

    assert response.status_code == 200
    changed, created = response.context["entries"]
    assert (changed.action, created.action) == ("変更", "作成")
    assert changed.user == alice
    rows = {change.label: (change.before, change.after) for change in changed.changes}
    assert rows["内容"] == ("サロン訪問", "サロン運営相談")
    assert rows["担当者"] == ("佐藤 花子", "佐藤 花子、田中 一郎")
    assert "サロン運営相談" in response.content.decode()


def test_the_coordinators_list_written_after_the_record_is_one_change(alice, sato):
    activity = record(alice, [sato])
    activity_update(user=alice, activity=activity, description="二回目")

    entries = history_entries(activity)

    assert [entry.action for entry in entries] == ["変更", "作成"]
    assert [change.label for change in entries[0].changes] == ["内容"]


def test_a_deletion_reads_as_deleted_by_whom(alice, carol, sato):
    activity = record(alice, [sato])
    activity_delete(user=carol, activity=activity)

    newest = history_entries(Activity.all_objects.get(pk=activity.pk))[0]

    assert newest.action == "削除"
    assert newest.user == carol


def test_markup_in_a_change_is_shown_as_text(client_for, alice, sato):
    activity = record(alice, [sato])
    activity_update(user=alice, activity=activity, description="<script>alert(1)</script>")

    page = client_for(alice).get(reverse("coordinators:activity_history", args=[activity.pk]))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()
    assert "<script>alert(1)" not in page.content.decode()


def test_another_centers_staff_get_404_on_history(client_for, alice, bob, sato):
    activity = record(alice, [sato])
    consultation = consult(alice, sato)
    client = client_for(bob)

    assert (
        client.get(reverse("coordinators:activity_history", args=[activity.pk])).status_code == 404
    )
    url = reverse("coordinators:consultation_history", args=[consultation.pk])
    assert client.get(url).status_code == 404


def test_reading_a_consultations_history_leaves_an_access_record(client_for, alice, carol, sato):
    consultation = consult(alice, sato)
    consultation_update(user=alice, consultation=consultation, age=82)
    before = AccessRecord.objects.count()

    url = reverse("coordinators:consultation_history", args=[consultation.pk])
    response = client_for(carol).get(url)

    assert response.status_code == 200
    trace = AccessRecord.objects.order_by("-pk").first()
    assert AccessRecord.objects.count() == before + 1
    assert (trace.user, trace.action) == (carol, "変更履歴の閲覧")
    assert trace.target == f"相談記録 #{consultation.pk}"


def test_query_count_does_not_grow_with_the_length_of_the_history(client_for, alice, sato):
    short, long = record(alice, [sato]), record(alice, [sato])
    activity_update(user=alice, activity=short, description="変更1")
    for n in range(8):
        activity_update(user=alice, activity=long, description=f"変更{n}")
    client = client_for(alice)

    def queries(activity):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("coordinators:activity_history", args=[activity.pk]))
        return len(captured)

    assert queries(short) == queries(long)


def test_detail_pages_link_to_their_history(client_for, alice, sato):
    activity = record(alice, [sato])
    page = client_for(alice).get(reverse("coordinators:activity_detail", args=[activity.pk]))
    assert reverse("coordinators:activity_history", args=[activity.pk]) in page.content.decode()


def test_admin_shows_history_but_writes_no_past_version_back(client_for, dave, center_a):
    center_a.name = "改名した所属"
    center_a.save()
    client = client_for(dave)

    listing = client.get(reverse("admin:coordinators_center_history", args=[center_a.pk]))

    assert listing.status_code == 200
    assert "改名した所属" in listing.content.decode()
    newest = center_a.history.latest()
    revert = reverse(
        "admin:coordinators_center_simple_history", args=[center_a.pk, newest.history_id]
    )
    assert client.get(revert).status_code == 200
    assert client.post(revert, {"name": "戻した所属"}).status_code == 403
    center_a.refresh_from_db()
    assert center_a.name == "改名した所属"


def _trace(user, action="閲覧"):
    return AccessRecord.objects.create(user=user, action=action, target="相談記録 #1", path="/")


def test_access_records_cannot_be_edited_or_deleted_by_code(carol):
    trace = _trace(carol)
    trace.action = "書き換え"
    with pytest.raises(PermissionDenied):
        trace.save()
    with pytest.raises(PermissionDenied):
        trace.delete()
    with pytest.raises(PermissionDenied):
        AccessRecord.objects.filter(pk=trace.pk).update(action="書き換え")
    with pytest.raises(PermissionDenied):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get(pk=trace.pk).action == "閲覧"


def test_only_records_older_than_five_years_are_purged(carol):
    old, recent = _trace(carol), _trace(carol)
    # `at` is set on insert; the test moves one row back past the retention with plain SQL.
    with connection.cursor() as cursor:
        table = AccessRecord._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET at = %s WHERE id = %s", [datetime(2019, 11, 1, tzinfo=UTC), old.pk]
        )
    out = StringIO()

    call_command("purge_access_records", "--dry-run", stdout=out)
    assert "1件" in out.getvalue()
    assert AccessRecord.objects.count() == 2

    deleted = AccessRecord.objects.purge_expired(date(2026, 11, 23))
    assert deleted == 1
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_record_older_than_its_history_is_not_said_to_be_created_by_its_first_editor(
    alice, carol, sato
):
    activity = record(alice, [sato])
    activity.history.all().delete()  # as for demo data and bulk loads, kept before history
    activity_update(user=carol, activity=activity, description="初めての変更")

    (entry,) = history_entries(activity)

    assert entry.action == "変更"
    assert entry.baseline
    assert entry.user == carol
