"""What records use cannot be deleted, on any path; the refusal says what to do instead
(issue 13 §1). Deleting would silently take a 相談内容, a 担当者 or a 社会資源 off past records."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from coordinators.consultations.services import case_connect_resource, case_open
from coordinators.models import (
    Activity,
    Assignment,
    CaseStep,
    Consultation,
    ConsultationTopic,
    Coordinator,
    SocialResource,
)
from tests.builders import consult, record

pytestmark = pytest.mark.django_db


def admin_delete(client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    page = client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    return page


def test_a_topic_in_use_is_refused_in_admin_and_its_links_stay(client_for, dave, alice, sato):
    consultation = consult(alice, sato)
    topic = ConsultationTopic.objects.get(name="個別ケース")
    page = admin_delete(client_for(dave), topic)
    assert "相談内容「個別ケース」は相談記録1件で使われているため削除できません" in page
    assert "「有効」のチェックを外してください" in page
    assert ConsultationTopic.objects.filter(pk=topic.pk).exists()
    assert set(consultation.topics.values_list("name", flat=True)) == {"個別ケース", "活動場所"}


def test_a_coordinator_with_records_keeps_assignments_and_links(client_for, dave, alice, sato):
    activity = record(alice, [sato])
    page = admin_delete(client_for(dave), sato)
    assert "活動記録1件で使われているため削除できません" in page
    assert "所属履歴に「終了日」を入れてください" in page
    assert Coordinator.objects.filter(pk=sato.pk).exists()
    assert Assignment.objects.filter(coordinator=sato).count() == 1
    assert list(Activity.objects.get(pk=activity.pk).coordinators.all()) == [sato]


def test_a_resource_linked_to_a_case_step_is_refused(client_for, dave, alice, sato, resource_a):
    consultation = consult(alice, sato)
    case = case_open(user=alice, consultation=consultation, title="通いの場")
    case_connect_resource(user=alice, case=case, resource=resource_a)
    page = admin_delete(client_for(dave), resource_a)
    assert "ケースの経過1件で使われているため削除できません" in page
    assert "状態を「終了」にしてください" in page
    assert CaseStep.objects.filter(resources=resource_a).count() == 1


def test_delete_selected_in_admin_is_refused_for_what_is_in_use(client_for, dave, alice, sato):
    consult(alice, sato)
    unused = ConsultationTopic.objects.create(name="使われていない内容")
    used = ConsultationTopic.objects.get(name="活動場所")
    url = reverse("admin:coordinators_consultationtopic_changelist")
    page = client_for(dave).post(
        url, {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"}
    )
    assert "使われているため削除できません" in page.content.decode()
    assert ConsultationTopic.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_every_other_path_meets_the_same_refusal(alice, sato, resource_a):
    consult(alice, sato, resource=resource_a)
    topic = ConsultationTopic.objects.get(name="個別ケース")
    # Each in a savepoint of its own: a refused delete spoils the transaction it ran in.
    with (
        pytest.raises(ProtectedError, match="使われているため削除できません"),
        transaction.atomic(),
    ):
        topic.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        ConsultationTopic.objects.filter(pk=topic.pk).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        SocialResource.objects.filter(pk=resource_a.pk).delete()
    assert Consultation.objects.get().topics.count() == 2


def test_what_no_record_uses_can_still_be_deleted(client_for, dave):
    unused = ConsultationTopic.objects.create(name="誤って作った内容")
    admin_delete(client_for(dave), unused)
    assert not ConsultationTopic.objects.filter(pk=unused.pk).exists()
