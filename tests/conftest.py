"""The cast every test can use: alice works at center A, bob at center B, carol in the division,
dave administers. Each resource belongs to an area served by one of the centers."""

from datetime import date

import pytest

from coordinators.models import Category
from councils.models import Council, CouncilKind, CouncilTier, RegionalIssue
from councils.services import meeting_create
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    CenterFactory,
    DivisionCenterFactory,
    SocialResourceFactory,
    admin_user,
    division_user,
    staff_user,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def center_a(db):
    return CenterFactory(name="センターA")


@pytest.fixture
def center_b(db):
    return CenterFactory(name="センターB")


@pytest.fixture
def division_center(db):
    return DivisionCenterFactory()


@pytest.fixture
def area_a(center_a):
    return AreaFactory(name="圏域A", center=center_a)


@pytest.fixture
def area_b(center_b):
    return AreaFactory(name="圏域B", center=center_b)


@pytest.fixture
def resource_a(area_a):
    return SocialResourceFactory(name="サロンA", area=area_a)


@pytest.fixture
def resource_b(area_b):
    return SocialResourceFactory(name="サロンB", area=area_b)


@pytest.fixture
def alice(center_a):
    return staff_user("alice", center_a)


@pytest.fixture
def bob(center_b):
    return staff_user("bob", center_b)


@pytest.fixture
def carol(division_center):
    return division_user("carol")


@pytest.fixture
def dave(db):
    return admin_user("dave")


@pytest.fixture
def sato(center_a, alice):
    """A tier-2 coordinator of center A since 2020, linked to alice's login."""
    coordinator = AssignmentFactory(coordinator__name="佐藤 花子", center=center_a).coordinator
    coordinator.user = alice
    coordinator.save()
    return coordinator


@pytest.fixture
def suzuki(center_b):
    return AssignmentFactory(coordinator__name="鈴木 健一", center=center_b).coordinator


@pytest.fixture
def ito(division_center):
    return AssignmentFactory(coordinator__name="伊藤 真理", center=division_center).coordinator


@pytest.fixture
def visit(db):
    from coordinators.models import ActivityForm

    return ActivityForm.objects.get(name="訪問")


@pytest.fixture
def care_meeting_council(center_a):
    return Council.objects.create(
        name="東圏域 地域ケア会議",
        tier=CouncilTier.SECOND,
        kind=CouncilKind.objects.get(name="地域ケア会議"),
        center=center_a,
        counts_as_equivalent=True,
        default_category=Category.FACT_FINDING,
    )


@pytest.fixture
def councils(center_a, division_center):
    kinds = {k.name: k for k in CouncilKind.objects.all()}
    return {
        "care": Council.objects.create(
            name="地域ケア会議A",
            tier=CouncilTier.SECOND,
            kind=kinds["地域ケア会議"],
            center=center_a,
            counts_as_equivalent=True,
            default_category=Category.FACT_FINDING,
        ),
        "link": Council.objects.create(
            name="SC連携会議",
            tier=CouncilTier.BETWEEN,
            kind=kinds["SC連携会議"],
            default_category=Category.OPERATION,
        ),
    }


@pytest.fixture
def raised(alice, sato, councils, area_a):
    meeting = meeting_create(
        user=alice,
        council=councils["care"],
        date=date(2024, 5, 20),
        coordinators=[sato],
        agenda="困りごと",
        raised_issues=["買物に行けない"],
    )
    return RegionalIssue.objects.get(title="買物に行けない"), meeting


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user (None for anonymous)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 is deliberately slow; the tests create many logins and check no hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
