from django.core.management.base import BaseCommand
from django.db import transaction

from reports.services import publish_unpublished


class Command(BaseCommand):
    help = (
        "締めた半期のうち公表版がまだない範囲（版を保存する前に締めた半期）に、"
        "いまの数値を第1版として保存します。何度実行しても同じ結果です。"
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = publish_unpublished()
        for version in created:
            self.stdout.write(f"{version}を保存しました。")
        if not created:
            self.stdout.write("公表版のない締めた半期はありません。")
