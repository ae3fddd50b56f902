from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from coordinators.organisation.services import coordinator_assign
from tests.factories import AssignmentFactory, CenterFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


def test_a_person_cannot_belong_to_two_centers_on_the_same_day():
    first = AssignmentFactory(start_date=date(2021, 4, 1), end_date=None)
    with pytest.raises(ValidationError, match="所属履歴の期間が重なっています"):
        coordinator_assign(
            coordinator=first.coordinator,
            center=CenterFactory(),
            tier=2,
            start_date=date(2023, 4, 1),
        )


def test_closing_the_old_assignment_allows_the_move():
    first = AssignmentFactory(start_date=date(2021, 4, 1))
    coordinator_assign(
        coordinator=first.coordinator,
        center=first.center,
        tier=2,
        start_date=date(2021, 4, 1),
        end_date=date(2023, 3, 31),
    )
    moved = coordinator_assign(
        coordinator=first.coordinator, center=CenterFactory(), tier=1, start_date=date(2023, 4, 1)
    )
    assert first.coordinator.assignments.count() == 2
    assert moved.tier == 1


def test_assignment_ending_before_it_starts_is_refused_by_the_database():
    coordinator = CoordinatorFactory()
    with pytest.raises(IntegrityError):
        AssignmentFactory(
            coordinator=coordinator, start_date=date(2024, 4, 1), end_date=date(2024, 3, 31)
        )


def test_assignment_ending_before_it_starts_is_refused_in_japanese():
    with pytest.raises(ValidationError, match="終了日は開始日以降の日付にしてください"):
        coordinator_assign(
            coordinator=CoordinatorFactory(),
            center=CenterFactory(),
            tier=2,
            start_date=date(2024, 4, 1),
            end_date=date(2024, 3, 31),
        )


def test_admin_refuses_overlapping_assignment_rows(client, dave):
    center = CenterFactory(name="センターA")
    coordinator = CoordinatorFactory(name="中村 由美")
    client.force_login(dave)
    url = f"/admin/coordinators/coordinator/{coordinator.pk}/change/"
    data = {
        "name": coordinator.name,
        "kana": coordinator.kana,
        "user": "",
        "assignments-TOTAL_FORMS": "2",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    for index, start in enumerate(("2021-04-01", "2023-04-01")):
        data |= {
            f"assignments-{index}-center": center.pk,
            f"assignments-{index}-tier": "2",
            f"assignments-{index}-start_date": start,
            f"assignments-{index}-end_date": "",
            f"assignments-{index}-coordinator": coordinator.pk,
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "所属履歴の期間が重なっています" in response.content.decode()
    assert not coordinator.assignments.exists()

    data["assignments-0-end_date"] = "2023-03-31"
    response = client.post(url, data)
    assert response.status_code == 302
    assert coordinator.assignments.count() == 2
