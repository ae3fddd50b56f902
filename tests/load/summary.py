"""Summarise a load run: percentiles per page, error rates, and every acknowledged write looked
up in the database. Exits non-zero when an aim is missed.

    .venv/bin/python tests/load/summary.py OUT_DIR
(with DATABASE_URL and the other settings of the run in the environment).
"""

import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# p95 aims in milliseconds, by page name in locustfile.py; pages without one are listed only.
# Entry and list pages, issue 22's aims at 50 users: under 150 ms thinking 15–45 s between two
# actions (the default) and under 300 ms in the busier run thinking 5–15 s (LOAD_WAIT=5,15;
# any think time shorter than 15 s is held to that). The aim was 500 ms before issue 22.
ENTRY_AND_LISTS = 150
ENTRY_AND_LISTS_BUSY = 300
REPORTS = 3000
ENTRY_AND_LIST_PAGES = (
    "週の記録",
    "記録を登録",
    "編集フォーム",
    "記録を変更",
    "活動記録一覧",
    "一覧（内容で検索）",
    "活動記録一覧（全所属）",
)
REPORT_PAGES = ("ダッシュボード", "報告", "報告 Excel")


def aims(wait=None):
    """{page name: p95 aim in ms} for a run whose think time is `wait` ("min,max" seconds;
    LOAD_WAIT, 15,45 unless set)."""
    wait = wait or os.environ.get("LOAD_WAIT") or "15,45"
    busy = float(wait.split(",")[0]) < 15
    entry = ENTRY_AND_LISTS_BUSY if busy else ENTRY_AND_LISTS
    return {**dict.fromkeys(ENTRY_AND_LIST_PAGES, entry), **dict.fromkeys(REPORT_PAGES, REPORTS)}


MARKER = re.compile(r"(?:LOAD|EDIT)-[0-9A-Za-z]+-\d+")


def percentile(values, share):
    """Nearest-rank percentile of a sorted list."""
    if not values:
        return 0.0
    rank = max(1, min(len(values), round(share * len(values) + 0.5)))
    return values[rank - 1]


def load_run(out):
    out = Path(out)
    requests = [json.loads(line) for line in (out / "requests.jsonl").read_text().splitlines()]
    writes = json.loads((out / "writes.json").read_text())
    return requests, writes


def page_table(requests, since=0):
    """Per page: count, errors, p50/p95/p99 in ms; pages other than the login from since on."""
    by_name = defaultdict(list)
    for row in requests:
        if row["t"] >= since or row["name"].startswith("ログイン"):
            by_name[row["name"]].append(row)
    table, aim_of = [], aims()
    for name, rows in by_name.items():
        times = sorted(r["ms"] for r in rows)
        table.append(
            {
                "name": name,
                "count": len(rows),
                "errors": sum(r["failed"] for r in rows),
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "aim": aim_of.get(name),
            }
        )
    order = list(aim_of)
    table.sort(key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))
    return table


def _columns(text):
    # full-width characters take two columns in a terminal
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def print_table(table, seconds=None, aims=True):
    width = max(_columns(r["name"]) for r in table) + 2
    print(
        f"{'page':<{width}}{'count':>7}{'err%':>7}{'p50':>8}{'p95':>8}{'p99':>8}"
        + ("  aim p95" if aims else "")
    )
    for r in table:
        rate = 100 * r["errors"] / r["count"]
        aim = ""
        if aims and r["aim"]:
            aim = f"< {r['aim']} ms {'ok' if r['p95'] < r['aim'] else 'MISSED'}"
        pad = width - _columns(r["name"]) + len(r["name"])
        print(
            f"{r['name']:<{pad}}{r['count']:>7}{rate:>7.2f}"
            f"{r['p50']:>8.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}" + (f"  {aim}" if aim else "")
        )
    total = sum(r["count"] for r in table)
    errors = sum(r["errors"] for r in table)
    measured = sum(r["count"] for r in table if not r["name"].startswith("ログイン"))
    rate = f", {measured / seconds:.1f} requests/s after the ramp-up" if seconds else ""
    print(f"all pages: {total} requests, {errors} errors ({100 * errors / total:.2f} %){rate}")


def check_writes(writes):
    """Every acknowledged create is in the database once; every acknowledged edit's text is there.

    For an activity edited several times, the last acknowledged edit must be what is stored,
    unless a later edit of it was sent and cut off unanswered (it may have landed).
    """
    import django

    django.setup()
    from django.db import connection

    from coordinators.models import Activity

    connection.close()  # a connection from before a PostgreSQL restart would be dead

    stored = defaultdict(list)
    for pk, text in Activity.all_objects.filter(description__contains="負荷試験 LOAD-").values_list(
        "pk", "description"
    ):
        for marker in MARKER.findall(text):
            stored[marker].append(pk)
    created = [w["marker"] for w in writes["created"]]
    acknowledged = {w["marker"] for w in writes["created"] + writes["edited"]}
    last_edit = {}
    for write in sorted(writes["edited"], key=lambda w: w["t_ack"]):
        last_edit[write["pk"]] = write
    edits_lost = 0
    for pk, write in last_edit.items():
        allowed = {write["marker"]} | {
            a["marker"]
            for a in writes["attempted"]
            if a.get("pk") == pk and a["t_start"] > write["t_start"] and not a["answered"]
        }
        if not any(pk in stored.get(m, []) for m in allowed):
            edits_lost += 1
    unanswered = [a for a in writes["attempted"] if a["marker"] not in acknowledged]
    return {
        "created": len(created),
        "created_missing": sum(1 for m in created if not stored.get(m)),
        "created_twice": sum(1 for m in created if len(set(stored.get(m, []))) > 1),
        "edited": len(writes["edited"]),
        "edited_missing": edits_lost,
        "refused": len(writes["refused"]),
        # saved although the answer was an error: a user who retries enters it twice
        "stored_unacknowledged": sum(
            1 for a in unanswered if a["answered"] and stored.get(a["marker"])
        ),
        # cut off in flight when the run stopped
        "cut_off": sum(1 for a in unanswered if not a["answered"]),
    }


def print_writes(result):
    print(
        f"acknowledged writes: {result['created']} created, {result['created_missing']} missing "
        f"from the database, {result['created_twice']} stored twice; {result['edited']} edits, "
        f"{result['edited_missing']} not in the database as acknowledged; "
        f"{result['stored_unacknowledged']} saved although answered with an error "
        f"({result['cut_off']} cut off unanswered when the run stopped)"
    )


def main(out):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must point to the run's PostgreSQL (see tests/load/common.sh).")
    requests, writes = load_run(out)
    first, last = min(r["t"] for r in requests), max(r["t"] for r in requests)
    # Percentiles from the moment every user has logged in: the logins of the ramp-up hash
    # passwords on purpose and would crowd out everything else for those seconds.
    logins = [r["t"] + r["ms"] / 1000 for r in requests if r["name"] == "ログイン"]
    ramp_end = max(logins, default=first)
    print(f"ramp-up: {ramp_end - first:.0f} s (logins), then measured for {last - ramp_end:.0f} s")
    table = page_table(requests, ramp_end)
    print_table(table, last - ramp_end)
    result = check_writes(writes)
    print_writes(result)
    failures = []
    if any(r["errors"] for r in table):
        failures.append("errors")
    failures += [f"p95 {r['name']}" for r in table if r["aim"] and r["p95"] >= r["aim"]]
    if result["created_missing"] or result["edited_missing"] or result["created_twice"]:
        failures.append("acknowledged writes")
    print("verdict: " + ("all aims met" if not failures else "MISSED: " + ", ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
