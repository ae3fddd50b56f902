"""Fault scenario import-kill: SIGKILL the gunicorn worker that is importing a workbook through
the web, then import the same workbook again.
"""

import io
import os
import signal
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from faults_common import DIVISION, HOST, PASSWORD, gunicorn_workers, sql, verdict
from htmlforms import parse_forms
from loopback import logged_in


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
