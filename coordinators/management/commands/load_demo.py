from django.core.management.base import BaseCommand

from coordinators.demo import load_demo_city
from coordinators.demo_activities import load_demo_activities
from coordinators.demo_consultations import load_demo_consultations
from councils.demo import load_demo_councils


class Command(BaseCommand):
    help = (
        "デモ用の市（6センターと高齢者支援課、担当者、社会資源、活動記録、相談記録、"
        "役割ごとのログイン）を読み込みます。何度実行しても同じ結果です。"
    )

    def handle(self, *args, **options):
        logins = load_demo_city()
        meetings, issues = load_demo_councils()
        activities = load_demo_activities()
        consultations, cases = load_demo_consultations()
        self.stdout.write(self.style.SUCCESS("デモデータを読み込みました。"))
        if activities:
            self.stdout.write(
                f"活動記録を{activities}件追加しました（令和6年度上半期は公表値どおり）。"
            )
        if meetings:
            self.stdout.write(
                f"会議を{meetings}件（令和6年度上半期の協議体相当76件・推進協議会1件を含む）、"
                f"地域課題を{issues}件追加しました。"
            )
        if consultations:
            self.stdout.write(
                f"相談記録を{consultations}件、個別支援ケースを{cases}件追加しました。"
            )
        self.stdout.write("デモ用ログイン（http://127.0.0.1:8000/login/）:")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<8} ユーザー名: {login.username:<14} "
                f"パスワード: {login.password:<20} 所属: {login.center}"
            )
