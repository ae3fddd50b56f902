"""A form sent twice (double click, back button, retried request) writes one record."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from coordinators.activities.services import activity_update
from coordinators.models import Activity, ActivityForm, FormSubmission, SocialResource
from tests.page_forms import form_on, post_data

# Their weeks are 令和6年度 weeks, entered in that season (no far-week question).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

DAY = date(2024, 6, 10)


def week_entry(client, sato):
    """(URL, data) of the week page's entry form, filled in for one activity."""
    week = reverse("coordinators:week") + "?date=2024-06-10"
    action = reverse("coordinators:activity_create")
    form = form_on(client, week, action)
    data = post_data(
        form.values(
            date="2024-06-10", category="2", description="サロン訪問", coordinators=[sato.pk]
        )
    )
    data["form"] = form.options("form")[0]
    return action, data


def test_the_week_entry_sent_twice_makes_one_activity(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)

    first = client.post(action, data)
    second = client.post(action, data)

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Activity.objects.count() == 1
    note = client.get(second.url).content.decode()
    assert "この送信は受付済みです" in note


def test_a_new_page_gives_a_new_token(client_for, alice, sato):
    client = client_for(alice)
    week = reverse("coordinators:week") + "?date=2024-06-10"
    action = reverse("coordinators:activity_create")
    tokens = {form_on(client, week, action).field("submit_token")["value"] for _ in range(2)}
    assert len(tokens) == 2


def test_a_form_refused_with_errors_can_be_corrected_and_sent_with_the_same_token(
    client_for, alice, area_a
):
    client = client_for(alice)
    url = reverse("coordinators:resource_create")
    form = form_on(client, url, url)
    data = post_data(form.values(name=""))
    data["area"] = str(area_a.pk)
    data["resource_type"] = form.options("resource_type")[0]

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert FormSubmission.objects.count() == 0

    data["name"] = ["ふれあいサロン若葉"]
    data["confirm_new"] = ["1"]
    assert client.post(url, data).status_code == 302
    assert SocialResource.objects.filter(name="ふれあいサロン若葉").count() == 1


def test_a_token_is_one_users_only(client_for, alice, bob, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    client.post(action, data)

    # Someone else replaying the token gets no record of theirs written and is sent home.
    replay = client_for(bob).post(action, data)

    assert replay.status_code == 302
    assert Activity.objects.count() == 1


# Issue 17: a POST without the token is refused (every action: tests/test_role_matrix.py);
# logging out and the admin's own forms are the two POSTs that carry none.


def test_a_post_without_a_token_says_why_and_links_back_to_its_page(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    del data["submit_token"]
    week = reverse("coordinators:week") + "?date=2024-06-10"

    refused = Client()
    refused.force_login(alice)
    response = refused.post(action, data, HTTP_REFERER="http://testserver" + week)

    assert response.status_code == 400
    text = response.content.decode()
    assert "二重送信を防ぐ確認用の番号がありませんでした" in text
    assert f'href="{week}"'.replace("&", "&amp;") in text
    assert Activity.objects.count() == 0


def test_a_link_back_to_another_site_is_not_offered(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    del data["submit_token"]
    refused = Client()
    refused.force_login(alice)
    response = refused.post(action, data, HTTP_REFERER="https://evil.example/week/")
    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()


def test_logging_out_needs_no_token(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_the_admin_s_own_forms_need_no_token(dave):
    client = Client()
    client.force_login(dave)
    response = client.post(
        reverse("admin:coordinators_activityform_add"),
        {"name": "オンライン", "display_order": 9, "is_active": "on"},
    )
    assert response.status_code == 302
    assert ActivityForm.objects.filter(name="オンライン").exists()


def test_a_post_found_incomplete_after_a_write_leaves_nothing_saved(rf, alice, area_a):
    """The 400 page says nothing was saved: what a view wrote before its form raised
    IncompleteFormPost is rolled back with the token's claim (as Django's handler calls
    process_exception for the view's exception)."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from coordinators.recordkeeping.incomplete_posts import IncompleteFormPost
    from coordinators.recordkeeping.single_submission import SingleSubmissionMiddleware

    def view_that_writes_then_finds_no_version(request):
        SocialResource.objects.create(name="書きかけ", area=area_a, resource_type_id=1)
        return middleware.process_exception(request, IncompleteFormPost("版の情報"))

    middleware = SingleSubmissionMiddleware(view_that_writes_then_finds_no_version)
    request = rf.post(
        "/resources/1/edit/", {"submit_token": "6f1c2b0e-8d7a-4c55-9d3e-1a2b3c4d5e6f"}
    )
    request.user = alice
    request.session = {}
    request._messages = FallbackStorage(request)

    response = middleware(request)

    assert response.status_code == 400
    assert not SocialResource.objects.filter(name="書きかけ").exists()
    assert FormSubmission.objects.count() == 0


# Issue 18: Back after saving, then changing and saving again, discarded the change with
# 「この送信は受付済みです」. It now changes the record the first save made.


def test_back_after_saving_then_changing_and_saving_changes_that_record(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    assert client.post(action, data).status_code == 302

    data["description"] = ["サロン訪問（民生委員と同行）"]
    again = client.post(action, data)

    assert again.status_code == 302
    activity = Activity.objects.get()
    assert activity.description == "サロン訪問（民生委員と同行）"
    assert activity.history.count() == 2  # made, then changed once
    assert "変更しました" in client.get(again.url).content.decode()

    data["description"] = ["サロン訪問（次回は来月）"]  # and once more from the same page
    client.post(action, data)
    assert Activity.objects.get().description == "サロン訪問（次回は来月）"


def test_the_same_values_sent_again_still_write_nothing(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    client.post(action, data)
    second = client.post(action, data)
    note = client.get(second.url).content.decode()
    assert "この送信は受付済みです" in note
    assert "draft-saved" in note  # the browser may forget its copy of the form
    assert Activity.objects.get().history.count() == 1


def test_a_change_made_since_is_not_overwritten_by_the_old_page(client_for, alice, sato):
    client = client_for(alice)
    action, data = week_entry(client, sato)
    client.post(action, data)
    activity = Activity.objects.get()
    activity_update(user=alice, activity=activity, description="事務所で直した内容")

    data["description"] = ["古い画面からの変更"]
    answer = client.post(action, data)

    assert answer.status_code == 200
    assert "この記録は、画面を開いた後に変更されました" in answer.content.decode()
    assert Activity.objects.get().description == "事務所で直した内容"
