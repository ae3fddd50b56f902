"""Every date shown for a timestamp is the date in Japan (issue 13 §2): on pages, in the refusal
of a closed half-year, in exported files. Tried at 00:30 and 08:59 JST, the hours at which the
UTC date is still the day before."""

import csv
import io
from datetime import UTC, date, datetime
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from coordinators.closing import half_year_close
from coordinators.models import AccessRecord, Activity
from coordinators.periods import local_date, wareki_date
from tests.builders import record

pytestmark = pytest.mark.django_db

# (instant in UTC, its date in Japan, its time in Japan)
INSTANTS = [
    pytest.param(
        datetime(2024, 9, 30, 15, 30, tzinfo=UTC), "令和6年10月1日", "00:30", id="00:30JST"
    ),
    pytest.param(
        datetime(2024, 6, 9, 23, 59, tzinfo=UTC), "令和6年6月10日", "08:59", id="08:59JST"
    ),
]


@pytest.mark.parametrize(("instant", "shown", "_time"), INSTANTS)
def test_a_timestamp_is_shown_as_its_date_in_japan(instant, shown, _time):
    assert wareki_date(instant) == shown
    assert local_date(instant) == date(2024, 10, 1) if "10月" in shown else date(2024, 6, 10)
    assert Template("{% load wareki %}{{ at|wareki }}").render(Context({"at": instant})) == shown


@pytest.mark.parametrize(("instant", "shown", "time"), INSTANTS)
def test_the_activity_page_shows_when_it_was_recorded_in_japan(
    client_for, alice, sato, instant, shown, time
):
    activity = record(alice, [sato], day=date(2024, 6, 10))
    Activity.objects.filter(pk=activity.pk).update(created_at=instant)
    page = client_for(alice).get(activity.get_absolute_url()).content.decode()
    assert f"（{shown} {time}）" in page


@pytest.mark.parametrize(("instant", "shown", "_time"), INSTANTS)
def test_a_closing_shows_one_date_on_the_page_in_the_refusal_and_in_the_workbook(
    client_for, alice, carol, sato, center_a, instant, shown, _time
):
    record(alice, [sato], day=date(2024, 6, 3), description="締める前の記録")
    with mock.patch("django.utils.timezone.now", return_value=instant):
        half_year_close(user=carol, fiscal_year=2024, half=1, center=None)
    division = client_for(carol)

    page = division.get(reverse("reports:closing") + "?period=2024H1").content.decode()
    assert shown in page

    with pytest.raises(ValidationError, match=f"{shown}に"):
        record(alice, [sato], day=date(2024, 6, 10), description="遅れた記録")

    content = division.get(reverse("reports:report") + "?period=2024H1&format=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["活動内容ごとの実施件数"]
    assert sheet.oddFooter.left.text.startswith(f"締め: {shown}")


@pytest.mark.parametrize(("instant", "shown", "time"), INSTANTS)
def test_the_access_records_and_their_export_are_in_japan(client_for, carol, instant, shown, time):
    with mock.patch("django.utils.timezone.now", return_value=instant):
        AccessRecord.objects.create(user=carol, action="閲覧", target="相談記録 #1", path="/")
    division = client_for(carol)
    page = division.get(reverse("coordinators:accessrecord_list")).content.decode()
    assert f"{shown} {time}" in page
    export = division.get(reverse("coordinators:accessrecord_list") + "?export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    # the list's own read is recorded too now (issue 17): find the record made above
    (made,) = [row for row in rows[1:] if "相談記録 #1" in row]
    assert made[0].startswith(shown)
