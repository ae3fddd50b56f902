"""Individual support cases, matching a case with resources, and access records."""

import pytest
from django.urls import reverse

from coordinators.activities.services import activity_create
from coordinators.consultations.services import case_open
from coordinators.models import AccessRecord, ActivityForm, CaseStep, ResourceType
from tests.builders import MONDAY, category_of, consult
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(alice, sato):
    consultation = consult(alice, sato, summary="通いの場を探したい", subject_age=61)
    return case_open(user=alice, consultation=consultation, title="60代 要支援1 通いの場")


def test_bob_gets_404_on_alices_consultation_case_and_steps(client_for, bob, case_a, area_a):
    salon = SocialResourceFactory(area=area_a)
    client = client_for(bob)
    consultation = case_a.consultation
    for url in (
        consultation.get_absolute_url(),
        case_a.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404
    for name, args in [
        ("consultation_repeat", [consultation.pk]),
        ("consultation_delete", [consultation.pk]),
        ("case_create", [consultation.pk]),
        ("case_close", [case_a.pk]),
        ("case_connect", [case_a.pk, salon.pk]),
    ]:
        assert client.post(reverse(f"coordinators:{name}", args=args)).status_code == 404, name
    assert (
        client.post(case_a.get_absolute_url(), {"date": "R6.6.11", "description": "x"}).status_code
        == 404
    )
    assert CaseStep.objects.filter(case=case_a).count() == 1
    listing = client.get(reverse("coordinators:case_list")).content.decode()
    assert case_a.title not in listing


def test_every_case_view_leaves_an_access_record(client_for, alice, carol, case_a):
    client_for(alice).get(case_a.get_absolute_url())
    client_for(carol).get(case_a.get_absolute_url())
    records = AccessRecord.objects.filter(target=f"個別支援ケース #{case_a.pk}", action="閲覧")
    assert sorted(r.user.username for r in records) == ["alice", "carol"]
    assert all(r.address == "127.0.0.1" and r.path == case_a.get_absolute_url() for r in records)


def test_consultation_list_views_and_exports_leave_access_records(
    client_for, alice, sato, season_2024
):
    consult(alice, sato, summary="概要あり")
    client = client_for(alice)
    client.get(reverse("coordinators:consultation_list"))
    client.get(reverse("coordinators:consultation_list") + "?export=csv")
    client.get(reverse("coordinators:consultation_list") + "?export=xlsx")
    actions = list(AccessRecord.objects.order_by("pk").values_list("action", "target"))
    assert actions == [
        ("一覧表示", "相談記録一覧"),
        ("出力", "相談記録一覧（1件）"),
        ("出力", "相談記録一覧（1件）"),
    ]


def test_access_records_are_for_the_division_only(client_for, alice, carol, case_a):
    client_for(alice).get(case_a.get_absolute_url())
    assert client_for(alice).get(reverse("coordinators:accessrecord_list")).status_code == 403
    page = client_for(carol).get(reverse("coordinators:accessrecord_list")).content.decode()
    assert f"個別支援ケース #{case_a.pk}" in page


def test_access_records_cannot_be_changed_in_admin(client_for, dave, alice, case_a):
    client_for(alice).get(case_a.get_absolute_url())
    record = AccessRecord.objects.first()
    client = client_for(dave)
    url = f"/admin/coordinators/accessrecord/{record.pk}/"
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    client.post(url + "change/", {"action": "改ざん"})
    record.refresh_from_db()
    assert record.action == "閲覧"


def test_matching_finds_a_tenmillion_house_in_the_area_and_connects(
    client_for, alice, case_a, area_a, area_b
):
    house = SocialResourceFactory(
        name="テンミリオンハウス東町の家",
        area=area_a,
        resource_type=ResourceType.objects.get(name="テンミリオンハウス"),
        schedule="月〜金 10:00〜16:00",
    )
    SocialResourceFactory(
        name="よその家",
        area=area_b,
        resource_type=ResourceType.objects.get(name="テンミリオンハウス"),
    )
    client = client_for(alice)
    page = client.get(
        case_a.get_absolute_url()
        + f"?area={area_a.pk}&resource_type={house.resource_type_id}&schedule=金"
    ).content.decode()
    assert "テンミリオンハウス東町の家" in page
    assert "よその家" not in page
    client.post(reverse("coordinators:case_connect", args=[case_a.pk, house.pk]))
    step = case_a.steps.last()
    assert list(step.resources.all()) == [house]
    resource_page = client.get(house.get_absolute_url()).content.decode()
    assert "個別支援ケース 1件" in resource_page
    assert case_a.title in resource_page


def test_other_center_coordinator_cannot_open_case_of_a_person_moved_away(
    client_for, alice, bob, center_b, case_a
):
    # the case stays with the 所属 that opened it even if its coordinator moves on
    AssignmentFactory(coordinator__name="移動した人", center=center_b)
    assert client_for(bob).get(case_a.get_absolute_url()).status_code == 404


def test_case_step_links_an_individual_support_activity(client_for, alice, sato, case_a):
    individual = activity_create(
        user=alice,
        coordinators=[sato],
        date=MONDAY,
        category=category_of(6),
        form=ActivityForm.objects.get(name="訪問"),
        description="同行訪問",
    )
    other = activity_create(
        user=alice,
        coordinators=[sato],
        date=MONDAY,
        category=category_of(2),
        form=ActivityForm.objects.get(name="訪問"),
        description="サロン訪問",
    )
    client = client_for(alice)
    client.post(
        case_a.get_absolute_url(),
        {"date": "R6.6.17", "description": "同行訪問した", "activity": individual.pk},
    )
    assert case_a.steps.last().activity == individual
    response = client.post(
        case_a.get_absolute_url(),
        {"date": "R6.6.18", "description": "別の活動", "activity": other.pk},
    )
    assert "「個別支援」の活動記録を選んでください" in response.content.decode()
    assert case_a.steps.count() == 2


def test_closed_case_takes_no_more_steps(client_for, alice, case_a):
    client = client_for(alice)
    client.post(reverse("coordinators:case_close", args=[case_a.pk]))
    client.post(case_a.get_absolute_url(), {"date": "R6.6.17", "description": "追加"})
    assert case_a.steps.count() == 1
