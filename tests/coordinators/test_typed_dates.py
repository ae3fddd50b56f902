"""Dates as staff type them, on the screens, in the services and in the imports (issue 15).

平成31年 after the era change, the era ligatures (㋿ ㍻) and full-width input are read as the
dates they mean; dates outside the record range (平成27年4月1日 to the end of next fiscal year)
are refused with the range named, on every path that writes a record. Today is frozen at
2026-11-30, so the range ends on 令和10年3月31日.
"""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from coordinators.activities.services import (
    activities_copy_forward,
    activity_create,
    activity_update,
)
from coordinators.consultations.services import consultation_update
from coordinators.demo.categories import SeededCategory
from coordinators.models import Activity, ActivityForm, Consultation
from councils.models import Meeting
from councils.services import meeting_update
from tests.builders import (
    consult,
    consultation_row,
    consultation_workbook,
    good_row,
    make,
    record_meeting,
    resource_post_data,
    workbook,
)
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

RANGE = "平成27年4月1日から令和10年3月31日までの日付を入力してください。"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("coordinators.periods.today", lambda: date(2026, 11, 30))


@pytest.fixture
def takahashi(center_a):
    """A coordinator of センターA since the programme's start, so 2019 dates have a 所属."""
    return AssignmentFactory(
        coordinator__name="高橋 美咲", center=center_a, start_date=date(2015, 4, 1)
    ).coordinator


def post_meeting(client, council, coordinator, typed):
    return client.post(
        reverse("councils:meeting_create"),
        {
            "council": council.pk,
            "date": typed,
            "coordinators": [coordinator.pk],
            "agenda": "見守り",
        },
    )


# --- typed forms read as the dates they mean -----------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("平成31年5月10日", date(2019, 5, 10)),  # 平成 typed after the era change
        ("H31.12.11", date(2019, 12, 11)),
        ("㋿6年6月1日", date(2024, 6, 1)),  # the era ligatures
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("２０２４／６／３", date(2024, 6, 3)),  # an IME in full-width mode
        ("Ｒ６．６．３", date(2024, 6, 3)),
    ],
)
def test_a_meeting_date_typed_any_way_is_saved_as_the_date_meant(
    client_for, alice, takahashi, care_meeting_council, typed, expected
):
    response = post_meeting(client_for(alice), care_meeting_council, takahashi, typed)
    assert response.status_code == 302
    assert Meeting.objects.get().date == expected
    assert Activity.objects.get().date == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("平成31年5月10日", date(2019, 5, 10)),
        ("H31.12.11", date(2019, 12, 11)),
        ("㋿6年6月1日", date(2024, 6, 1)),
        ("２０２４／６／３", date(2024, 6, 3)),
        ("Ｒ６．６．３", date(2024, 6, 3)),
    ],
)
def test_the_records_import_reads_the_same_forms(tmp_path, dave, takahashi, typed, expected):
    path = tmp_path / "records.xlsx"
    path.write_bytes(workbook([good_row(typed, 担当者="高橋 美咲", 訪問先="")]))
    call_command("import_records", str(path), stdout=StringIO())
    assert Activity.objects.get().date == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("平成32年1月1日", "「平成32年1月1日」: 平成は31年までです。"),
        ("R1.4.30", "「R1.4.30」: 令和は令和元年5月1日からです。"),
        ("2024/6/3²", "「2024/6/3²」は日付として読めません。"),
    ],
)
def test_dates_that_never_were_are_refused_at_the_field(
    client_for, alice, takahashi, care_meeting_council, typed, message
):
    response = post_meeting(client_for(alice), care_meeting_council, takahashi, typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


# --- the record range: on the screens ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("R99.1.1", f"令和99年1月1日は記録できる期間の外です。{RANGE}"),
        ("H27.3.31", f"平成27年3月31日は記録できる期間の外です。{RANGE}"),
        ("R10.4.1", f"令和10年4月1日は記録できる期間の外です。{RANGE}"),
        ("9999/12/31", "「9999/12/31」は扱える日付の外です。"),
        ("0001/1/1", "「0001/1/1」は扱える日付の外です。"),
    ],
)
def test_a_meeting_outside_the_record_range_is_refused_naming_the_range(
    client_for, alice, sato, care_meeting_council, typed, message
):
    response = post_meeting(client_for(alice), care_meeting_council, sato, typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("R99.1.1", f"令和99年1月1日は記録できる期間の外です。{RANGE}"),
        ("9999/12/31", "「9999/12/31」は扱える日付の外です。"),
        ("0001/1/1", "「0001/1/1」は扱える日付の外です。"),
    ],
)
def test_copying_to_another_day_outside_the_range_is_refused(
    client_for, alice, sato, typed, message
):
    client = client_for(alice)
    activity = make(alice, sato, day=date(2026, 11, 30))
    response = client.post(
        reverse("coordinators:activity_copy", args=[activity.pk]), {"to_date": typed}
    )
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert Activity.objects.count() == 1


def test_a_resources_start_date_may_be_old_but_not_before_taisho(client_for, alice, resource_a):
    client = client_for(alice)
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    refused = client.post(url, resource_post_data(resource_a, launched_on="0001/1/1"))
    assert "「0001/1/1」は扱える日付の外です。大正元年7月30日から" in refused.content.decode()
    client.post(url, resource_post_data(resource_a, launched_on="S50.4.1"))
    resource_a.refresh_from_db()
    assert resource_a.launched_on == date(1975, 4, 1)


# --- the record range: in the services, so every path refuses alike -----------------------


def _activity_fields(day):
    return {
        "date": day,
        "category": SeededCategory.FACT_FINDING,
        "form": ActivityForm.objects.get(name="訪問"),
        "description": "訪問",
    }


@pytest.mark.parametrize(
    "day", [date(2117, 1, 1), date(9999, 12, 31), date(1, 1, 1), date(2015, 3, 31)]
)
def test_activity_create_refuses_a_date_outside_the_range_at_date(alice, sato, day):
    with pytest.raises(ValidationError) as error:
        activity_create(user=alice, coordinators=[sato], **_activity_fields(day))
    assert list(error.value.message_dict) == ["date"]
    assert RANGE in error.value.message_dict["date"][0]
    assert not Activity.objects.exists()


def test_activity_update_refuses_moving_out_of_the_range(alice, sato):
    activity = make(alice, sato)
    with pytest.raises(ValidationError) as error:
        activity_update(user=alice, activity=activity, date=date(9999, 12, 31))
    assert RANGE in error.value.message_dict["date"][0]
    assert Activity.objects.get().date == date(2024, 6, 10)


def test_copying_last_week_past_the_end_of_the_range_copies_nothing(alice, sato):
    last_week = make(alice, sato, day=date(2028, 3, 27))
    with pytest.raises(ValidationError) as error:
        activities_copy_forward(user=alice, activities=[last_week], days=7)
    assert "令和10年4月3日は記録できる期間の外です。" in error.value.message_dict["date"][0]
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("day", [date(2117, 1, 1), date(9999, 12, 31), date(1, 1, 1)])
def test_consultations_refuse_a_date_outside_the_range_at_received_on(alice, sato, day):
    with pytest.raises(ValidationError) as error:
        consult(alice, sato, day=day)
    assert RANGE in error.value.message_dict["received_on"][0]
    consultation = consult(alice, sato)
    with pytest.raises(ValidationError) as error:
        consultation_update(user=alice, consultation=consultation, received_on=day)
    assert RANGE in error.value.message_dict["received_on"][0]
    assert Consultation.objects.get().received_on == date(2024, 6, 10)


@pytest.mark.parametrize("day", [date(2117, 1, 1), date(9999, 12, 31), date(1, 1, 1)])
def test_meetings_refuse_a_date_outside_the_range_at_date(alice, sato, care_meeting_council, day):
    with pytest.raises(ValidationError) as error:
        record_meeting(alice, care_meeting_council, [sato], day=day)
    assert RANGE in error.value.message_dict["date"][0]
    meeting = record_meeting(alice, care_meeting_council, [sato])
    with pytest.raises(ValidationError) as error:
        meeting_update(user=alice, meeting=meeting, date=day)
    assert RANGE in error.value.message_dict["date"][0]
    assert Activity.objects.get().date == date(2024, 6, 12)


# --- the record range: in the imports ------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("R99.1.1", f"活動記録!2 日付: 令和99年1月1日は記録できる期間の外です。{RANGE}"),
        (
            datetime(9999, 12, 31),
            f"活動記録!2 日付: 9999年12月31日は記録できる期間の外です。{RANGE}",
        ),
        ("0001/1/1", "活動記録!2 日付: 「0001/1/1」は扱える日付の外です。"),
    ],
)
def test_the_records_import_refuses_an_activity_outside_the_range(
    tmp_path, dave, sato, cell, message, capsys
):
    path = tmp_path / "records.xlsx"
    path.write_bytes(workbook([good_row(cell, 担当者="佐藤 花子", 訪問先="")]))
    with pytest.raises(CommandError):
        call_command("import_records", str(path))
    assert message in capsys.readouterr().err
    assert not Activity.objects.exists()


def test_the_records_import_refuses_a_consultation_outside_the_range(tmp_path, dave, sato, capsys):
    path = tmp_path / "records.xlsx"
    path.write_bytes(consultation_workbook([consultation_row(受付日="R99.1.1")]))
    with pytest.raises(CommandError):
        call_command("import_records", str(path))
    assert f"相談記録!2 受付日: 令和99年1月1日は記録できる期間の外です。{RANGE}" in (
        capsys.readouterr().err
    )
    assert not Consultation.objects.exists()
