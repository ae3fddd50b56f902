from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coordinators.imports.command_output import write_report
from coordinators.imports.master import import_master
from coordinators.imports.reading import WorkbookRejected, check_upload


class Command(BaseCommand):
    help = (
        "マスタ取込ブック（.xlsx）から所属・日常生活圏域・担当者・社会資源を登録します。"
        "誤りが1件でもあれば何も保存しません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="取り込む .xlsx ファイル")
        parser.add_argument(
            "--dry-run", action="store_true", help="保存せずに、何が変わるかだけを表示する"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ファイルが見つかりません: {file}")
        try:
            with path.open("rb") as handle:
                check_upload(path.name, path.stat().st_size, handle.read(4))
                handle.seek(0)
                report = import_master(handle, dry_run=dry_run)
        except WorkbookRejected as error:
            raise CommandError(str(error)) from None

        write_report(self, report)
