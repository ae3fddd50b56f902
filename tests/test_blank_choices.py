"""Pick-lists say 「選んでください」 (or 「すべて」 on filters), never Django's "---------"
(issue 18), on every page a role opens."""

import pytest
from django.urls import reverse

from tests.builders import consult

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

PAGES = [
    "coordinators:week",
    "coordinators:activity_list",
    "coordinators:consultation_list",
    "coordinators:case_list",
    "coordinators:resource_list",
    "coordinators:resource_create",
    "coordinators:coordinator_list",
    "coordinators:records_import",
    "councils:meeting_list",
    "councils:meeting_create",
    "councils:issue_pipeline",
    "reports:report",
]


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_no_pick_list_shows_dashes(client_for, request, who, alice, sato, raised):
    client = client_for(request.getfixturevalue(who))
    consultation = consult(alice, sato)
    urls = [reverse(name) for name in PAGES]
    urls.append(consultation.get_absolute_url())
    issue, _meeting = raised
    urls.append(issue.get_absolute_url())  # its 統合 pick-list
    shown = {url: client.get(url) for url in urls}
    assert {url: r.status_code for url, r in shown.items() if r.status_code != 200} == {}
    dashes = [url for url, r in shown.items() if "---------" in r.content.decode()]
    assert dashes == []
