"""Benchmark the report against hand-written SQL over the same rows.

Fills the configured database with synthetic data (bulk inserts: 20 所属, 10 fiscal years,
consultations and meetings in proportion), then times each report section, one hand-written
SQL GROUP BY over the same rows, the fiscal-year workbook and the activity-list page.
"""

import json
import random
import time
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from coordinators.models import (
    Activity,
    ActivityForm,
    Assignment,
    Center,
    CenterKind,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsulterType,
    Coordinator,
    ResourceType,
    SocialResource,
    Tier,
)
from coordinators.periods import Period
from councils.models import Council, CouncilKind, CouncilTier, Meeting
from councils.selectors import council_counts
from reports import sections as report_sections
from reports import selectors
from reports.sections import Scope
from reports.workbook import report_workbook

PREFIX = "ベンチ"
YEARS = range(2015, 2025)
BATCH = 20_000


def _timed(function, repeat=3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


# Issue 22's aim for the entry and list pages: server time within twice the page's own SQL
# time, or 60 ms where its SQL is faster than 30 ms.
PAGE_FLOOR_SECONDS = 0.060


class _SqlClock:
    """A connection.execute_wrapper adding up the time its statements take."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def _page(client, url):
    """(seconds, sql_seconds) of the fastest of three GETs of `url`: its whole server time and
    the time of its own SQL statements, measured in the same request."""
    best = None
    for _ in range(3):
        clock = _SqlClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            seconds = time.perf_counter() - start
        if response.status_code != 200:
            raise CommandError(f"{url} が {response.status_code} を返しました。")
        if best is None or seconds < best[0]:
            best = (seconds, clock.seconds)
    return best


def _sql(statement, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            cursor.fetchall()

    return run


def _month_expression():
    if connection.vendor == "postgresql":
        return "date_trunc('month', a.date)"
    return "strftime('%%Y-%%m', a.date)"


def _analyze():
    """Fresh planner statistics after the bulk fill, as autovacuum would give a real database
    in time: without them PostgreSQL's first plans guessed 25 rows for 99,225 (issue 22)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "報告の各集計を、同じ行に対する手書きSQLのGROUP BYと比べて計測します。"

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="結果をJSONで出力する"
        )
        parser.add_argument(
            "--reuse", action="store_true", help="前回のベンチマーク用データをそのまま使う"
        )

    def handle(self, *args, activities, as_json, reuse, **options):
        if activities < 1000:
            raise CommandError("--activities は1000以上にしてください。")
        existing = Center.objects.filter(name__startswith=PREFIX).exists()
        if not (reuse and existing):
            if existing:
                raise CommandError(
                    "ベンチマーク用のデータがすでにあります。--reuse で再利用するか、"
                    "データベースを作り直してください。"
                )
            started = time.perf_counter()
            self._fill(activities)
            _analyze()
            if not as_json:
                self.stdout.write(f"データ作成: {time.perf_counter() - started:.1f} 秒")
        results = self._measure()
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            return
        self.stdout.write(f"{'集計':<24}{'報告(秒)':>10}{'SQL(秒)':>10}{'比':>8}")
        for row in results["sections"]:
            self.stdout.write(
                f"{row['name']:<24}{row['seconds']:>10.3f}{row['sql_seconds']:>10.3f}{row['ratio']:>8.2f}"
            )
        self.stdout.write(f"年度のExcelブック出力: {results['workbook_seconds']:.2f} 秒")
        self.stdout.write(f"活動記録一覧ページ: {results['list_page_seconds']:.2f} 秒")
        self.stdout.write(f"{'ページ':<20}{'サーバー(秒)':>12}{'SQL(秒)':>10}{'比':>8}  目標")
        for page in results["pages"]:
            ratio = "—" if page["ratio"] is None else f"{page['ratio']:.2f}"
            self.stdout.write(
                f"{page['name']:<20}{page['seconds']:>12.3f}{page['sql_seconds']:>10.3f}"
                f"{ratio:>8}  {'達成' if page['aim_met'] else '未達'}"
            )

    @transaction.atomic
    def _fill(self, total):
        rng = random.Random(1)
        kind = CenterKind.objects.get_or_create(name=f"{PREFIX}種別")[0]
        centers = [
            Center(
                name=f"{PREFIX}所属{n:02d}",
                kind=kind,
                tier=Tier.FIRST if n == 0 else Tier.SECOND,
                display_order=1000 + n,
            )
            for n in range(20)
        ]
        Center.objects.bulk_create(centers)
        centers = list(Center.objects.filter(name__startswith=PREFIX).order_by("display_order"))
        coordinators = Coordinator.objects.bulk_create(
            [Coordinator(name=f"{PREFIX}担当{n:02d}", kana=f"べんち{n:02d}") for n in range(20)]
        )
        coordinators = list(Coordinator.objects.filter(name__startswith=PREFIX).order_by("name"))
        Assignment.objects.bulk_create(
            [
                Assignment(
                    coordinator=c,
                    center=centers[i],
                    tier=centers[i].tier,
                    start_date=date(2015, 4, 1),
                )
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
        forms = list(ActivityForm.objects.values_list("pk", "counts_as_visit"))
        user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            f"{PREFIX}admin", password=None
        )
        start, days = date(2015, 4, 1), (date(2025, 3, 31) - date(2015, 4, 1)).days
        through = Activity.coordinators.through
        made = 0
        while made < total:
            size = min(BATCH, total - made)
            rows = []
            people = []
            for _ in range(size):
                index = rng.randrange(20)
                form_pk, is_visit = forms[rng.randrange(len(forms))]
                category = rng.randint(1, 7 if index == 0 else 6)
                rows.append(
                    Activity(
                        date=start + timedelta(days=rng.randrange(days)),
                        center_id=centers[index].pk,
                        tier=centers[index].tier,
                        category_id=category,
                        form_id=form_pk,
                        counts_as_visit=is_visit,
                        resource_id=rng.choice(resources)
                        if is_visit or rng.random() < 0.2
                        else None,
                        place="" if rng.random() < 0.9 else f"場所{rng.randrange(50)}",
                        duration_minutes=rng.choice([None, 30, 60, 90, 120]),
                        description="ベンチマーク",
                        recorded_by_id=user.pk,
                    )
                )
                people.append(coordinators[index].pk)
            created = Activity.objects.bulk_create(rows, batch_size=5000)
            through.objects.bulk_create(
                [
                    through(activity_id=a.pk, coordinator_id=p)
                    for a, p in zip(created, people, strict=True)
                ],
                batch_size=10000,
            )
            made += size
        routes = list(ConsultationRoute.objects.all())
        types = list(ConsulterType.objects.all())
        outcomes = list(ConsultationOutcome.objects.all())
        Consultation.objects.bulk_create(
            [
                Consultation(
                    received_on=start + timedelta(days=rng.randrange(days)),
                    center_id=centers[i % 20].pk,
                    tier=centers[i % 20].tier,
                    coordinator_id=coordinators[i % 20].pk,
                    route=rng.choice(routes),
                    consulter_type=rng.choice(types),
                    outcome=rng.choice(outcomes),
                    recorded_by_id=user.pk,
                )
                for i in range(total // 20)
            ],
            batch_size=5000,
        )
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
                    date=start + timedelta(days=rng.randrange(days)),
                    category_id=2,
                    agenda="ベンチマーク",
                    recorded_by_id=user.pk,
                )
                for _ in range(total // 200)
            ],
            batch_size=5000,
        )

    def _measure(self):
        period = Period.for_fiscal_year(max(YEARS))
        bounds = [period.start, period.end]
        alive = "a.deleted_at IS NULL AND a.date BETWEEN %s AND %s"
        categories = selectors.report_categories(period)
        sections = [
            (
                "activity_counts",
                lambda: selectors.activity_table(period, None, categories),
                f"SELECT a.center_id, a.category, COUNT(*) FROM coordinators_activity a "
                f"WHERE {alive} GROUP BY a.center_id, a.category",
            ),
            (
                "by_form",
                lambda: report_sections.by_form(
                    Scope(period), list(selectors.report_centers(period))
                ),
                f"SELECT a.form_id, a.center_id, COUNT(*) FROM coordinators_activity a "
                f"WHERE {alive} GROUP BY a.form_id, a.center_id",
            ),
            (
                "visits",
                lambda: report_sections.visits(Scope(period)),
                "SELECT COUNT(*), SUM(a.duration_minutes), AVG(a.duration_minutes), "
                "COUNT(DISTINCT a.resource_id) FROM coordinators_activity a "
                f"WHERE {alive} AND a.counts_as_visit",
            ),
            (
                "monthly",
                lambda: report_sections.monthly(Scope(period), categories),
                f"SELECT {_month_expression()}, a.category, COUNT(*) FROM coordinators_activity a "
                f"WHERE {alive} GROUP BY 1, a.category",
            ),
            (
                "consultations",
                lambda: report_sections.consultations(Scope(period)),
                "SELECT a.route_id, COUNT(*) FROM coordinators_consultation a "
                "WHERE a.deleted_at IS NULL AND a.received_on BETWEEN %s AND %s "
                "GROUP BY a.route_id",
            ),
            (
                "councils",
                lambda: council_counts(period),
                "SELECT a.council_id, COUNT(*) FROM councils_meeting a "
                "WHERE a.deleted_at IS NULL AND a.date BETWEEN %s AND %s GROUP BY a.council_id",
            ),
        ]
        results = []
        for name, report_part, statement in sections:
            seconds = _timed(report_part)
            sql_seconds = _timed(_sql(statement, bounds))
            results.append(
                {
                    "name": name,
                    "seconds": round(seconds, 4),
                    "sql_seconds": round(sql_seconds, 4),
                    "ratio": round(seconds / sql_seconds, 2) if sql_seconds else None,
                }
            )
        workbook_seconds = _timed(lambda: report_workbook(selectors.build_report(period)), repeat=1)
        client = Client()
        client.force_login(User.objects.filter(is_superuser=True).first())
        # best of three: the first request also pays for compiling templates once per process
        list_page_seconds = _timed(
            lambda: client.get(f"/activities/?period={period.code}", HTTP_HOST="localhost")
        )
        center = Center.objects.filter(name__startswith=PREFIX).order_by("pk").first()
        week = period.start + timedelta(days=70)
        pages = []
        for name, url in (
            ("週の記録", f"/week/?center={center.pk}&date={week.isoformat()}"),
            ("活動記録一覧", f"/activities/?period={period.code}"),
            ("活動記録一覧（内容検索）", f"/activities/?period={period.code}&q=サロン"),
            ("相談記録一覧", f"/consultations/?period={period.code}"),
            ("社会資源一覧", "/resources/"),
            ("ダッシュボード", "/"),
        ):
            seconds, sql_seconds = _page(client, url)
            pages.append(
                {
                    "name": name,
                    "seconds": round(seconds, 4),
                    "sql_seconds": round(sql_seconds, 4),
                    "ratio": round(seconds / sql_seconds, 2) if sql_seconds else None,
                    "aim_met": seconds <= max(2 * sql_seconds, PAGE_FLOOR_SECONDS),
                }
            )
        return {
            "sections": results,
            "workbook_seconds": round(workbook_seconds, 3),
            "list_page_seconds": round(list_page_seconds, 3),
            "pages": pages,
        }
