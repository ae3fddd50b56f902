from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coordinators.demo import load_demo
from coordinators.demo.guard import DemoRefused, ensure_demo_may_load


class Command(BaseCommand):
    help = (
        "デモ用の市（6センターと高齢者支援課、担当者、社会資源、活動記録、相談記録、"
        "役割ごとのログイン）を読み込みます。何度実行しても同じ結果です。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="デモが作っていないログインや所属があっても、DEBUG=0でも読み込む",
        )

    def handle(self, *args, force, **options):
        try:
            ensure_demo_may_load(force=force, debug=settings.DEBUG)
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        logins, lines = load_demo()
        self.stdout.write(self.style.SUCCESS("デモデータを読み込みました。"))
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("デモ用ログイン（http://127.0.0.1:8000/login/）:")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<8} ユーザー名: {login.username:<14} "
                f"パスワード: {login.password:<20} 所属: {login.center}"
            )
