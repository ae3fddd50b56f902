from datetime import date

import factory
from django.contrib.auth.models import User

from coordinators.models import (
    Area,
    Assignment,
    Center,
    CenterKind,
    Coordinator,
    ResourceType,
    SocialResource,
    StaffProfile,
    Tier,
    Town,
)
from coordinators.roles import ADMIN, DIVISION, STAFF, group_for

PASSWORD = "correct-horse-battery"  # every login the factories make has this password
# PBKDF2 is deliberately slow; the tests create many logins and check no hash strength.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"センター{n}")
    kind = factory.LazyFunction(
        lambda: CenterKind.objects.get_or_create(name="地域包括支援センター")[0]
    )
    tier = Tier.SECOND
    display_order = factory.Sequence(int)


class DivisionCenterFactory(CenterFactory):
    name = "高齢者支援課"
    kind = factory.LazyFunction(lambda: CenterKind.objects.get_or_create(name="高齢者支援課")[0])
    tier = Tier.FIRST
    is_secretariat = True
    display_order = 100


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"圏域{n}")
    center = factory.SubFactory(CenterFactory)


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town

    name = factory.Sequence(lambda n: f"町{n}")
    area = factory.SubFactory(AreaFactory)


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    name = factory.Sequence(lambda n: f"担当 {n}郎")
    kana = factory.Sequence(lambda n: f"たんとう {n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    coordinator = factory.SubFactory(CoordinatorFactory)
    center = factory.SubFactory(CenterFactory)
    tier = factory.SelfAttribute("center.tier")
    start_date = date(2020, 4, 1)
    end_date = None


class SocialResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialResource

    name = factory.Sequence(lambda n: f"サロン{n}")
    resource_type = factory.LazyFunction(lambda: ResourceType.objects.get(name="いきいきサロン"))
    area = factory.SubFactory(AreaFactory)
    town = factory.LazyAttribute(lambda o: TownFactory(area=o.area))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(group_for(extracted))


def staff_user(username, center):
    user = UserFactory(username=username, role=STAFF)
    StaffProfile.objects.create(user=user, center=center)
    return user


def division_user(username="division"):
    user = UserFactory(username=username, role=DIVISION)
    StaffProfile.objects.filter(user=user).delete()
    return user


def admin_user(username="admin"):
    return UserFactory(username=username, role=ADMIN, is_staff=True, is_superuser=True)
