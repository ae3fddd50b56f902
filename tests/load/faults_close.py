"""Fault scenario close: close a half-year while staff are writing into it."""

import os
import time
from datetime import date

from faults_common import DIVISION, HOST, OUT, PASSWORD, sql, start_locust, verdict
from htmlforms import parse_forms
from loopback import logged_in
from summary import check_writes, load_run, page_table, print_table, print_writes


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
