"""Django admin reads in Japanese (issue 17): every page of every model registered in the
admin (list, add, change, its history and delete confirmation) and the permission lists of
logins and groups, with the third-party apps (django-axes, django-otp, django-simple-history)
and the permission names translated by our own catalogs under locale/."""

import os
import re
import shutil
import subprocess
from datetime import date
from gettext import GNUTranslations
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coordinators.activities.services import activity_create
from coordinators.demo.categories import SeededCategory
from coordinators.models import ActivityForm, RecoveryCodeDevice
from tests.builders import category_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Words a Japanese admin page may still show: names and codes, not sentences (Django's own
# Japanese names the Control, Command and Mac keys, and LDAP).
ALLOWED = {"ID", "URL", "IP", "HTTP", "GET", "POST", "SHA", "Control", "Command", "Mac", "LDAP"}
# Three letters or more: a word of English text, not a code such as a hash's "md5".
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+[A-Za-z]")


class VisibleText(HTMLParser):
    """The text a user reads: element text, titles, placeholders and button captions (not
    images' alt text: Django's own icons say True/False/Search there; nor the values of a
    password's hash summary, a <bdi> each: its algorithm and the start of its salt)."""

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "bdi"):
            self.hidden += 1
        self.parts += [attrs[key] for key in ("title", "placeholder") if attrs.get(key)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "bdi"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_words(html, data_words):
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {
        word
        for word in LATIN_WORD.findall(text)
        if word not in ALLOWED and word.lower() not in data_words
    }


@pytest.fixture
def world(dave, alice, sato, raised, center_a):
    activity_create(
        user=alice,
        coordinators=[sato],
        date=date(2024, 5, 21),
        category=category_of(SeededCategory.FACT_FINDING),
        form=ActivityForm.objects.get(name="訪問"),
        description="見守り訪問",
    )
    leaving = UserFactory(username="kobayashi")  # no records: a login an admin may delete
    for user in (alice, leaving):
        TOTPDevice.objects.create(user=user, name="スマートフォン", confirmed=True)
        RecoveryCodeDevice.objects.create(user=user, name="リカバリーコード", confirmed=True)
    seen = {"ip_address": "192.0.2.1", "user_agent": "Firefox", "http_accept": "text/html"}
    AccessAttempt.objects.create(
        username="alice",
        get_data="",
        post_data="",
        path_info="/login/",
        **seen,
        failures_since_start=3,
    )
    AccessLog.objects.create(username="alice", path_info="/login/", **seen)
    AccessFailureLog.objects.create(username="alice", path_info="/login/", locked_out=True, **seen)
    return dave


def admin_pages():
    """(URL name, args) of every admin page of every registered model with a first row."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield f"{prefix}_changelist", []
        yield "admin:app_list", [model._meta.app_label]
        yield f"{prefix}_add", []
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for page in ("change", "history", "delete"):
                yield f"{prefix}_{page}", [first.pk]


def test_every_admin_page_is_in_japanese(client_for, world):
    client = client_for(world)
    data_words = {name.lower() for name in User.objects.values_list("username", flat=True)}
    data_words |= {"firefox", "text", "html", "login", "unknown"}  # as django-axes stores them
    found = {}
    urls = ["/admin/"]
    # a login whose deletion takes its authenticator app and recovery codes along
    leaving = User.objects.get(username="kobayashi")
    urls.append(reverse("admin:auth_user_delete", args=[leaving.pk]))
    for name, args in admin_pages():
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    for url in dict.fromkeys(urls):
        response = client.get(url)
        if response.status_code != 200:
            continue  # pages the admin itself refuses (add of read-only records)
        for word in english_words(response.content.decode(), data_words):
            found.setdefault(word, url)
    assert not found, f"English on admin pages: {found}"


@pytest.mark.parametrize("page", ["auth_user_change", "auth_group_change"])
def test_permission_names_read_in_japanese(client_for, world, page):
    group = Group.objects.first()
    target = world if page == "auth_user_change" else group
    html = client_for(world).get(reverse(f"admin:{page}", args=[target.pk])).content.decode()
    assert "Can add" not in html
    assert "活動記録を追加できる" in html


CATALOGS = sorted((settings.BASE_DIR / "locale").glob("*/ja/LC_MESSAGES/django.po"))


def test_the_third_party_apps_have_catalogs():
    assert {po.parts[-4] for po in CATALOGS} == {
        "axes",
        "django_otp",
        "simple_history",
        "django_tables2",
        "django_filters",
    }


@pytest.mark.parametrize("po", CATALOGS, ids=[po.parts[-4] for po in CATALOGS])
def test_each_catalog_is_fully_translated_and_compiled(po, tmp_path):
    """What Django reads (the .mo beside each .po) is the .po as it stands, every message
    translated: `make messages` after editing a .po or upgrading a package."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("msgfmt (Debian gettext) is required under CI")
        pytest.skip("msgfmt is not installed (Debian: apt-get install gettext)")
    compiled = tmp_path / "django.mo"
    run = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", compiled, po],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in run.stderr, run.stderr
    assert "fuzzy" not in run.stderr, run.stderr
    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as shipped:
        assert GNUTranslations(shipped)._catalog == GNUTranslations(fresh)._catalog, (
            f"{po.with_suffix('.mo')} is older than its .po: run `make messages`"
        )
