import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from coordinators.demo import DEMO_LOGINS, TIER2_CENTERS
from coordinators.models import Assignment, Center, Coordinator, SocialResource, Town
from coordinators.roles import role_of
from coordinators.selectors import assignment_on

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count() for model in (Center, Town, Coordinator, Assignment, SocialResource)
    ]


def test_demo_city_has_the_six_centers_and_the_division(capsys):
    call_command("load_demo")
    names = list(Center.objects.values_list("name", flat=True))
    assert names == [*TIER2_CENTERS, "高齢者支援課"]
    assert Center.objects.get(name="高齢者支援課").tier == 1
    assert 55 <= SocialResource.objects.count() <= 70
    assert SocialResource.objects.filter(is_subsidised=False).exists()  # 市補助事業外 exists


def test_demo_prints_a_working_login_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username, password, *_ in DEMO_LOGINS:
        assert username in out
        assert password in out
        assert authenticate(username=username, password=password) is not None
    staff = authenticate(username="staff_yutorie", password="yutorie-demo-2024")
    assert role_of(staff).center.name == "ゆとりえ"
    assert role_of(authenticate(username="division", password="division-demo-2024")).is_division


def test_loading_the_demo_twice_leaves_the_same_data():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_moved_coordinator_keeps_the_center_of_each_date():
    from datetime import date

    call_command("load_demo")
    nakamura = Coordinator.objects.get(name="中村 由美")
    assert assignment_on(nakamura, date(2022, 6, 1)).center.name == "吉祥寺本町"
    assert assignment_on(nakamura, date(2023, 3, 31)).center.name == "吉祥寺本町"
    assert assignment_on(nakamura, date(2023, 4, 1)).center.name == "桜堤ケアハウス"
    assert assignment_on(Coordinator.objects.get(name="山本 恵"), date(2024, 4, 1)) is None
