from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coordinators.imports.command_output import write_report
from coordinators.imports.reading import WorkbookRejected, check_upload
from coordinators.imports.records import import_records


class Command(BaseCommand):
    help = (
        "Excelの活動記録・相談記録・会議記録を取り込みます。"
        "記録IDのある行（活動記録一覧から出力したExcel）はその記録を更新し、"
        "記録IDのない行は、同じ内容が登録済みなら読み飛ばします。"
        "誤りが1件でもあれば何も保存しません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="取り込む .xlsx ファイル")
        parser.add_argument(
            "--dry-run", action="store_true", help="保存せずに、何が変わるかだけを表示する"
        )
        parser.add_argument(
            "--user",
            help="記録者として残すログイン名（省略時は最初の管理者）",
        )

    def handle(self, *args, file, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ファイルが見つかりません: {file}")
        recorder = self._recorder(user)
        try:
            with path.open("rb") as handle:
                check_upload(path.name, path.stat().st_size, handle.read(4))
                handle.seek(0)
                report = import_records(handle, user=recorder, dry_run=dry_run)
        except WorkbookRejected as error:
            raise CommandError(str(error)) from None
        write_report(self, report)

    def _recorder(self, username):
        users = get_user_model().objects.filter(is_active=True)
        recorder = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if recorder is None:
            raise CommandError(
                f"ログイン「{username}」が見つかりません。"
                if username
                else "記録者にする管理者がいません。--user でログイン名を指定してください。"
            )
        return recorder
