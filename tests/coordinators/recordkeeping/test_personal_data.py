"""Every view of personal data is marked, never cached by the browser, and leaves an access
record (issue 17): consultations, cases, meetings' details, the access records, their exports
and histories, and the resource page that lists case titles."""

import pytest
from django.urls import get_resolver, reverse

from coordinators.consultations.services import case_open
from coordinators.models import AccessRecord
from tests.builders import consult, record_meeting

pytestmark = pytest.mark.django_db

MARKED = {
    "coordinators:consultation_list",
    "coordinators:consultation_detail",
    "coordinators:consultation_history",
    "coordinators:case_create",
    "coordinators:case_list",
    "coordinators:case_detail",
    "coordinators:case_history",
    "coordinators:case_connect",
    "coordinators:case_close",
    "coordinators:accessrecord_list",
    "coordinators:consultation_create",
    "coordinators:consultation_repeat",
    "coordinators:consultation_delete",
    "coordinators:resource_detail",
    "councils:meeting_detail",
    "councils:meeting_update",
    "councils:meeting_history",
}


def _marked(patterns, namespace=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from _marked(pattern.url_patterns, inner)
        elif getattr(pattern.callback, "shows_personal_data", False):
            yield f"{namespace}{pattern.name}"


def test_exactly_the_views_of_personal_data_are_marked():
    assert set(_marked(get_resolver().url_patterns)) == MARKED


@pytest.fixture
def records(alice, sato, resource_a, care_meeting_council):
    consultation = consult(alice, sato, subject_age=82, summary="娘と二人暮らし")
    case = case_open(user=alice, consultation=consultation, title="80代 要支援1 通いの場")
    meeting = record_meeting(alice, care_meeting_council, [sato], summary="個別ケースの検討")
    return {"consultation": consultation, "case": case, "meeting": meeting, "resource": resource_a}


PAGES = [
    ("coordinators:consultation_list", None, "alice", {}),
    ("coordinators:consultation_list", None, "alice", {"export": "xlsx"}),
    ("coordinators:consultation_list", None, "alice", {"export": "csv"}),
    ("coordinators:consultation_detail", "consultation", "alice", {}),
    ("coordinators:consultation_history", "consultation", "alice", {}),
    ("coordinators:case_list", None, "alice", {}),
    ("coordinators:case_detail", "case", "alice", {}),
    ("coordinators:case_history", "case", "alice", {}),
    ("coordinators:accessrecord_list", None, "carol", {}),
    ("coordinators:accessrecord_list", None, "carol", {"export": "xlsx"}),
    ("coordinators:resource_detail", "resource", "alice", {}),
    ("councils:meeting_detail", "meeting", "alice", {}),
    ("councils:meeting_update", "meeting", "alice", {}),
    ("councils:meeting_history", "meeting", "alice", {}),
]


@pytest.mark.parametrize(("name", "record", "who", "query"), PAGES)
def test_a_page_of_personal_data_is_not_stored_and_its_read_is_recorded(
    client_for, request, records, name, record, who, query
):
    user = request.getfixturevalue(who)
    url = reverse(name, args=[records[record].pk] if record else [])
    before = AccessRecord.objects.count()

    response = client_for(user).get(url, query)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessRecord.objects.count() == before + 1
    newest = AccessRecord.objects.latest("pk")
    assert (newest.user, newest.path.split("?")[0]) == (user, url)


def test_the_resource_page_read_is_named_and_the_meeting_history_too(client_for, alice, records):
    client = client_for(alice)
    client.get(reverse("coordinators:resource_detail", args=[records["resource"].pk]))
    client.get(reverse("councils:meeting_history", args=[records["meeting"].pk]))

    newest_two = AccessRecord.objects.order_by("-pk")[:2]
    assert [(r.action, r.target) for r in newest_two] == [
        ("変更履歴の閲覧", f"会議記録 #{records['meeting'].pk}"),
        ("閲覧", f"社会資源 #{records['resource'].pk}"),
    ]


def test_a_post_that_changes_personal_data_is_not_stored_either(client_for, alice, records):
    url = reverse("coordinators:case_close", args=[records["case"].pk])

    response = client_for(alice).post(url, {})

    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"]


def test_a_page_without_personal_data_may_be_cached_by_rules_of_its_own(client_for, alice, sato):
    response = client_for(alice).get(reverse("coordinators:activity_list"))

    assert "no-store" not in response.get("Cache-Control", "")
