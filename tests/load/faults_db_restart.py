"""Fault scenario db-restart: stop PostgreSQL for a while under load, then start it again; and
restart it while the app is idle.
"""

import os
import threading
import time
from collections import Counter

from faults_common import HOST, OUT, PASSWORD, gunicorn_workers, pg_ctl, start_locust, verdict
from loopback import logged_in
from summary import check_writes, load_run, page_table, print_table, print_writes


def db_restart():
    users = int(os.environ.get("LOAD_USERS", "50"))
    out = OUT / "db-restart"
    down_after, down_for, total = 40, 10, 100
    # a brisk pace, so that many requests meet the outage
    locust = start_locust(
        out, users, total, LOAD_RUN_ID=f"R{time.strftime('%H%M%S')}", LOAD_WAIT="5,15"
    )
    started = time.time()
    time.sleep(down_after)
    stop_sent = time.time()
    pg_ctl("-m", "fast", "-w", "stop")
    stopped = time.time()
    time.sleep(down_for)
    pg_ctl("-w", "-l", f"{os.environ['PGTMP']}/server.log", "start", "-o", os.environ["PG_OPTIONS"])
    up = time.time()
    print(
        f"{users} users; PostgreSQL stopped (fast) at {stop_sent - started:.0f} s "
        f"(took {stopped - stop_sent:.1f} s), started again at {up - started:.0f} s"
    )
    locust.wait()
    requests, writes = load_run(out)
    # by when each request ended and began: "down" holds every one that overlapped the outage
    phases = {
        "before": [r for r in requests if _ended(r) < stop_sent],
        "down": [r for r in requests if _ended(r) >= stop_sent and r["t"] < up],
        "after": [r for r in requests if r["t"] >= up],
    }
    for name, rows in phases.items():
        answers = Counter((r["status"], r["title"] or r["error"][:60]) for r in rows if r["failed"])
        slowest = max((r["ms"] for r in rows), default=0)
        print(
            f"{name:>6}: {len(rows)} requests, {sum(r['failed'] for r in rows)} failed, "
            f"slowest {slowest:.0f} ms"
        )
        for (status, title), count in answers.most_common():
            print(f"        {count} × HTTP {status or '-'} {title}")
    after_errors = [r for r in phases["after"] if r["failed"]]
    if after_errors:
        last = max(r["t"] for r in after_errors) - up
        print(f"last failed request began {last:.1f} s after PostgreSQL was back")
    print_table(page_table(requests), aims=False)
    result = check_writes(writes)
    print_writes(result)
    problems = []
    down = [r for r in phases["down"] if r["failed"]]
    # an outage must give an answer: a page with an error status, our 500 page for a 5xx
    unanswered = [
        r for r in down if r["status"] < 400 or (r["status"] >= 500 and not r["error_page"])
    ]
    if unanswered:
        problems.append(f"{len(unanswered)} failures without an error page")
    if any(r["ms"] > 30_000 for r in phases["down"]):
        problems.append("requests hung while the database was down")
    if [r for r in after_errors if r["t"] > up + 5]:
        problems.append("errors more than 5 s after PostgreSQL was back")
    if phases["before"] and any(r["failed"] for r in phases["before"]):
        problems.append("errors before the restart")
    if result["created_missing"] or result["edited_missing"]:
        problems.append("acknowledged writes lost")
    idle_failures = _idle_restart()
    if idle_failures:
        problems.append(f"{idle_failures} requests failed after a restart while idle")
    return verdict(problems)


def _ended(request):
    return request["t"] + request["ms"] / 1000


def _idle_restart():
    """Restart PostgreSQL while nobody uses the app, then open pages: with persistent
    connections (DB_CONN_MAX_AGE) each worker still holds one to the old server."""
    workers = len(gunicorn_workers())
    session = logged_in(HOST, "load_staff_01", PASSWORD)

    def round_of_requests():
        statuses = []
        threads = [
            threading.Thread(
                target=lambda: statuses.append(session.get(f"{HOST}/week/", timeout=60).status_code)
            )
            for _ in range(2 * workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    for _ in range(3):
        round_of_requests()  # every worker opens its connection
    pg_ctl("-m", "fast", "-w", "restart", "-o", os.environ["PG_OPTIONS"])
    statuses = [status for _ in range(3) for status in round_of_requests()]
    failed = sum(status != 200 for status in statuses)
    print(
        f"restarted while idle, then {len(statuses)} requests in rounds of {2 * workers}: "
        f"{failed} failed {dict(Counter(statuses))}"
    )
    return failed
