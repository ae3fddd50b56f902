"""Fault runs against the stack of common.sh, one scenario per argument:

    import-kill  SIGKILL the gunicorn worker that is importing a workbook through the web
    db-restart   stop PostgreSQL for a while under load, then start it again
    close        close a half-year while staff are writing into it

Each prints what it observed and exits non-zero when the application did not hold up.
Run through tests/load/faults.sh, which provides the environment.
"""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import psycopg2
from htmlforms import parse_forms
from loopback import logged_in
from summary import check_writes, load_run, page_table, print_table, print_writes

HOST = os.environ["LOAD_HOST"]
PASSWORD = os.environ["LOAD_PASSWORD"]
OUT = Path(os.environ["LOAD_OUT"])
DIVISION = "load_division_1"
ROOT = Path(__file__).resolve().parents[2]


def sql(statement, params=()):
    """One query on a fresh connection: the server may have been restarted in between."""
    connection = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def pg_ctl(*args):
    command = [f"{os.environ['PGBIN']}/pg_ctl", "-D", f"{os.environ['PGTMP']}/data", *args]
    if os.getuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def start_locust(out, users, seconds, classes=(), **env):
    out.mkdir(parents=True, exist_ok=True)
    command = [
        str(ROOT / ".venv/bin/locust"),
        "-f",
        str(ROOT / "tests/load/locustfile.py"),
        "--headless",
        "--host",
        HOST,
        "--users",
        str(users),
        "--spawn-rate",
        "2",
        "--run-time",
        f"{seconds}s",
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    log = (out / "locust.log").open("w")
    return subprocess.Popen(
        command, env={**os.environ, "LOAD_OUT": str(out), **env}, stdout=log, stderr=log
    )


def verdict(problems):
    print("verdict: " + ("held up" if not problems else "FAILED: " + "; ".join(problems)))
    return 1 if problems else 0


# --- 1. a worker killed during an import ---------------------------------------------------


def import_workbook(rows, run):
    centers = dict(sql("SELECT name, id FROM coordinators_center WHERE name LIKE 'ベンチ所属%%'"))
    form = sql(
        "SELECT name FROM coordinators_activityform WHERE NOT counts_as_visit AND is_active "
        "ORDER BY display_order LIMIT 1"
    )[0][0]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "活動記録"
    sheet.append(
        [
            "日付",
            "開始時刻",
            "所要時間（分）",
            "所属",
            "担当者",
            "区分",
            "活動形態",
            "訪問先",
            "場所",
            "参加人数",
            "内容",
        ]
    )
    for n in range(rows):
        index = 1 + n % 19  # ベンチ担当NN is assigned to ベンチ所属NN (tier 2) since 2015
        assert f"ベンチ所属{index:02d}" in centers
        sheet.append(
            [
                date(2025, 4, 1) + timedelta(days=n % 300),
                None,
                60,
                f"ベンチ所属{index:02d}",
                f"ベンチ担当{index:02d}",
                2,
                form,
                None,
                None,
                None,
                f"取込試験 IMPORT-{run}-{n}",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def gunicorn_workers():
    master = int((OUT / "gunicorn.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def worker_holding_db_connection(client_port, workers):
    """The gunicorn worker whose socket to PostgreSQL has this local port."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        local_port = int(parts[1].split(":")[1], 16)
        remote_port = int(parts[2].split(":")[1], 16)
        if local_port == client_port and remote_port == int(os.environ["PGPORT"]):
            inodes.add(parts[9])
    for pid in workers:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    return None


def upload(session, content):
    page = session.get(f"{HOST}/activities/import/", timeout=60)
    page.raise_for_status()
    form = next(f for f in parse_forms(page.text) if any(x["kind"] == "file" for x in f.fields))
    file_field = next(x["name"] for x in form.fields if x["kind"] == "file")
    return session.post(
        form.url(page.url),
        # 確認のみ (dry_run) is ticked by default; a real import unticks it
        data=form.values(dry_run=None),
        files={file_field: ("負荷試験取込.xlsx", content, "application/octet-stream")},
        timeout=600,
    )


def imported(run):
    return sql(
        "SELECT count(*) FROM coordinators_activity WHERE description LIKE %s",
        (f"取込試験 IMPORT-{run}-%",),
    )[0][0]


def import_kill():
    rows = int(os.environ.get("LOAD_IMPORT_ROWS", "500"))
    run = time.strftime("%H%M%S")
    content = import_workbook(rows, run)
    session = logged_in(HOST, DIVISION, PASSWORD)
    sequence = "SELECT last_value FROM coordinators_activity_id_seq"
    before = sql(sequence)[0][0]
    print(f"workbook: {rows} activity rows, {len(content) // 1024} KiB; rows with its marker: 0")

    outcome = {}

    def post():
        try:
            outcome["status"] = upload(session, content).status_code
        except Exception as error:  # the connection dies with the worker
            outcome["error"] = type(error).__name__

    thread = threading.Thread(target=post)
    thread.start()
    workers = gunicorn_workers()
    # Wait until the import's transaction has inserted about half of the rows (the sequence
    # advances outside the transaction, so it shows progress nobody else can see yet).
    deadline = time.time() + 300
    while time.time() < deadline and sql(sequence)[0][0] - before < rows // 2:
        if not thread.is_alive():
            return verdict([f"the import ended before the kill: {outcome}"])
        time.sleep(0.2)
    backend = sql(
        "SELECT pid, client_port, now() - xact_start FROM pg_stat_activity "
        "WHERE datname = 'sasaeai' AND backend_type = 'client backend' "
        "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1"
    )
    inserted = sql(sequence)[0][0] - before
    if not backend:
        return verdict(["the import's transaction was not found"])
    backend_pid, client_port, open_for = backend[0]
    worker = worker_holding_db_connection(client_port, workers)
    if worker is None:
        return verdict(["could not find the importing worker"])
    os.kill(worker, signal.SIGKILL)
    killed_at = time.time()
    print(
        f"SIGKILL worker {worker} after {open_for.total_seconds():.1f} s of its import "
        f"transaction (PostgreSQL backend {backend_pid}); {inserted} of {rows} rows were "
        "inserted, uncommitted"
    )
    thread.join(60)
    print(f"the uploading browser got: {outcome}")
    while sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (backend_pid,)):
        time.sleep(0.1)
    print(f"PostgreSQL ended the backend {time.time() - killed_at:.1f} s after the kill")
    after_kill = imported(run)
    print(f"rows with the workbook's marker after the kill: {after_kill}")
    time.sleep(2)
    respawned = len(gunicorn_workers())
    print(f"gunicorn workers after the kill: {respawned} (before: {len(workers)})")

    started = time.time()
    again = upload(session, content)
    complete = imported(run)
    print(
        f"the same workbook again: HTTP {again.status_code} in {time.time() - started:.1f} s, "
        f"'取り込みました' shown: {'取り込みました' in again.text}; rows now: {complete}"
    )
    third = upload(session, content)
    print(f"and once more: HTTP {third.status_code}; rows now: {imported(run)} (skipped)")
    problems = []
    if after_kill != 0:
        problems.append(f"{after_kill} rows half-imported")
    if complete != rows or imported(run) != rows:
        problems.append("the re-import did not give every row exactly once")
    if respawned != len(workers):
        problems.append("gunicorn did not replace the killed worker")
    return verdict(problems)


# --- 2. PostgreSQL restarted under load ----------------------------------------------------


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


# --- 3. a half-year closed while staff write into it ---------------------------------------


def close_during_load():
    period, first, last = "2026H1", date(2026, 4, 1), date(2026, 9, 30)
    users = int(os.environ.get("LOAD_USERS", "45"))
    out = OUT / "close"
    close_after, total = 35, 70
    division = logged_in(HOST, DIVISION, PASSWORD)
    _reopen(division, period, "負荷試験の前に再開")
    run_started = sql("SELECT now()")[0][0]
    # The week of Monday 2026-09-28 holds 3 days of 上半期 and 4 of 下半期.
    started = time.time()
    locust = start_locust(
        out,
        users,
        total,
        ["StaffUser"],
        LOAD_DAY="2026-09-28",
        LOAD_WAIT="2,6",  # many writes in flight when the close comes
        LOAD_EXPECT_CLOSED="1",
        LOAD_RUN_ID=f"C{time.strftime('%H%M%S')}",
    )
    time.sleep(close_after)
    page = division.get(f"{HOST}/reports/closing/?period={period}", timeout=60)
    form = next(
        f
        for f in parse_forms(page.text)
        if f.path() == "/reports/closing/close/" and f.field("center")["value"] == "all"
    )
    close_sent = time.time()
    answer = division.post(form.url(page.url), data=form.values(), timeout=60)
    close_ack = time.time()
    closing_id, closed_at, committed_at = sql(
        "SELECT id, closed_at, pg_xact_commit_timestamp(xmin) FROM coordinators_halfyearclosing "
        "WHERE fiscal_year = 2026 AND half = 1 AND reopened_at IS NULL"
    )[0]
    print(
        f"{users} staff users writing into the week of 2026-09-28; {period} closed for all "
        f"at {close_sent - started:.0f} s (HTTP {answer.status_code}, "
        f"{1000 * (close_ack - close_sent):.0f} ms), closed_at {closed_at:%H:%M:%S.%f}, "
        f"committed {committed_at:%H:%M:%S.%f}"
    )
    locust.wait()
    requests, writes = load_run(out)
    in_half = [w for w in writes["created"] + writes["edited"] if w["date"] <= last.isoformat()]
    late = [w for w in in_half if w["t_start"] > close_ack]
    racing = [w for w in in_half if w["t_start"] <= close_ack < w["t_ack"]]
    after_close = [
        w
        for w in writes["created"] + writes["edited"]
        if w["t_start"] > close_ack and w["date"] > last.isoformat()
    ]
    refused = [w for w in writes["refused"] if w["t_start"] > close_sent]
    print(
        f"acknowledged writes dated in {period}: {len(in_half)}, of which begun after the close "
        f"was acknowledged: {len(late)}, in flight while it ran: {len(racing)}; refused after "
        f"the close: {len(refused)}; writes dated 2026-10 acknowledged after it: "
        f"{len(after_close)}"
    )
    bounds = (first, last)
    changed_after = sql(
        "SELECT count(*) FROM coordinators_activity WHERE date BETWEEN %s AND %s AND "
        "(created_at > %s OR updated_at > %s OR deleted_at > %s)",
        (*bounds, closed_at, closed_at, closed_at),
    )[0][0]
    committed_after = sql(
        "SELECT count(*) FROM coordinators_activity WHERE date BETWEEN %s AND %s AND "
        "updated_at >= %s AND pg_xact_commit_timestamp(xmin) > %s",
        (*bounds, run_started, committed_at),
    )[0][0]
    print(
        f"activities dated in {period} created/changed after closed_at: {changed_after}; "
        f"committed after the closing committed: {committed_after}"
    )
    print_table(page_table(requests), aims=False)
    result = check_writes(writes)
    print_writes(result)
    _reopen(division, period, "負荷試験の後始末")
    problems = []
    if answer.status_code != 200 or closing_id is None:
        problems.append("the close did not go through")
    if late or changed_after or committed_after:
        problems.append("writes landed in the closed half-year after the close")
    if not refused:
        problems.append("no write was refused: the close did not bite during the run")
    if any(r["failed"] for r in requests):
        problems.append("errors")
    if result["created_missing"] or result["edited_missing"]:
        problems.append("acknowledged writes lost")
    return verdict(problems)


def _reopen(session, period, reason):
    page = session.get(f"{HOST}/reports/closing/?period={period}", timeout=60)
    for form in parse_forms(page.text):
        if "/reopen/" in form.path():
            session.post(form.url(page.url), data=form.values(reason=reason), timeout=60)
            return


SCENARIOS = {"import-kill": import_kill, "db-restart": db_restart, "close": close_during_load}

if __name__ == "__main__":
    names = sys.argv[1:] or list(SCENARIOS)
    failed = 0
    for name in names:
        print(f"\n== fault: {name}")
        failed |= SCENARIOS[name]()
    sys.exit(failed)
