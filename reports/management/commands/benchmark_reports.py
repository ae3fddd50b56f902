"""Benchmark the report and the entry and list pages against hand-written SQL over the same rows.

Fills the configured database with synthetic data (reports/benchmarks/fill.py), then times each
report section against SQL returning everything it returns, the fiscal-year workbook, and each
entry and list page against its own SQL (reports/benchmarks/measure.py).
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from reports.benchmarks.fill import analyze, benchmark_centers, fill
from reports.benchmarks.measure import measure


def _mark(aim_met):
    return "—" if aim_met is None else ("達成" if aim_met else "未達")


class Command(BaseCommand):
    help = "報告の各集計と入力・一覧ページを、同じ行に対する手書きSQLと比べて計測します。"

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
        existing = benchmark_centers().exists()
        if not (reuse and existing):
            if existing:
                raise CommandError(
                    "ベンチマーク用のデータがすでにあります。--reuse で再利用するか、"
                    "データベースを作り直してください。"
                )
            started = time.perf_counter()
            fill(activities)
            analyze()
            if not as_json:
                self.stdout.write(f"データ作成: {time.perf_counter() - started:.1f} 秒")
        try:
            results = measure()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            return
        self.stdout.write(f"{'集計':<24}{'報告(秒)':>10}{'SQL(秒)':>10}{'比':>8}{'文':>4}  目標")
        for row in results["sections"]:
            self.stdout.write(
                f"{row['name']:<24}{row['seconds']:>10.3f}{row['sql_seconds']:>10.3f}"
                f"{row['ratio']:>8.2f}{row['statements']:>4}  {_mark(row['aim_met'])}"
            )
        self.stdout.write(f"年度のExcelブック出力: {results['workbook_seconds']:.2f} 秒")
        self.stdout.write(f"活動記録一覧ページ: {results['list_page_seconds']:.2f} 秒")
        self.stdout.write(f"{'ページ':<20}{'サーバー(秒)':>12}{'SQL(秒)':>10}{'比':>8}  目標")
        for page in results["pages"]:
            ratio = "—" if page["ratio"] is None else f"{page['ratio']:.2f}"
            self.stdout.write(
                f"{page['name']:<20}{page['seconds']:>12.3f}{page['sql_seconds']:>10.3f}"
                f"{ratio:>8}  {_mark(page['aim_met'])}"
            )
