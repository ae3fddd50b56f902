"""Who may do what: one row per page or action, one expected outcome per role.

tests/test_role_matrix.py checks every cell against the running app, and the README's table
is printed from these rows (`python -m tests.role_matrix`), so the two cannot drift apart.

Every object in a URL belongs to center A; "staff B" works at another center.
"""

import re
import textwrap
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "staff_a", "staff_b", "division", "admin")
ROLE_HEADERS = (
    "anonymous",
    "センター職員 (center A)",
    "センター職員 (center B)",
    "高齢者支援課",
    "管理者",
)

# code: (symbol in the README, meaning)
OUTCOMES = {
    "200": ("✓ 200", "the page (or file) opens, with center A's record in it where it lists one"),
    "204": ("✓ 204", "answered with no content (the session renewed)"),
    "own": ("✓ own", "answers for the login's own 所属 only: nothing of center A shown or changed"),
    "done": ("✓ done", "the change is made, then a redirect (302)"),
    "invalid": ("✗ form", "the form comes back with an error (200) and nothing is saved"),
    "elsewhere": ("↪ home", "redirect to the home page: nothing to do here for this login"),
    "login": ("→ login", "redirect to the login page"),
    "admin_login": ("→ admin login", "redirect to the admin's login page"),
    "403": ("403", "refused (forbidden)"),
    "404": ("404", "not found: the object is not shown to exist"),
    "405": ("405", "GET not allowed: an action takes POST only"),
}
REFUSED = {"own", "invalid", "login", "admin_login", "403", "404", "405"}

OPEN = "login 200 200 200 200"
LIST = "login 200 own 200 200"
OBJECT = "login 200 404 200 200"
ACTION = "login done 404 done done"
POST_ONLY = "login 405 405 405 405"
DIVISION = "login 403 403 200 200"
DIVISION_ACTION = "login 403 403 done done"
ADMIN_ONLY = "login 403 403 403 200"
ADMIN_SITE = "admin_login admin_login admin_login admin_login 200"


@dataclass(frozen=True)
class Row:
    name: str  # URL name
    label: str
    get: str  # one outcome code per role, in ROLES order
    post: str | None = None  # for actions
    args: tuple = ()  # keys of center A's objects, as URL arguments
    query: str = ""  # "{center_a}" is center A's pk
    marker: str | None = None  # key of a text of center A's that the page shows or must not
    effect: bool = True  # whether an accepted POST changes stored data

    def expected(self, method):
        codes = (self.get if method == "GET" else self.post).split()
        assert len(codes) == len(ROLES), self
        assert set(codes) <= set(OUTCOMES), self
        return dict(zip(ROLES, codes, strict=True))

    @property
    def methods(self):
        return ("GET", "POST") if self.post else ("GET",)


MATRIX = [
    Row("home", "ホーム (week or dashboard)", OPEN),
    Row("login", "ログイン", "200 200 200 200 200"),
    Row("logout", "ログアウト", POST_ONLY, post="login done done done done", effect=False),
    # Two-factor login pages, as the default settings have it: no role must use it, and the
    # test logins have no authenticator registered. Their POSTs are tested in test_two_factor.
    Row("two_factor_verify", "2段階認証 code", "login elsewhere elsewhere elsewhere elsewhere"),
    Row("two_factor_setup", "2段階認証 setup", OPEN),
    Row("keep_alive", "「続ける」 (session renewal)", "login 204 204 204 204"),
    Row("password_change", "パスワード変更", OPEN, post="login done done done done"),
    Row("password_change_done", "パスワード変更完了", OPEN),
    # 週の記録
    Row("coordinators:week", "週の記録 (own 所属)", OPEN),
    Row(
        "coordinators:week",
        "週の記録 of center A",
        OBJECT,
        query="?center={center_a}&date=2024-06-12",
        marker="activity",
    ),
    Row(
        "coordinators:activity_create",
        "活動 add (for center A)",
        POST_ONLY,
        post=ACTION,
    ),
    Row(
        "coordinators:activity_update",
        "活動 edit",
        POST_ONLY,
        post=ACTION,
        args=("activity",),
    ),
    Row(
        "coordinators:activity_delete",
        "活動 delete",
        POST_ONLY,
        post=ACTION,
        args=("activity",),
    ),
    Row("coordinators:activity_copy", "活動 copy", POST_ONLY, post=ACTION, args=("activity",)),
    Row(
        "coordinators:template_create",
        "テンプレート save",
        POST_ONLY,
        post=ACTION,
        args=("activity",),
    ),
    Row("coordinators:copy_last_week", "先週の記録をコピー", POST_ONLY, post=ACTION),
    Row("coordinators:templates_apply", "予定を記録 (templates)", POST_ONLY, post=ACTION),
    Row(
        "coordinators:template_schedule",
        "テンプレート 予定を変更",
        POST_ONLY,
        post=ACTION,
        args=("template",),
    ),
    Row(
        "coordinators:template_delete",
        "テンプレート delete",
        POST_ONLY,
        post=ACTION,
        args=("template",),
    ),
    # 活動記録一覧
    Row("coordinators:activity_list", "活動記録一覧", LIST, marker="activity"),
    Row(
        "coordinators:activity_list",
        "活動記録一覧 CSV",
        LIST,
        query="?export=csv&center={center_a}",
        marker="activity",
    ),
    Row(
        "coordinators:activity_list",
        "活動記録一覧 Excel",
        LIST,
        query="?export=xlsx&center={center_a}",
        marker="activity",
    ),
    Row("coordinators:activity_detail", "活動 detail", OBJECT, args=("activity",)),
    Row("coordinators:activity_history", "活動 変更履歴", OBJECT, args=("activity",)),
    # Staff import their own 所属's records (issue 16); the POST sends no file.
    Row(
        "coordinators:records_import",
        "記録取込",
        OPEN,
        post="login invalid invalid invalid invalid",
    ),
    Row("coordinators:records_import_template", "記録取込 template", OPEN),
    # 相談・ケース
    Row(
        "coordinators:consultation_create",
        "相談 add (for center A)",
        POST_ONLY,
        post=ACTION,
    ),
    Row("coordinators:consultation_list", "相談一覧", LIST, marker="consultation"),
    Row(
        "coordinators:consultation_list",
        "相談一覧 CSV",
        LIST,
        query="?export=csv&center={center_a}",
        marker="consultation",
    ),
    Row(
        "coordinators:consultation_list",
        "相談一覧 Excel",
        LIST,
        query="?export=xlsx&center={center_a}",
        marker="consultation",
    ),
    Row(
        "coordinators:consultation_detail",
        "相談 detail, edit",
        OBJECT,
        post=ACTION,
        args=("consultation",),
    ),
    Row("coordinators:consultation_history", "相談 変更履歴", OBJECT, args=("consultation",)),
    Row(
        "coordinators:consultation_repeat",
        "相談 同じ内容をもう1件",
        POST_ONLY,
        post=ACTION,
        args=("consultation",),
    ),
    Row(
        "coordinators:consultation_delete",
        "相談 delete",
        POST_ONLY,
        post=ACTION,
        args=("consultation",),
    ),
    Row(
        "coordinators:case_create",
        "ケース open",
        POST_ONLY,
        post=ACTION,
        args=("consultation",),
    ),
    Row("coordinators:case_list", "ケース一覧", LIST, query="?center={center_a}", marker="case"),
    Row("coordinators:case_detail", "ケース detail, add step", OBJECT, post=ACTION, args=("case",)),
    Row("coordinators:case_history", "ケース 変更履歴", OBJECT, args=("case",)),
    Row(
        "coordinators:case_connect",
        "ケース ここにつないだ",
        POST_ONLY,
        post=ACTION,
        args=("case", "resource"),
    ),
    Row("coordinators:case_close", "ケース close", POST_ONLY, post=ACTION, args=("case",)),
    Row("coordinators:accessrecord_list", "閲覧記録", DIVISION),
    Row(
        "coordinators:accessrecord_list",
        "閲覧記録 CSV",
        DIVISION,
        query="?export=csv",
    ),
    # 所属・社会資源・担当者
    Row("coordinators:center_overview", "所属", LIST, marker="center"),
    Row("coordinators:resource_list", "社会資源一覧", OPEN, marker="resource"),
    Row(
        "coordinators:resource_list",
        "社会資源一覧 CSV",
        OPEN,
        query="?export=csv",
        marker="resource",
    ),
    Row(
        "coordinators:resource_list",
        "社会資源一覧 Excel",
        OPEN,
        query="?export=xlsx",
        marker="resource",
    ),
    Row(
        "coordinators:resource_create",
        "社会資源 add (in center A's area)",
        OPEN,
        post="login done invalid done done",
    ),
    Row("coordinators:resource_detail", "社会資源 detail", OPEN, args=("resource",)),
    Row("coordinators:resource_options", "訪問先の候補 (type-ahead)", OPEN, marker="resource"),
    Row("coordinators:resource_history", "社会資源 変更履歴", OPEN, args=("resource",)),
    Row(
        "coordinators:resource_update",
        "社会資源 edit",
        OBJECT,
        post=ACTION,
        args=("resource",),
    ),
    Row("coordinators:coordinator_list", "担当者一覧", LIST, marker="coordinator"),
    Row("coordinators:coordinator_detail", "担当者 detail", OBJECT, args=("coordinator",)),
    Row("coordinators:coordinator_history", "担当者 変更履歴", OBJECT, args=("coordinator",)),
    Row("coordinators:master_import", "マスタ取込", ADMIN_ONLY, post="login 403 403 403 invalid"),
    Row("coordinators:master_import_template", "マスタ取込 template", ADMIN_ONLY),
    # 会議・地域課題
    Row("councils:meeting_list", "会議一覧", LIST, marker="meeting"),
    Row(
        "councils:meeting_create",
        "会議を記録 (attended by center A)",
        OPEN,
        post="login done invalid done done",
    ),
    Row("councils:meeting_detail", "会議 detail", OBJECT, args=("meeting",)),
    Row("councils:meeting_history", "会議 変更履歴", OBJECT, args=("meeting",)),
    Row("councils:meeting_update", "会議 change", OBJECT, post=ACTION, args=("meeting",)),
    # any 所属 may join a meeting (council, date and 議題 shown only), with its own people
    Row(
        "councils:meeting_join",
        "会議 出席を記録 (own 所属's attendees)",
        OPEN,
        post="login done invalid done done",
        args=("meeting",),
    ),
    Row("councils:meeting_delete", "会議 delete", POST_ONLY, post=ACTION, args=("meeting",)),
    Row("councils:issue_pipeline", "地域課題", OPEN, marker="issue"),
    Row("councils:issue_history", "地域課題 変更履歴", OPEN, args=("issue",)),
    Row(
        "councils:issue_detail",
        "地域課題 detail, move on",
        OPEN,
        post="login done 403 done done",
        args=("issue",),
    ),
    Row(
        "councils:issue_update",
        "地域課題 edit",
        POST_ONLY,
        post="login done 403 done done",
        args=("issue",),
    ),
    Row(
        "councils:issue_merge",
        "地域課題 merge",
        POST_ONLY,
        post=DIVISION_ACTION,
        args=("issue",),
    ),
    # 報告・締め
    Row(
        "reports:report",
        "報告 of center A",
        LIST,
        query="?period=2024H1&center={center_a}",
        marker="report",
    ),
    Row(
        "reports:report",
        "報告 CSV",
        LIST,
        query="?period=2024H1&center={center_a}&format=csv",
        marker="report",
    ),
    Row(
        "reports:report",
        "報告 Excel",
        LIST,
        query="?period=2024H1&center={center_a}&format=xlsx",
        marker="report",
    ),
    Row(
        "reports:report",
        "報告 JSON",
        LIST,
        query="?period=2024H1&center={center_a}&format=json",
        marker="report",
    ),
    Row(
        "reports:document",
        "実績報告 of center A",
        LIST,
        query="?period=2024H1&center={center_a}",
        marker="report",
    ),
    Row(
        "reports:document",
        "実績報告 Word",
        LIST,
        query="?period=2024H1&center={center_a}&format=docx",
        marker="report",
    ),
    Row(
        "reports:activity_report",
        "第1層の活動報告 of center A",
        LIST,
        query="?period=2024H1&center={center_a}",
        marker="report",
    ),
    Row(
        "reports:activity_report",
        "第1層の活動報告 Word",
        LIST,
        query="?period=2024H1&center={center_a}&format=docx",
        marker="report",
    ),
    # A 所属 writes its own text: staff B, given center A, writes B's.
    Row(
        "reports:texts",
        "実績報告の文章 of center A",
        LIST,
        post="login done own done done",
        query="?period=2024H1&center={center_a}",
        marker="report",
    ),
    Row("reports:text_detail", "実績報告の文章 (one section)", OBJECT, args=("text",)),
    Row("reports:text_history", "実績報告の文章 変更履歴", OBJECT, args=("text",)),
    # 確定 needs every 所属 closed: here it is refused with a message, after the role check.
    Row(
        "reports:fix_document",
        "実績報告の確定",
        POST_ONLY,
        post=DIVISION_ACTION,
        query="?period=2024H1",
        effect=False,
    ),
    # A center confirms its own half-year: whatever 所属 is posted, staff B confirms B's.
    Row("reports:confirm", "所属確認 (of center A)", POST_ONLY, post="login done own done done"),
    Row("reports:closing", "締め", DIVISION),
    Row("reports:close", "締める (center A)", POST_ONLY, post=DIVISION_ACTION),
    Row(
        "reports:reopen",
        "再開 (center A)",
        POST_ONLY,
        post=DIVISION_ACTION,
        args=("closing",),
    ),
    # Django admin: every admin page is behind the same gate, so two rows stand for all of it.
    Row("admin:index", "Django admin", ADMIN_SITE),
    Row(
        "admin:coordinators_socialresource_change",
        "Django admin change page",
        # The admin index sends strangers to its own login; its other pages are behind the
        # site-wide login first.
        "login admin_login admin_login admin_login 200",
        args=("resource",),
    ),
]

# Every named URL under these namespaces is one of the admin rows above.
COVERED_NAMESPACES = ("admin",)


def _routes():
    """{url name: route as written, e.g. /activities/<pk>/edit/}."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)

    return dict(walk(get_resolver().url_patterns, "", None))


def markdown():
    """The README's table: one line per page or action and method."""
    routes = _routes()
    lines = [
        "| page or action | URL | method | " + " | ".join(ROLE_HEADERS) + " |",
        "|---|---|---|" + "---|" * len(ROLES),
    ]
    for row in MATRIX:
        url = routes[row.name] + row.query.replace("{center_a}", "A")
        for method in row.methods:
            if method == "GET" and row.post and row.get == POST_ONLY:
                continue  # said once below the table
            cells = [OUTCOMES[row.expected(method)[role]][0] for role in ROLES]
            lines.append(f"| {row.label} | `{url}` | {method} | " + " | ".join(cells) + " |")
    legend = [f"- {symbol}: {meaning}" for symbol, meaning in OUTCOMES.values()]
    note = (
        "`<pk>` and `A` are center A's objects. An action listed with POST only answers GET "
        "with 405 (anonymous: → login). The two admin rows stand for the rest of the admin. "
        "Settings as by default: no role has to use two-factor login. Each POST is sent as its "
        "page's form sends it; without the form's one-time token (any action but logout), or "
        "an edit without the version its page was drawn from, every role gets a 400 page and "
        "nothing is saved."
    )
    notes = ["", *textwrap.wrap(note, 100), "", *legend]
    return "\n".join(lines + notes) + "\n"


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(markdown(), end="")
