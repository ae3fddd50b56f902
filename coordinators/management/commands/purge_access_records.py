from django.core.management.base import BaseCommand

from coordinators.models import AccessRecord
from coordinators.models.consultations import ACCESS_RECORD_RETENTION_YEARS
from coordinators.periods import today


class Command(BaseCommand):
    help = (
        f"保存期間（{ACCESS_RECORD_RETENTION_YEARS}年）を過ぎた個人情報の閲覧記録を削除します。"
        "それより新しい記録は変更も削除もできません。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="削除せず、対象の件数だけを表示します。"
        )

    def handle(self, *args, dry_run=False, **options):
        day = today()
        if dry_run:
            count = AccessRecord.objects.expired(day).count()
            self.stdout.write(f"保存期間を過ぎた閲覧記録: {count}件（削除していません）")
            return
        deleted = AccessRecord.objects.purge_expired(day)
        self.stdout.write(
            self.style.SUCCESS(
                f"保存期間（{ACCESS_RECORD_RETENTION_YEARS}年）を過ぎた閲覧記録を{deleted}件削除しました。"
            )
        )
