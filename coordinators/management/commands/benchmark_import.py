"""Benchmark the records import against bulk inserts of the same rows (issue 16).

For each --rows N: builds in memory a 活動記録 workbook of N valid rows for a small
organisation of its own (one 所属, two coordinators, one social resource, an admin login),
times import_records on it, then times one bulk_create of the same N activities and their
担当者 links: the limit the import can approach. Everything it writes, the organisation
included, is rolled back at the end, so the database's own data is never touched.
"""

import io
import json
import time
from datetime import date, timedelta
from datetime import time as clock

import openpyxl
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from coordinators.closing import closing_for
from coordinators.demo.categories import SeededCategory
from coordinators.imports.records import ACTIVITY_SHEET, SHEETS, import_records
from coordinators.imports.workbook import MAX_ROWS_PER_SHEET
from coordinators.models import (
    Activity,
    ActivityForm,
    Assignment,
    Center,
    CenterKind,
    Coordinator,
    ResourceType,
    SocialResource,
    Tier,
)
from coordinators.periods import Period, fiscal_year_of, today

PREFIX = "ベンチ取込"
PEOPLE = ("ベンチ 一郎", "ベンチ 二郎")
OPEN_HALVES = 4  # rows spread over the last four half-years not closed: about two years


class _StatementCounter:
    """connection.execute_wrapper that counts the statements sent (an executemany is one)."""

    def __init__(self):
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)


def _timed(function):
    """Run function() -> (its result, seconds taken, SQL statements sent)."""
    counter = _StatementCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, counter.statements


class _Organisation:
    """The benchmark's own 所属, coordinators, resource and login (inside the rolled-back
    transaction)."""

    def __init__(self):
        self.center = Center.objects.create(
            name=f"{PREFIX}所属",
            kind=CenterKind.objects.get_or_create(name=f"{PREFIX}種別")[0],
            tier=Tier.SECOND,
            display_order=9999,
        )
        self.people = [Coordinator.objects.create(name=name, kana="べんち") for name in PEOPLE]
        for person in self.people:
            Assignment.objects.create(
                coordinator=person,
                center=self.center,
                tier=self.center.tier,
                start_date=date(2015, 4, 1),
            )
        self.resource = SocialResource.objects.create(
            name=f"{PREFIX}資源", resource_type=ResourceType.objects.first()
        )
        self.visit = ActivityForm.objects.get(name="訪問")
        self.user = User.objects.create_superuser(f"{PREFIX}admin", password=None)
        self.days = self._open_days()

    def _open_days(self):
        """Every day of the last OPEN_HALVES half-years up to today's that no closing covers
        (the demo, like a city, closes past ones), oldest first."""
        halves, fiscal_year, half = (
            [],
            fiscal_year_of(today()),
            1 if today().month in range(4, 10) else 2,
        )
        while len(halves) < OPEN_HALVES and fiscal_year >= 2015:
            period = Period.for_half(fiscal_year, half)
            if closing_for(self.center, period.start) is None:
                halves.append(period)
            fiscal_year, half = (fiscal_year, 1) if half == 2 else (fiscal_year - 1, 2)
        if not halves:
            raise CommandError("締められていない半期がないため計測できません。")
        return [
            period.start + timedelta(days=offset)
            for period in reversed(halves)
            for offset in range((period.end - period.start).days + 1)
        ]

    def day(self, index):
        return self.days[index % len(self.days)]

    def workbook(self, rows):
        """A records workbook (bytes) of `rows` valid 活動記録 rows."""
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(ACTIVITY_SHEET)
        sheet.append(SHEETS[ACTIVITY_SHEET])
        for index in range(rows):
            cells = {
                "日付": self.day(index),
                "開始時刻": clock(10, 0),
                "所要時間（分）": 90,
                "所属": self.center.name,
                "担当者": "、".join(PEOPLE),
                "区分": SeededCategory.FACT_FINDING.label,
                "活動形態": self.visit.name,
                "訪問先": self.resource.name,
                "場所": "",
                "参加人数": index % 20,
                "内容": f"ベンチマーク {index}",
            }
            sheet.append([cells[column] for column in SHEETS[ACTIVITY_SHEET]])
        content = io.BytesIO()
        book.save(content)
        return content.getvalue()

    def bulk_insert(self, rows):
        """The same activities and their 担当者 links in one bulk_create each."""
        created = Activity.objects.bulk_create(
            [
                Activity(
                    center=self.center,
                    tier=self.center.tier,
                    recorded_by=self.user,
                    date=self.day(index),
                    start_time=clock(10, 0),
                    duration_minutes=90,
                    category_id=SeededCategory.FACT_FINDING,
                    form=self.visit,
                    counts_as_visit=self.visit.counts_as_visit,
                    resource=self.resource,
                    participants=index % 20,
                    description=f"ベンチマーク {index}",
                )
                for index in range(rows)
            ]
        )
        through = Activity.coordinators.through
        through.objects.bulk_create(
            [
                through(activity_id=activity.pk, coordinator_id=person.pk)
                for activity in created
                for person in self.people
            ]
        )
        return created


def _measure(organisation, rows):
    """One run of `rows` rows -> {rows, import_seconds, import_rows_per_second,
    import_statements (SQL sent), import_statements_per_row, limit_…, ratio}; seconds of wall
    time, ratio import/limit in rows per second. CommandError when the import refuses a row."""
    content = organisation.workbook(rows)
    with transaction.atomic():
        report, seconds, statements = _timed(
            lambda: import_records(io.BytesIO(content), user=organisation.user)
        )
        if report.errors:
            raise CommandError(f"取込が失敗しました: {report.errors[0]}")
        transaction.set_rollback(True)
    with transaction.atomic():
        _created, limit_seconds, limit_statements = _timed(lambda: organisation.bulk_insert(rows))
        transaction.set_rollback(True)
    result = {
        "rows": rows,
        "import_seconds": seconds,
        "import_rows_per_second": rows / seconds,
        "import_statements": statements,
        "import_statements_per_row": statements / rows,
        "limit_seconds": limit_seconds,
        "limit_rows_per_second": rows / limit_seconds,
        "limit_statements": limit_statements,
        "limit_statements_per_row": limit_statements / rows,
    }
    result["ratio"] = result["import_rows_per_second"] / result["limit_rows_per_second"]
    return result


class Command(BaseCommand):
    help = (
        "活動記録の取込（import_records）を、同じ行の一括挿入（bulk_create）と比べて計測します。"
        "作ったデータはすべて取り消します。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows", type=int, nargs="+", default=[1000, 20000], help="計測する行数（複数可）"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="結果をJSONで出力する"
        )

    def handle(self, *args, rows, as_json, **options):
        for count in rows:
            if not 1 <= count <= MAX_ROWS_PER_SHEET:
                raise CommandError(f"--rows は1から{MAX_ROWS_PER_SHEET}までにしてください。")
        with transaction.atomic():
            organisation = _Organisation()
            results = [_measure(organisation, count) for count in rows]
            transaction.set_rollback(True)
        if as_json:
            self.stdout.write(
                json.dumps({"database": connection.vendor, "runs": results}, ensure_ascii=False)
            )
            return
        self.stdout.write(f"データベース: {connection.vendor}")
        for run in results:
            self.stdout.write(
                f"{run['rows']}行: 取込 {run['import_rows_per_second']:.1f} 行/秒"
                f"（{run['import_seconds']:.2f} 秒、SQL {run['import_statements']} 文）"
                f" 上限 {run['limit_rows_per_second']:.1f} 行/秒"
                f"（{run['limit_seconds']:.2f} 秒、SQL {run['limit_statements']} 文）"
                f" 比 {run['ratio']:.4f}"
            )
