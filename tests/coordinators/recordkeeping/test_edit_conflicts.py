"""Optimistic locking: saving over someone else's newer change saves nothing, says what changed."""

import pytest
from django.urls import reverse

from coordinators.activities.services import activity_update
from coordinators.consultations.services import consultation_update
from coordinators.models import Activity, Consultation, SocialResource
from coordinators.resources.services import social_resource_update
from councils.models import Meeting, RegionalIssue
from councils.services import issue_update, meeting_update
from tests.builders import consult, record, record_meeting
from tests.page_forms import form_in, form_on, post_data

pytestmark = pytest.mark.django_db


def post(client, action, form, **overrides):
    return client.post(action, post_data(form.values(**overrides)))


def test_activity_saved_from_an_old_page_is_refused_with_what_changed(
    client_for, alice, carol, sato
):
    activity = record(alice, [sato])
    client = client_for(alice)
    action = reverse("coordinators:activity_update", args=[activity.pk])
    week = reverse("coordinators:week") + f"?center={activity.center_id}&edit={activity.pk}"
    form = form_on(client, week, action)
    # Meanwhile the division corrects the same record.
    activity_update(user=carol, activity=activity, description="サロン訪問（参加者12名）")

    refused = post(client, action, form, **{"edit-description": "サロン訪問と見守り"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "画面を開いた後に変更されました" in text
    assert "内容「サロン訪問」→「サロン訪問（参加者12名）」" in text
    assert Activity.objects.get(pk=activity.pk).description == "サロン訪問（参加者12名）"

    # The page now carries the current version: saving again overwrites knowingly.
    again = form_in(text, action, action)
    assert post(client, action, again).status_code == 302
    assert Activity.objects.get(pk=activity.pk).description == "サロン訪問と見守り"


def test_an_unchanged_record_saves_normally(client_for, alice, sato):
    activity = record(alice, [sato])
    client = client_for(alice)
    action = reverse("coordinators:activity_update", args=[activity.pk])
    week = reverse("coordinators:week") + f"?center={activity.center_id}&edit={activity.pk}"
    form = form_on(client, week, action)

    assert post(client, action, form, **{"edit-description": "見守り訪問"}).status_code == 302
    assert Activity.objects.get(pk=activity.pk).description == "見守り訪問"


def test_consultation_details_from_an_old_page_are_refused(client_for, alice, carol, sato):
    consultation = consult(alice, sato)
    client = client_for(alice)
    url = reverse("coordinators:consultation_detail", args=[consultation.pk])
    form = form_on(client, url, url)
    consultation_update(user=carol, consultation=consultation, subject_age=81)

    refused = post(client, url, form, subject_age="79")

    assert "画面を開いた後に変更されました" in refused.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).subject_age == 81


def test_resource_from_an_old_page_is_refused(client_for, alice, carol, resource_a):
    client = client_for(alice)
    url = reverse("coordinators:resource_update", args=[resource_a.pk])
    form = form_on(client, url, url)
    social_resource_update(user=carol, resource=resource_a, notes="毎週火曜日に開催")

    refused = post(client, url, form, notes="第2火曜日のみ")

    assert refused.status_code == 200
    assert "備考「（空）」→「毎週火曜日に開催」" in refused.content.decode()
    assert SocialResource.objects.get(pk=resource_a.pk).notes == "毎週火曜日に開催"


def test_meeting_from_an_old_page_is_refused(
    client_for,
    alice,
    carol,
    sato,
    care_meeting_council,
):
    meeting = record_meeting(alice, care_meeting_council, [sato])
    client = client_for(alice)
    url = reverse("councils:meeting_update", args=[meeting.pk])
    form = form_on(client, url, url)
    meeting_update(user=carol, meeting=meeting, summary="次回は7月")

    refused = post(client, url, form, summary="次回未定")

    assert "画面を開いた後に変更されました" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).summary == "次回は7月"


def test_regional_issue_from_an_old_page_is_refused(client_for, alice, carol, raised):
    issue, _meeting = raised
    client = client_for(alice)
    page = reverse("councils:issue_detail", args=[issue.pk])
    action = reverse("councils:issue_update", args=[issue.pk])
    form = form_on(client, page, action)
    issue_update(
        user=carol, issue=issue, title="買い物支援の不足", description="", areas=[], themes=[]
    )

    response = post(client, action, form, title="移動販売の要望")

    assert "画面を開いた後に変更されました" in client.get(response.url).content.decode()
    assert RegionalIssue.objects.get(pk=issue.pk).title == "買い物支援の不足"
