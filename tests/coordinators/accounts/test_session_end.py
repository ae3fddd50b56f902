"""A session that ends mid-entry costs nothing typed (issue 18): the post is sent to the login
page, which returns to the form's page; 「続ける」 renews the session; a form drawn before the
last login is refused in Japanese with the way back. The browser's part (the text put back):
tests/browser/test_session_end.py."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coordinators.activities.services import template_create_from_activity
from coordinators.models import Activity
from tests.builders import make
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

WEEK = "/week/?date=2024-06-10"


def test_a_post_after_the_session_ended_returns_to_the_form_s_page_after_login(alice, sato):
    client = Client()  # logged out by the idle limit: the session is gone
    posted = client.post(
        reverse("coordinators:activity_create"),
        {"description": "サロン訪問", "submit_token": "6f1c2b0e-8d7a-4c55-9d3e-1a2b3c4d5e6f"},
        HTTP_REFERER=f"http://testserver{WEEK}",
    )
    assert posted.status_code == 302
    login_page = client.get(posted.url)
    assert "しばらく操作がなかったため、ログアウトしていました" in login_page.content.decode()
    assert Activity.objects.count() == 0

    logged_in = client.post(
        posted.url, {"username": "alice", "password": PASSWORD, "next": login_page.context["next"]}
    )
    assert logged_in.url == WEEK  # the page, not the POST's URL (which would answer 405)


def test_a_post_from_another_site_is_not_returned_to(alice):
    posted = Client().post(
        reverse("coordinators:activity_create"), HTTP_REFERER="https://evil.example/week/"
    )
    assert "evil.example" not in posted.url
    assert "next=" not in posted.url


def test_continue_renews_the_session_without_a_page(client_for, alice):
    client = client_for(alice)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)  # the notice's last minutes
    )
    answer = client.get(reverse("keep_alive"))
    assert answer.status_code == 204
    assert "no-store" in answer["Cache-Control"]
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)  # another 30 minutes


def test_continue_after_the_end_is_told_by_the_login_redirect(client):
    answer = client.get(reverse("keep_alive"))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("login"))


def test_a_form_drawn_before_the_last_login_is_refused_in_japanese_with_the_way_back(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post(
        reverse("coordinators:activity_create"),
        {
            "csrfmiddlewaretoken": "drawn-before-the-last-login",
            "submit_token": "6f1c2b0e-8d7a-4c55-9d3e-1a2b3c4d5e6f",
        },
        HTTP_REFERER=f"http://testserver{WEEK}",
    )
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "画面が古くなっていたため送信できませんでした" in text
    assert f'href="{WEEK}"'.replace("&", "&amp;") in text
    assert Activity.objects.count() == 0


def test_the_page_carries_the_idle_limit_and_a_saved_entry_is_marked(client_for, alice, sato):
    client = client_for(alice)
    page = client.get(WEEK).content.decode()
    assert 'data-idle-seconds="1800"' in page
    assert 'data-draft="activity-new:' in page
    assert "あと2分でログアウトします" in page


def test_a_post_from_the_form_shown_again_returns_home_not_to_the_post_url(alice):
    """A form page that was itself a POST's answer (errors, 日付の確認) has the POST's URL as
    its address; returning there would answer 405 (review of issue 18)."""
    action = reverse("coordinators:activity_create")
    posted = Client().post(action, HTTP_REFERER=f"http://testserver{action}?center=1")
    assert "next=" not in posted.url


def test_the_way_back_never_leads_to_another_site(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post(
        reverse("coordinators:activity_create"),
        {"submit_token": "6f1c2b0e-8d7a-4c55-9d3e-1a2b3c4d5e6f"},
        HTTP_REFERER="http://testserver//evil.example/week/",
    )
    assert 'href="//' not in refused.content.decode()


def test_a_form_filled_from_a_template_or_beside_an_edit_keeps_no_draft(client_for, alice, sato):
    """The browser puts a kept draft back only into the plain new-entry form: not over
    「調整して記録」's values, nor beside the entry being edited (review of issue 18)."""
    activity = make(alice, sato)
    template = template_create_from_activity(user=alice, activity=activity, name="毎週")
    client = client_for(alice)
    adjusted = client.get(f"{WEEK}&template={template.pk}").content.decode()
    assert "data-draft-skip" in adjusted
    editing = client.get(f"{WEEK}&edit={activity.pk}").content.decode()
    assert 'data-draft="activity-new' not in editing
    assert f'data-draft="activity-edit:{activity.pk}"' in editing
