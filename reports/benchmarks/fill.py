"""Synthetic data for `benchmark_reports` and `make load`: 20 所属, 10 fiscal years of
activities written in date order as real use writes them, consultations and meetings in
proportion, and one busy week (issue 22)."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import connection, transaction

from coordinators.models import (
    Activity,
    ActivityForm,
    Assignment,
    Center,
    CenterKind,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    Coordinator,
    ResourceType,
    SocialResource,
    Tier,
)
from coordinators.periods import Period
from councils.models import Council, CouncilKind, CouncilTier, Meeting

PREFIX = "ベンチ"
FIRST_DAY, LAST_DAY = date(2015, 4, 1), date(2025, 3, 31)
BATCH = 20_000
# The week page is measured on the first 所属's week of this Monday, with this many entries: what
# a busy coordinator enters (issue 22 measured 96), whatever the size of the fill.
BUSY_WEEK = date(2024, 6, 10)
BUSY_WEEK_ENTRIES = 96
# How often each 活動形態 is recorded, per 1,000 activities, as a coordinator's year runs: visits,
# calls and meetings most; the forms the 実績報告 lists one by one (研修受講, 講師, 視察受入,
# 広報) a few hundred a year city-wide. Drawn uniformly, those four were 36,195 of the measured
# year's 99,225 rows and the fiscal-year workbook listed them all (12-15 s). A form of a city's
# own takes OTHER_FORM_SHARE.
FORM_SHARES = {
    "訪問": 400,
    "会議・協議体出席": 150,
    "研修・講座受講": 2,
    "講師・講話": 1,
    "視察受入": 1,
    "広報誌・チラシ発行": 1,
    "イベント開催": 50,
    "電話・メール連絡": 200,
    "相談対応": 100,
    "事務・準備": 80,
    "その他": 15,
}
OTHER_FORM_SHARE = 10


def measured_period():
    """The fiscal year the benchmark measures: the last one filled (令和6年度)."""
    return Period.fiscal_year_containing(LAST_DAY)


def benchmark_centers():
    """The benchmark's 所属, 所属00 (tier 1) first -> QuerySet[Center]."""
    return Center.objects.filter(name__startswith=PREFIX).order_by("display_order")


def analyze():
    """Fresh planner statistics and visibility map after the bulk fill, as autovacuum gives a
    real database in time: without statistics PostgreSQL's first plans guessed 25 rows for
    99,225, and without the visibility map no count is read from an index alone (issue 22).
    VACUUM cannot run inside a transaction (a test's): there, statistics only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


@transaction.atomic
def fill(total):
    """Writes `total` activities (bulk inserts, dates rising from 2015-04-01 to 2025-03-31 in
    insertion order, 活動形態 in FORM_SHARES), total/20 consultations, total/200 meetings,
    then tops the first 所属's week of BUSY_WEEK up to BUSY_WEEK_ENTRIES entries."""
    rng = random.Random(1)
    centers, coordinators, resources = _organisation()
    forms = list(ActivityForm.objects.values_list("pk", "counts_as_visit", "name"))
    shares = [FORM_SHARES.get(name, OTHER_FORM_SHARE) for _pk, _visit, name in forms]
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        f"{PREFIX}admin", password=None
    )
    days = (LAST_DAY - FIRST_DAY).days + 1

    def activity(index, day):
        form_pk, is_visit, _name = rng.choices(forms, shares)[0]
        return Activity(
            date=day,
            center_id=centers[index].pk,
            tier=centers[index].tier,
            category_id=rng.randint(1, 7 if index == 0 else 6),
            form_id=form_pk,
            counts_as_visit=is_visit,
            resource_id=rng.choice(resources) if is_visit or rng.random() < 0.2 else None,
            place="" if rng.random() < 0.9 else f"場所{rng.randrange(50)}",
            duration_minutes=rng.choice([None, 30, 60, 90, 120]),
            description="ベンチマーク",
            recorded_by_id=user.pk,
        )

    made = 0
    while made < total:
        size = min(BATCH, total - made)
        # rows go in in date order, as a city's records are written week by week: a table
        # filled in random date order has no correlation between date and place on disk
        indexes = [rng.randrange(20) for _ in range(size)]
        rows = [
            activity(index, FIRST_DAY + timedelta(days=(made + n) * days // total))
            for n, index in enumerate(indexes)
        ]
        _write(rows, [coordinators[index].pk for index in indexes])
        made += size
    in_week = Activity.objects.filter(
        center=centers[0], date__range=(BUSY_WEEK, BUSY_WEEK + timedelta(days=6))
    ).count()
    extra = [
        activity(0, BUSY_WEEK + timedelta(days=n % 5))
        for n in range(max(0, BUSY_WEEK_ENTRIES - in_week))
    ]
    _write(extra, [coordinators[0].pk] * len(extra))
    _consultations(rng, total // 20, centers, coordinators, user, days)
    _meetings(rng, total // 200, user, days)


def _organisation():
    kind = CenterKind.objects.get_or_create(name=f"{PREFIX}種別")[0]
    Center.objects.bulk_create(
        [
            Center(
                name=f"{PREFIX}所属{n:02d}",
                kind=kind,
                tier=Tier.FIRST if n == 0 else Tier.SECOND,
                display_order=1000 + n,
            )
            for n in range(20)
        ]
    )
    centers = list(benchmark_centers())
    Coordinator.objects.bulk_create(
        [Coordinator(name=f"{PREFIX}担当{n:02d}", kana=f"べんち{n:02d}") for n in range(20)]
    )
    coordinators = list(Coordinator.objects.filter(name__startswith=PREFIX).order_by("name"))
    Assignment.objects.bulk_create(
        [
            Assignment(coordinator=c, center=centers[i], tier=centers[i].tier, start_date=FIRST_DAY)
            for i, c in enumerate(coordinators)
        ]
    )
    kind = ResourceType.objects.first()
    SocialResource.objects.bulk_create(
        [SocialResource(name=f"{PREFIX}資源{n:04d}", resource_type=kind) for n in range(400)]
    )
    resources = list(
        SocialResource.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True)
    )
    return centers, coordinators, resources


def _write(rows, people):
    through = Activity.coordinators.through
    created = Activity.objects.bulk_create(rows, batch_size=5000)
    through.objects.bulk_create(
        [through(activity_id=a.pk, coordinator_id=p) for a, p in zip(created, people, strict=True)],
        batch_size=10000,
    )


def _consultations(rng, count, centers, coordinators, user, days):
    routes = list(ConsultationRoute.objects.all())
    types = list(ConsulterType.objects.all())
    outcomes = list(ConsultationOutcome.objects.all())
    topics = list(ConsultationTopic.objects.values_list("pk", flat=True))
    created = Consultation.objects.bulk_create(
        [
            Consultation(
                received_on=FIRST_DAY + timedelta(days=i * days // count),
                center_id=centers[i % 20].pk,
                tier=centers[i % 20].tier,
                coordinator_id=coordinators[i % 20].pk,
                route=rng.choice(routes),
                consulter_type=rng.choice(types),
                outcome=rng.choice(outcomes),
                recorded_by_id=user.pk,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    # one or two 相談内容 each, as staff tick them
    through = Consultation.topics.through
    through.objects.bulk_create(
        [
            through(consultation_id=c.pk, consultationtopic_id=topic)
            for c in created
            for topic in rng.sample(topics, rng.randint(1, 2))
        ],
        batch_size=10000,
    )


def _meetings(rng, count, user, days):
    council = Council.objects.create(
        name=f"{PREFIX}地域ケア会議",
        tier=CouncilTier.SECOND,
        kind=CouncilKind.objects.get(name="地域ケア会議"),
        counts_as_equivalent=True,
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                council=council,
                council_tier=council.tier,
                counts_as_equivalent=council.counts_as_equivalent,
                date=FIRST_DAY + timedelta(days=i * days // count),
                category_id=2,
                agenda="ベンチマーク",
                recorded_by_id=user.pk,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
