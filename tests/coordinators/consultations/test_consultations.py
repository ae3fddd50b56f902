"""Consultations, cases and their access records; the resource page's figures and duplicates."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.activities.services import activity_create
from coordinators.closing import half_year_close
from coordinators.consultations.services import case_open
from coordinators.models import (
    AccessRecord,
    ActivityForm,
    CaseStep,
    Consultation,
    ConsultationOutcome,
    ResourceState,
    ResourceType,
    SocialResource,
)
from tests.builders import consult, quick_post
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2024, 6, 10)


@pytest.fixture
def case_a(alice, sato):
    consultation = consult(alice, sato, summary="通いの場を探したい", subject_age=61)
    return case_open(user=alice, consultation=consultation, title="60代 要支援1 通いの場")


def test_quick_consultation_from_the_week_page_and_same_again(client_for, alice, sato):
    client = client_for(alice)
    response = client.post(reverse("coordinators:consultation_create"), quick_post(sato))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.center.name == "センターA"
    assert [t.name for t in consultation.topics.all()] == ["認知症"]
    client.post(reverse("coordinators:consultation_repeat", args=[consultation.pk]))
    assert Consultation.objects.count() == 2
    page = client.get(reverse("home") + f"?date={MONDAY.isoformat()}").content.decode()
    assert "今週 2件" in page


def test_quick_consultation_without_topics_is_refused_at_the_field(client_for, alice, sato):
    response = client_for(alice).post(
        reverse("coordinators:consultation_create"), quick_post(sato, **{"consultation-topics": []})
    )
    assert "相談内容を1つ以上選んでください" in response.content.decode()
    assert not Consultation.objects.exists()


def test_connected_outcome_asks_for_the_resource_on_screen(client_for, alice, sato):
    outcome = ConsultationOutcome.objects.get(name="社会資源につないだ")
    response = client_for(alice).post(
        reverse("coordinators:consultation_create"),
        quick_post(sato, **{"consultation-outcome": outcome.pk}),
    )
    assert "つないだ社会資源を選んでください" in response.content.decode()
    assert not Consultation.objects.exists()


def test_closed_half_year_refuses_consultations(alice, carol, sato):
    half_year_close(user=carol, fiscal_year=2024, half=1)
    with pytest.raises(ValidationError) as error:
        consult(alice, sato)
    assert "令和6年度上半期（全所属）" in error.value.message_dict["received_on"][0]


def test_staff_cannot_record_for_another_centers_coordinator(alice, suzuki):
    with pytest.raises(ValidationError, match="自分の所属の担当者だけ"):
        consult(alice, suzuki)


def test_age_out_of_range_is_refused(alice, sato):
    with pytest.raises(ValidationError, match="130歳以下"):
        consult(alice, sato, subject_age=131)


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


def test_consultation_list_views_and_exports_leave_access_records(client_for, alice, sato):
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


def test_resource_page_counts_visits_by_half_year(client_for, alice, sato, area_a):
    salon = SocialResourceFactory(area=area_a)
    visit = ActivityForm.objects.get(name="訪問")
    meeting = ActivityForm.objects.get(name="会議・協議体出席")
    for day, minutes, form in [
        (date(2024, 4, 1), 60, visit),
        (date(2024, 9, 30), 90, visit),
        (date(2024, 10, 1), None, visit),
        (date(2024, 6, 1), 120, meeting),  # not a visit
    ]:
        activity_create(
            user=alice,
            coordinators=[sato],
            date=day,
            category=2,
            form=form,
            resource=salon,
            duration_minutes=minutes,
            description="訪問",
        )
    response = client_for(alice).get(salon.get_absolute_url())
    rows = {row["period"].label: row for row in response.context["visits_by_half"]}
    first = rows["令和6年度上半期"]
    assert (first["visits"], first["hours"], first["average_minutes"]) == (2, 2.5, 75)
    assert (first["centers"], first["coordinators"]) == (1, 1)
    assert rows["令和6年度下半期"]["average_minutes"] is None
    assert response.context["visit_totals"]["visits"] == 3
    assert response.context["visit_totals"]["last"] == date(2024, 10, 1)


def test_state_changes_keep_who_and_when(client_for, alice, area_a):
    from tests.builders import resource_post_data

    client = client_for(alice)
    client.post(
        reverse("coordinators:resource_create"),
        {
            "name": "新しいつどいの場",
            "resource_type": ResourceType.objects.get(name="つどいの場").pk,
            "state": "preparing",
            "area": area_a.pk,
            "confirm_new": "1",
        },
    )
    resource = SocialResource.objects.get(name="新しいつどいの場")
    client.post(
        reverse("coordinators:resource_update", args=[resource.pk]),
        resource_post_data(resource, state="active"),
    )
    states = list(resource.state_changes.values_list("state", "changed_by__username"))
    assert states == [(ResourceState.PREPARING, "alice"), (ResourceState.ACTIVE, "alice")]
    resource.refresh_from_db()
    assert resource.updated_by.username == "alice"


def test_adding_a_similar_name_asks_first(client_for, alice, area_a):
    SocialResourceFactory(name="いきいきサロン ひだまり", area=area_a)
    data = {
        "name": "いきいきｻﾛﾝ　ひだまり",
        "resource_type": ResourceType.objects.get(name="いきいきサロン").pk,
        "state": "preparing",
        "area": area_a.pk,
    }
    client = client_for(alice)
    page = client.post(reverse("coordinators:resource_create"), data).content.decode()
    assert "似た名前の社会資源がすでに登録されています" in page
    assert "いきいきサロン ひだまり" in page
    assert SocialResource.objects.count() == 1
    client.post(reverse("coordinators:resource_create"), {**data, "confirm_new": "1"})
    assert SocialResource.objects.count() == 2


def test_new_resource_defaults_to_preparing(client_for, alice):
    form = client_for(alice).get(reverse("coordinators:resource_create")).context["form"]
    assert form.initial["state"] == ResourceState.PREPARING


def test_directory_exports_the_filtered_rows(client_for, alice, area_a):
    SocialResourceFactory(name="=HYPERLINK(1)", area=area_a)
    SocialResourceFactory(name="別のサロン", area=area_a)
    content = (
        client_for(alice)
        .get(reverse("coordinators:resource_list") + "?q=HYPERLINK&export=csv")
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK(1)" in content
    assert "別のサロン" not in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["directory", "resource", "consultations"])
def test_query_counts_are_the_same_for_1_and_20_rows(client_for, alice, sato, area_a, page):
    client = client_for(alice)
    salon = SocialResourceFactory(area=area_a)
    visit = ActivityForm.objects.get(name="訪問")

    def add_row(n):
        SocialResourceFactory(area=area_a)
        consult(alice, sato, day=MONDAY + timedelta(days=n), resource=None)
        activity_create(
            user=alice,
            coordinators=[sato],
            date=MONDAY + timedelta(days=n * 30),
            category=2,
            form=visit,
            resource=salon,
            duration_minutes=60,
            description="訪問",
        )

    url = {
        "directory": reverse("coordinators:resource_list"),
        "resource": salon.get_absolute_url(),
        "consultations": reverse("coordinators:consultation_list"),
    }[page]
    add_row(0)
    one = count_queries(client, url)
    for n in range(1, 20):
        add_row(n)
    assert count_queries(client, url) == one


def test_other_center_coordinator_cannot_open_case_of_a_person_moved_away(
    client_for, alice, bob, center_b, case_a
):
    # the case stays with the 所属 that opened it even if its coordinator moves on
    AssignmentFactory(coordinator__name="移動した人", center=center_b)
    assert client_for(bob).get(case_a.get_absolute_url()).status_code == 404


def test_details_are_added_on_the_consultation_page(client_for, alice, sato):
    consultation = consult(alice, sato)
    client = client_for(alice)
    data = {
        "received_on": "R6.6.10",
        "coordinator": sato.pk,
        "route": consultation.route_id,
        "consulter_type": consultation.consulter_type_id,
        "topics": [t.pk for t in consultation.topics.all()],
        "outcome": consultation.outcome_id,
        "resource": "",
        "summary": "デイサービス以外の居場所を希望",
        "subject_age": "７８",
        "subject_sex": "female",
        "care_level": "support2",
    }
    response = client.post(consultation.get_absolute_url(), data)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.subject_age, consultation.care_level) == (78, "support2")
    assert consultation.updated_by == alice
    actions = set(AccessRecord.objects.values_list("action", flat=True))
    assert "変更" in actions


def test_case_step_links_an_individual_support_activity(client_for, alice, sato, case_a):
    individual = activity_create(
        user=alice,
        coordinators=[sato],
        date=MONDAY,
        category=6,
        form=ActivityForm.objects.get(name="訪問"),
        description="同行訪問",
    )
    other = activity_create(
        user=alice,
        coordinators=[sato],
        date=MONDAY,
        category=2,
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
