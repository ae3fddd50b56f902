"""The cast every test can use: alice works at center A, bob at center B, carol in the division,
dave administers, nobody is a login without a 所属. Each resource belongs to an area served by
one of the centers.

The cast is written down once, in Cast. A test's fixtures (center_a, alice, sato, …) take their
members from a Cast of the test's own, which makes only the members asked for (and what they
stand on), in the order asked. A module whose tests share one set of rows asks for
`cast_for_module` instead: the whole cast, made once, in a transaction rolled back after the
module; each of its tests that asks for `db` runs in a savepoint inside that transaction."""

from datetime import date
from functools import cached_property

import pytest
from django.db import transaction
from django.test import Client, override_settings

from coordinators.demo.categories import SeededCategory
from coordinators.recordkeeping.single_submission import TOKEN_FIELD, new_token
from coordinators.roles import STAFF
from councils.models import Council, CouncilKind, CouncilTier, RegionalIssue
from councils.services import meeting_create
from tests.factories import (
    FAST_HASHERS,
    AreaFactory,
    AssignmentFactory,
    CenterFactory,
    DivisionCenterFactory,
    SocialResourceFactory,
    UserFactory,
    admin_user,
    division_user,
    staff_user,
)


class Cast:
    """The people and places of the tests, each made on first use, after what it stands on."""

    @cached_property
    def center_a(self):
        return CenterFactory(name="センターA")

    @cached_property
    def center_b(self):
        return CenterFactory(name="センターB")

    @cached_property
    def division_center(self):
        return DivisionCenterFactory()

    @cached_property
    def area_a(self):
        return AreaFactory(name="圏域A", center=self.center_a)

    @cached_property
    def area_b(self):
        return AreaFactory(name="圏域B", center=self.center_b)

    @cached_property
    def resource_a(self):
        return SocialResourceFactory(name="サロンA", area=self.area_a)

    @cached_property
    def resource_b(self):
        return SocialResourceFactory(name="サロンB", area=self.area_b)

    @cached_property
    def alice(self):
        return staff_user("alice", self.center_a)

    @cached_property
    def bob(self):
        return staff_user("bob", self.center_b)

    @cached_property
    def carol(self):
        _ = self.division_center  # the division's 所属 is there before its login
        return division_user("carol")

    @cached_property
    def dave(self):
        return admin_user("dave")

    @cached_property
    def nobody(self):
        """A login in the センター職員 group with no 所属 (no StaffProfile)."""
        return UserFactory(username="nobody", role=STAFF)

    @cached_property
    def sato(self):
        """A tier-2 coordinator of center A since 2020, linked to alice's login."""
        alice = self.alice
        assignment = AssignmentFactory(coordinator__name="佐藤 花子", center=self.center_a)
        coordinator = assignment.coordinator
        coordinator.user = alice
        coordinator.save()
        return coordinator

    @cached_property
    def suzuki(self):
        return AssignmentFactory(coordinator__name="鈴木 健一", center=self.center_b).coordinator

    @cached_property
    def ito(self):
        center = self.division_center
        return AssignmentFactory(coordinator__name="伊藤 真理", center=center).coordinator

    @cached_property
    def care_meeting_council(self):
        return Council.objects.create(
            name="東圏域 地域ケア会議",
            tier=CouncilTier.SECOND,
            kind=CouncilKind.objects.get(name="地域ケア会議"),
            center=self.center_a,
            counts_as_equivalent=True,
            default_category_id=SeededCategory.FACT_FINDING,
        )

    @cached_property
    def councils(self):
        """Center A's 地域ケア会議 ("care") and the SC連携会議 between the tiers ("link")."""
        center_a = self.center_a
        _ = self.division_center
        kinds = {k.name: k for k in CouncilKind.objects.all()}
        return {
            "care": Council.objects.create(
                name="地域ケア会議A",
                tier=CouncilTier.SECOND,
                kind=kinds["地域ケア会議"],
                center=center_a,
                counts_as_equivalent=True,
                default_category_id=SeededCategory.FACT_FINDING,
            ),
            "link": Council.objects.create(
                name="SC連携会議",
                tier=CouncilTier.BETWEEN,
                kind=kinds["SC連携会議"],
                default_category_id=SeededCategory.OPERATION,
            ),
        }


MEMBERS = tuple(name for name, value in vars(Cast).items() if isinstance(value, cached_property))


def make_cast(members=MEMBERS):
    """The one builder of the cast: a Cast with `members` made now, in the order given (by
    default all of them, in the order written above); any other member is made on first use."""
    cast = Cast()
    for name in members:
        getattr(cast, name)
    return cast


@pytest.fixture
def cast(db):
    """This test's own cast, empty until the test (or one of the fixtures below) asks for a
    member: a test gets only the rows it names, as if each were a fixture of its own."""
    return make_cast(members=())


@pytest.fixture(scope="module")
def cast_for_module(django_db_setup, django_db_blocker):
    """The whole cast, made once for a module's tests inside a transaction that is rolled back
    after them. A test using it asks for `db` too, and so runs in a savepoint of its own; a
    module-scoped fixture that builds on it makes its rows inside `django_db_blocker.unblock()`
    (as test_role_matrix's `world` does)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        try:
            yield make_cast()
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def center_a(cast):
    return cast.center_a


@pytest.fixture
def center_b(cast):
    return cast.center_b


@pytest.fixture
def division_center(cast):
    return cast.division_center


@pytest.fixture
def area_a(cast):
    return cast.area_a


@pytest.fixture
def area_b(cast):
    return cast.area_b


@pytest.fixture
def resource_a(cast):
    return cast.resource_a


@pytest.fixture
def resource_b(cast):
    return cast.resource_b


@pytest.fixture
def alice(cast):
    return cast.alice


@pytest.fixture
def bob(cast):
    return cast.bob


@pytest.fixture
def carol(cast):
    return cast.carol


@pytest.fixture
def dave(cast):
    return cast.dave


@pytest.fixture
def nobody(cast):
    """A login in the センター職員 group with no 所属 (no StaffProfile)."""
    return cast.nobody


@pytest.fixture
def sato(cast):
    """A tier-2 coordinator of center A since 2020, linked to alice's login."""
    return cast.sato


@pytest.fixture
def suzuki(cast):
    return cast.suzuki


@pytest.fixture
def ito(cast):
    return cast.ito


@pytest.fixture
def care_meeting_council(cast):
    return cast.care_meeting_council


@pytest.fixture
def councils(cast):
    return cast.councils


@pytest.fixture
def visit(db):
    from coordinators.models import ActivityForm

    return ActivityForm.objects.get(name="訪問")


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


class FormClient(Client):
    """The test client posting as our pages do: each POST carries a fresh one-time token
    (`{% form_guard %}` puts one in every form) unless the test gives its own. A test of what
    happens without one uses a plain django.test.Client."""

    def post(self, path, data=None, *args, **kwargs):
        data = {} if data is None else data
        if isinstance(data, dict) and TOKEN_FIELD not in data:
            data = {**data, TOKEN_FIELD: new_token()}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client():
    """pytest-django's client, posting with the one-time token a page's form carries."""
    return FormClient()


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
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def season_2024(monkeypatch):
    """Today is 2024-11-30 for the rules that read it (the record-date range, the far-week
    question): tests that post into 令和6年度 weeks do it as staff did in that season."""
    monkeypatch.setattr("coordinators.periods.today", lambda: date(2024, 11, 30))
