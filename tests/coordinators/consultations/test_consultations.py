"""Consultations: the quick form of the week page, its checks and the consultation page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordinators.closing import half_year_close
from coordinators.models import AccessRecord, Consultation, ConsultationOutcome
from coordinators.recordkeeping.edit_conflicts import current_version
from tests.builders import MONDAY, consult, quick_post

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]


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


def test_details_are_added_on_the_consultation_page(client_for, alice, sato):
    consultation = consult(alice, sato)
    client = client_for(alice)
    data = {
        "version": current_version(consultation),
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


def test_the_week_page_lists_the_weeks_consultations_with_what_was_counted(client_for, alice, sato):
    # read with three joins, not the consultation pages' six (issue 22): each line still
    # shows 経路, 種別, 相談内容 and 結果, and the page's statements do not grow with lines
    client = client_for(alice)
    url = reverse("home") + f"?date={MONDAY.isoformat()}"
    consult(alice, sato)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        consult(alice, sato)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()

    line = page.split('<table class="table consultations">')[1].split("</tr>")[1]
    for shown in ("来所・電話", "ケアマネジャー", "個別ケース、活動場所", "情報提供・助言で終了"):
        assert shown in line
    assert page.count("同じ内容をもう1件") == 5
    assert len(five.captured_queries) == len(one.captured_queries)
