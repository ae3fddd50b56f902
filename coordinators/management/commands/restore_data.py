from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coordinators.backups import database_is_empty, restore, size_label


class Command(BaseCommand):
    help = (
        "backup_data で作ったファイルからデータベースを復元します。"
        "空のデータベースにだけ復元します（--force で上書き）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="backup_data で書き出したファイル")
        parser.add_argument(
            "--force", action="store_true", help="データのあるデータベースも上書きする"
        )

    def handle(self, *args, file, force, **options):
        name = connection.settings_dict["NAME"]
        if not force and not database_is_empty():
            raise CommandError(
                f"データベース {name} には既にデータがあります。"
                "上書きしてよい場合だけ --force を付けてください。"
            )
        restore(file)
        self.stdout.write(
            self.style.SUCCESS(
                f"{file}（{size_label(file)}）をデータベース {name} に復元しました。"
            )
        )
