from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.rollup import RollupRefused, read_reports, rollup_workbook


class Command(BaseCommand):
    help = (
        "複数の市町村の報告（JSON）を1つのブックに集計します: 市町村ごとに国の機能別の件数、"
        "層別の担当者数と協議体、公表版か締め前か、合計。期間の違うファイル、同じ自治体の重複、"
        "団体コードのないファイルは、ファイル名を示して断ります。"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="各市町村の報告JSON（?format=json）")
        parser.add_argument("--output", required=True, help="書き出す .xlsx のパス")

    def handle(self, *args, files, output, **options):
        try:
            cities = read_reports(files)
        except RollupRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(refused.problems)}件の問題があるため、集計していません。"
            ) from None
        try:
            Path(output).write_bytes(rollup_workbook(cities))
        except OSError as error:
            raise CommandError(f"{output} に書き出せません（{error.strerror}）。") from None
        self.stdout.write(
            f"{cities[0].period.get('label', '')}: {len(cities)}市町村を集計しました: {output}"
        )
