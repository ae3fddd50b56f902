from django.core.management.base import BaseCommand

from coordinators.backups import backup, default_backup_path, size_label


class Command(BaseCommand):
    help = (
        "データベース全体をバックアップします（PostgreSQL: pg_dump --format=custom、"
        "SQLite: オンラインバックアップ）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="書き出すファイルのパス（省略時は backups/sasaeai-日時.dump または .sqlite3）",
        )

    def handle(self, *args, output, **options):
        path = backup(output or default_backup_path())
        self.stdout.write(
            self.style.SUCCESS(f"バックアップを書き出しました: {path}（{size_label(path)}）")
        )
