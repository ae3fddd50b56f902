import importlib
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from coordinators.activities.services import activity_create
from coordinators.demo.city import DEMO_LOGINS, TIER2_CENTERS
from coordinators.models import (
    ActivityForm,
    Assignment,
    Center,
    CenterKind,
    Coordinator,
    DemoMark,
    HalfYearClosing,
    SocialResource,
    Town,
)
from coordinators.organisation.selectors import assignment_on
from coordinators.roles import role_of
from reports.models import PublishedReport
from tests.builders import category_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development(settings):
    """load_demo is for development (DEBUG on); the guard's own tests below turn it off."""
    settings.DEBUG = True


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


def login(username, password):
    # django-axes needs the request to count failures by address
    request = RequestFactory().post("/login/")
    return authenticate(request=request, username=username, password=password)


def test_demo_prints_a_working_login_per_role(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for username, password, *_ in DEMO_LOGINS:
        assert username in out
        assert password in out
        assert login(username, password) is not None
    staff = login("staff_yutorie", "yutorie-demo-2024")
    assert role_of(staff).center.name == "ゆとりえ"
    assert role_of(login("division", "division-demo-2024")).is_division


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


# The published 令和6年度上半期 table of shared/domain.md §6, typed here independently of the
# demo loader so a change to either shows up.
PUBLISHED = """
ゆとりえ                2 54  1 74 85 0 -
吉祥寺本町              0 32  0 35 40 3 -
高齢者総合センター      1 40  0 17 14 3 -
吉祥寺ナーシングホーム  1 32  0 21 16 5 -
桜堤ケアハウス          0 12  0 58 42 5 -
武蔵野赤十字           12 16 14 47 11 5 -
高齢者支援課            3 36  3 25  3 2 10
"""


def test_demo_reproduces_the_published_r6_first_half_table_cell_by_cell():
    from django.db.models import Count

    from coordinators.models import Activity

    call_command("load_demo")
    counted = {
        (center, category): n
        for center, category, n in Activity.objects.filter(
            date__range=(date(2024, 4, 1), date(2024, 9, 30))
        )
        .values_list("center__name", "category")
        .annotate(n=Count("pk"))
    }
    for line in PUBLISHED.strip().splitlines():
        center, *cells = line.split()
        for category, cell in enumerate(cells, start=1):
            expected = 0 if cell == "-" else int(cell)
            assert counted.get((center, category), 0) == expected, (center, category)
    assert sum(counted.values()) == 19 + 222 + 18 + 277 + 211 + 23 + 10


def test_demo_has_the_year_before_and_part_of_the_second_half():
    from coordinators.models import Activity

    call_command("load_demo")
    r5 = Activity.objects.filter(date__range=(date(2023, 4, 1), date(2023, 9, 30))).count()
    r6_second = Activity.objects.filter(date__range=(date(2024, 10, 1), date(2025, 3, 31)))
    assert 600 <= r5 <= 1000
    assert r6_second.exists()
    assert not Activity.objects.filter(
        date__range=(date(2024, 4, 1), date(2024, 9, 30)), tier=2, category=7
    ).exists()


def test_demo_has_consultations_in_both_first_halves_and_cases_with_timelines():
    from coordinators.models import CaseStep, Consultation, SupportCase

    call_command("load_demo")
    call_command("load_demo")
    for start, end in [
        (date(2023, 4, 1), date(2023, 9, 30)),
        (date(2024, 4, 1), date(2024, 9, 30)),
    ]:
        per_center = Consultation.objects.filter(received_on__range=(start, end))
        assert per_center.values("center").distinct().count() == 7
    assert SupportCase.objects.count() >= 3
    connected = CaseStep.objects.filter(resources__resource_type__name="テンミリオンハウス")
    assert connected.values("case").distinct().count() >= 3


def test_demo_councils_match_the_published_r6_first_half():
    from coordinators.periods import Period
    from councils.models import RegionalIssue, Stage
    from councils.selectors import council_counts

    call_command("load_demo")
    call_command("load_demo")
    counts = council_counts(Period.for_half(2024, 1))
    assert (counts["tier1_council"], counts["tier2_equivalent"]) == (1, 76)
    issues = RegionalIssue.objects.all()
    assert issues.count() == 10
    assert len({issue.stage for issue in issues}) >= 5
    for issue in issues:
        assert all(step.meeting_id for step in issue.steps.all()), issue
    assert issues.filter(stage=Stage.RAISED).exists()


def test_the_published_half_years_are_closed_and_refuse_typing(client):
    call_command("load_demo")
    call_command("load_demo")  # again: still one closing and one version each
    closed = sorted(
        HalfYearClosing.objects.filter(reopened_at__isnull=True).values_list(
            "fiscal_year", "half", "center"
        )
    )
    assert closed == [(2023, 1, None), (2024, 1, None)]
    city = PublishedReport.objects.filter(center=None).order_by("fiscal_year")
    assert [(v.fiscal_year, v.half, v.version) for v in city] == [(2023, 1, 1), (2024, 1, 1)]
    assert city.get(fiscal_year=2024).snapshot["activity_counts"]["total"] == 780

    staff = login("staff_yutorie", "yutorie-demo-2024")
    sato = Coordinator.objects.get(name="佐藤 花子")
    with pytest.raises(ValidationError, match="令和6年度上半期（全所属）は"):
        activity_create(
            user=staff,
            coordinators=[sato],
            date=date(2024, 6, 10),
            category=category_of(2),
            form=ActivityForm.objects.get(name="訪問"),
            description="締めた半期への入力",
        )
    client.force_login(login("division", "division-demo-2024"))
    page = client.get("/reports/?period=R6上半期").content.decode()
    assert "公表版 第1版" in page


# --- never into a real city's database (issue 17) ---------------------------------------------


def test_refuses_with_debug_off_unless_forced(settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=0（本番用の設定）ではデモデータを読み込みません"):
        call_command("load_demo")
    assert counts() == [0, 0, 0, 0, 0]

    call_command("load_demo", "--force")
    assert Center.objects.count() == len(TIER2_CENTERS) + 1


def test_refuses_a_database_holding_a_login_it_did_not_make(django_user_model):
    django_user_model.objects.create_user("tanaka_real", password="x")
    with pytest.raises(
        CommandError, match="デモが作っていないデータがあります（ログイン tanaka_real）"
    ):
        call_command("load_demo")
    assert not django_user_model.objects.filter(username="admin").exists()
    assert counts() == [0, 0, 0, 0, 0]


def test_refuses_a_database_holding_a_center_it_did_not_make():
    Center.objects.create(
        name="本町地域包括支援センター",
        kind=CenterKind.objects.get_or_create(name="地域包括支援センター")[0],
        tier=2,
    )
    with pytest.raises(CommandError, match="所属 本町地域包括支援センター"):
        call_command("load_demo")
    assert Center.objects.count() == 1


def test_a_database_it_made_itself_loads_again(capsys):
    call_command("load_demo")
    call_command("load_demo")  # its own logins and 所属 only: no refusal
    assert {login[0] for login in DEMO_LOGINS} <= set(
        DemoMark.objects.filter(kind=DemoMark.Kind.LOGIN).values_list("name", flat=True)
    )


def _mark_a_demo_database():
    from django.apps import apps

    migration = importlib.import_module("coordinators.migrations.0015_demo_marks")
    migration.mark_a_demo_database(apps, None)


def test_a_demo_database_from_before_the_marks_is_marked_once_migrated(django_user_model):
    django_user_model.objects.create_user("admin")
    Center.objects.create(
        name="ゆとりえ",
        kind=CenterKind.objects.get_or_create(name="地域包括支援センター")[0],
        tier=2,
    )

    _mark_a_demo_database()

    assert DemoMark.objects.count() == 2
    call_command("load_demo")  # tops it up as before


def test_a_real_database_is_not_marked_by_the_migration(django_user_model):
    django_user_model.objects.create_user("admin")
    django_user_model.objects.create_user("suzuki_real")

    _mark_a_demo_database()

    assert not DemoMark.objects.exists()
    with pytest.raises(CommandError, match="suzuki_real"):
        call_command("load_demo")
