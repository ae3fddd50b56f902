"""When load_demo may write: never into a real city's database (issue 17).

The demo adds about 1,800 fictional activities and a superuser `admin` whose password the README
prints. It loads into an empty database or one that holds only what it made before (DemoMark),
and only in development (DEBUG on); anything else needs --force.
"""

from django.contrib.auth.models import User

from coordinators.models import Center, DemoMark

SHOWN = 5  # names listed in the refusal


class DemoRefused(Exception):
    """The reason, in Japanese, for the command to show."""


def _not_made_by_the_demo(model, field, kind):
    marked = DemoMark.objects.filter(kind=kind).values("name")
    return list(
        model.objects.exclude(**{f"{field}__in": marked})
        .order_by(field)
        .values_list(field, flat=True)
    )


def _listed(names):
    shown = "、".join(names[:SHOWN])
    return shown + (f" ほか{len(names) - SHOWN}件" if len(names) > SHOWN else "")


def ensure_demo_may_load(*, force, debug):
    """Raise DemoRefused unless the demo may load here: `force` (bool, --force) or `debug`
    (settings.DEBUG) with no login (username) or 所属 (name) in the database that the demo did
    not make."""
    if force:
        return
    if not debug:
        raise DemoRefused(
            "DEBUG=0（本番用の設定）ではデモデータを読み込みません。"
            "本当に読み込む場合は --force を付けてください。"
        )
    logins = _not_made_by_the_demo(User, "username", DemoMark.Kind.LOGIN)
    centers = _not_made_by_the_demo(Center, "name", DemoMark.Kind.CENTER)
    if logins or centers:
        found = "、".join(
            part
            for part in (
                f"ログイン {_listed(logins)}" if logins else "",
                f"所属 {_listed(centers)}" if centers else "",
            )
            if part
        )
        raise DemoRefused(
            f"このデータベースにはデモが作っていないデータがあります（{found}）。"
            "実際の市のデータにデモの記録や管理者ログインを混ぜないよう、読み込みを中止しました。"
            "空のデータベースで実行するか、承知のうえで --force を付けてください。"
        )
