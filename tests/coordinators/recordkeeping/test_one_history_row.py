"""A created record has one history row holding its lists, an update one more (issue 16)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordinators.activities.services import activity_update
from coordinators.consultations.services import consultation_update
from coordinators.models import Activity, Consultation
from tests.builders import consult, entry, good_row, record, record_meeting, workbook
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


def _coordinator_names(history_row):
    return sorted(link.coordinator.name for link in history_row.coordinators.all())


def test_an_activity_typed_on_the_week_page_has_one_history_row_with_its_coordinators(
    client_for, alice, sato, visit
):
    today = timezone.localdate().isoformat()  # an older week asks first (issue 15)
    data = {**entry(sato, visit, date=today), "center": sato.assignments.get().center_id}
    assert client_for(alice).post(reverse("coordinators:activity_create"), data).status_code == 302

    (row,) = Activity.objects.get().history.all()

    assert (row.history_type, row.history_user) == ("+", alice)
    assert _coordinator_names(row) == ["佐藤 花子"]


def test_an_imported_activity_has_one_history_row_with_its_coordinators(
    tmp_path, center_a, area_a, dave
):
    for name in ("佐藤 花子", "高橋 美咲"):
        AssignmentFactory(coordinator__name=name, center=center_a)
    SocialResourceFactory(name="東町ひだまり", area=area_a)
    path = tmp_path / "records.xlsx"
    path.write_bytes(workbook([good_row("2024/6/10")]))
    call_command("import_records", str(path), stdout=StringIO())

    (row,) = Activity.objects.get().history.all()

    assert row.history_type == "+"
    assert _coordinator_names(row) == ["佐藤 花子", "高橋 美咲"]


def test_an_update_adds_one_row_even_when_the_coordinators_change(alice, sato, center_a):
    tanaka = AssignmentFactory(center=center_a, coordinator__name="田中 一郎").coordinator
    activity = record(alice, [sato])
    activity_update(user=alice, activity=activity, coordinators=[tanaka], description="二回目")

    newest, first = activity.history.order_by("-pk")

    assert (first.history_type, newest.history_type) == ("+", "~")
    assert (_coordinator_names(first), _coordinator_names(newest)) == (["佐藤 花子"], ["田中 一郎"])


def test_the_history_page_shows_the_creation_with_its_coordinators(client_for, alice, carol, sato):
    activity = record(alice, [sato])

    response = client_for(carol).get(reverse("coordinators:activity_history", args=[activity.pk]))

    (created,) = response.context["entries"]
    assert (created.action, created.user) == ("作成", alice)
    assert {c.label: c.after for c in created.changes}["担当者"] == "佐藤 花子"


def test_a_consultation_has_one_row_created_and_one_per_update(alice, sato):
    consultation = consult(alice, sato)
    assert consultation.history.get().topics.count() == 2

    consultation_update(user=alice, consultation=consultation, topics=consultation.topics.all()[:1])

    assert Consultation.objects.get().history.count() == 2


def test_a_meeting_has_one_history_row_with_its_attendees(alice, sato, care_meeting_council):
    meeting = record_meeting(alice, care_meeting_council, [sato])

    (row,) = meeting.history.all()

    assert row.history_type == "+"
    assert _coordinator_names(row) == ["佐藤 花子"]
    assert meeting.activities.get().history.count() == 1
