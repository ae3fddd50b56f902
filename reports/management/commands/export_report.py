import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coordinators.exports import encode_csv
from coordinators.models import Center
from coordinators.periods import PeriodParseError, parse_period
from reports.renderers import report_csv, report_json
from reports.selectors import build_report
from reports.workbook import report_workbook


class Command(BaseCommand):
    help = "報告（年度・半期、市全体または1所属）を xlsx・csv・json で書き出します。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2024H1, 2024, R6上半期 など")
        parser.add_argument("--center", help="所属の名称（省略時は市全体）")
        parser.add_argument("--format", choices=["xlsx", "csv", "json"], required=True)
        parser.add_argument(
            "--output", required=True, help="書き出すファイルのパス（- で標準出力）"
        )
        parser.add_argument(
            "--encoding", choices=["utf-8", "cp932"], default="utf-8", help="CSVの文字コード"
        )

    def handle(self, *args, period, center, format, output, encoding, **options):
        try:
            parsed = parse_period(period)
        except PeriodParseError as error:
            raise CommandError(str(error)) from None
        scope = None
        if center:
            scope = Center.objects.filter(name=center).first()
            if scope is None:
                raise CommandError(f"所属「{center}」が見つかりません。")
        report = build_report(parsed, scope)
        if format == "json":
            content = json.dumps(report_json(report), ensure_ascii=False, indent=2).encode()
        elif format == "csv":
            content = encode_csv(report_csv(report), encoding)[0]
        else:
            content = report_workbook(report)
        if output == "-":
            self.stdout.write(content.decode() if format != "xlsx" else "")
            return
        Path(output).write_bytes(content)
        self.stdout.write(
            f"{report.period.label}（{report.scope_label}）を {output} に書き出しました。"
        )
