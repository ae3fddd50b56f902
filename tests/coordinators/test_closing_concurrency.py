"""A close and an edit of the same half-year at the same moment: exactly one outcome holds.

Needs PostgreSQL (CI runs the suite on it): SQLite runs one write transaction at a time, so
there the race cannot happen at all.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from coordinators.activities.services import activity_update
from coordinators.closing import half_year_close
from coordinators.models import Activity, HalfYearClosing
from tests.builders import record

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs concurrent write transactions"
    ),
]

HOLD_SECONDS = 0.5


def in_thread(work):
    """Run work() on its own connection; return (thread, outcome dict)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def activity(alice, sato):
    return record(alice, [sato])


def test_an_edit_in_flight_lands_before_the_close(alice, carol, activity):
    edit_checked = threading.Event()

    def edit():
        with transaction.atomic():
            stored = Activity.objects.get(pk=activity.pk)
            activity_update(user=alice, activity=stored, description="編集が先")
            edit_checked.set()
            time.sleep(HOLD_SECONDS)  # the close arrives while this edit is uncommitted
        return timezone.now()

    def close():
        edit_checked.wait(5)
        return half_year_close(user=carol, fiscal_year=2024, half=1)

    editing, edited = in_thread(edit)
    closing_thread, closed = in_thread(close)
    editing.join(10)
    closing_thread.join(10)

    assert "error" not in edited
    assert "error" not in closed
    saved = Activity.objects.get(pk=activity.pk)
    closing = HalfYearClosing.objects.get()
    assert saved.description == "編集が先"
    # The close waited for the edit to commit: nothing in the half-year changed after it.
    assert closing.closed_at >= edited["result"]


def test_an_edit_arriving_during_the_close_is_refused(alice, carol, activity):
    close_written = threading.Event()

    def close():
        with transaction.atomic():
            closing = half_year_close(user=carol, fiscal_year=2024, half=1)
            close_written.set()
            time.sleep(HOLD_SECONDS)  # the edit arrives while the close is uncommitted
            return closing

    def edit():
        close_written.wait(5)
        with transaction.atomic():
            stored = Activity.objects.get(pk=activity.pk)
            return activity_update(user=alice, activity=stored, description="締めの後")

    closing_thread, closed = in_thread(close)
    editing, edited = in_thread(edit)
    closing_thread.join(10)
    editing.join(10)

    assert "error" not in closed
    assert isinstance(edited.get("error"), ValidationError)
    assert "締めた" in " ".join(edited["error"].messages)
    assert Activity.objects.get(pk=activity.pk).description == "サロン訪問"
