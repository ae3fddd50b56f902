"""The list filters every list page shares: a 年度・半期 typed in 和暦 narrows each list by its
own date field."""

from datetime import date

import pytest
from django.urls import reverse

from tests.builders import consult, record

pytestmark = pytest.mark.django_db


def test_period_narrows_the_consultation_list_by_its_received_date(client_for, carol, alice, sato):
    consult(alice, sato, day=date(2024, 6, 10), summary="上半期の相談")
    consult(alice, sato, day=date(2024, 10, 7), summary="下半期の相談")
    url = reverse("coordinators:consultation_list")
    first = client_for(carol).get(url, {"period": "R6上半期"})
    assert first.status_code == 200
    assert len(first.context["table"].rows) == 1
    second = client_for(carol).get(url, {"period": "令和6年度下半期", "export": "csv"})
    assert second.status_code == 200
    assert "2024-10-07" in second.content.decode("utf-8-sig") or "令和6年10月7日" in (
        second.content.decode("utf-8-sig")
    )


def test_period_narrows_the_activity_list_by_its_date(client_for, carol, alice, sato):
    record(alice, [sato], day=date(2024, 9, 30), description="上半期の終わり")
    record(alice, [sato], day=date(2024, 10, 1), description="下半期の初め")
    page = client_for(carol).get(reverse("coordinators:activity_list"), {"period": "2024H2"})
    assert page.status_code == 200
    descriptions = [row.record.description for row in page.context["table"].rows]
    assert descriptions == ["下半期の初め"]
