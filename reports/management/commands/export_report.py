import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coordinators.exports import encode_csv
from coordinators.models import Center
from coordinators.periods import PeriodParseError, parse_period
from reports.document import document_blocks, document_for
from reports.published import NoSuchVersion, report_for
from reports.renderers import report_csv, report_json
from reports.word import write_document
from reports.workbook import report_workbook


class Command(BaseCommand):
    help = (
        "報告（年度・半期、市全体または1所属）を xlsx・csv・json で、"
        "実績報告を docx で書き出します。"
    )

    def add_base_argument(self, parser, *args, **kwargs):
        # Here --version picks a published version of the report (issue 13), not Django's.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2024H1, 2024, R6上半期 など")
        parser.add_argument("--center", help="所属の名称（省略時は市全体）")
        parser.add_argument(
            "--format",
            choices=["xlsx", "csv", "json", "docx"],
            required=True,
            help="docx は実績報告（文章と数値）の Word ファイル",
        )
        parser.add_argument(
            "--output", required=True, help="書き出すファイルのパス（- で標準出力）"
        )
        parser.add_argument(
            "--encoding", choices=["utf-8", "cp932"], default="utf-8", help="CSVの文字コード"
        )
        parser.add_argument(
            "--version",
            type=int,
            dest="published_version",
            help="公表した版の番号（省略時: 締めた半期は最新の版、それ以外はいまの数値）",
        )

    def handle(self, *args, period, center, format, output, encoding, published_version, **options):
        try:
            parsed = parse_period(period)
        except PeriodParseError as error:
            raise CommandError(str(error)) from None
        scope = None
        if center:
            scope = Center.objects.filter(name=center).first()
            if scope is None:
                raise CommandError(f"所属「{center}」が見つかりません。")
        if format == "docx":
            self._write_document(parsed, scope, published_version, output)
            return
        try:
            shown = report_for(parsed, scope, published_version)
        except NoSuchVersion as missing:
            raise CommandError(str(missing)) from None
        report = shown.report
        if format == "json":
            data = report_json(report, shown.published, shown.differences)
            content = json.dumps(data, ensure_ascii=False, indent=2).encode()
        elif format == "csv":
            csv = report_csv(report, None, shown.published, shown.differences)
            content = encode_csv(csv, encoding)[0]
        else:
            content = report_workbook(
                report, published=shown.published, differences=shown.differences
            )
        if output == "-":
            self.stdout.write(content.decode() if format != "xlsx" else "")
            return
        Path(output).write_bytes(content)
        which = f" 公表版{shown.published.label}" if shown.published else ""
        self.stdout.write(
            f"{report.period.label}（{report.scope_label}）{which}を {output} に書き出しました。"
        )
        if shown.differences:
            self.stderr.write(
                f"締め後の差異: いまの記録から数えると{len(shown.differences)}か所が違います"
                "（JSON の differences_since_close、または報告の画面を確認してください）。"
            )

    def _write_document(self, period, center, version, output):
        """The 実績報告 (issue 19): 確定 text and figures of a closed half-year, else a draft."""
        try:
            document = document_for(period, center, version)
        except NoSuchVersion as missing:
            raise CommandError(str(missing)) from None
        content = write_document(document_blocks(document), footer_note=document.footer_note)
        if output == "-":
            raise CommandError("Word ファイルは --output にファイルのパスを指定してください。")
        Path(output).write_bytes(content)
        self.stdout.write(
            f"{document.title}（{document.footer_note}）を {output} に書き出しました。"
        )
