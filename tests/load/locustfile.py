"""The load scenario: center staff entering, editing and browsing; the division reporting.

Run by tests/load/load.sh (and faults.py) against gunicorn on 127.0.0.1. Every request is
written to $LOAD_OUT/requests.jsonl and every write the server acknowledged (a redirect after a
POST) to $LOAD_OUT/writes.json, so summary.py can compute exact percentiles and look each
acknowledged write up in the database.

Environment: LOAD_PASSWORD (the logins from prepare.py), LOAD_OUT, LOAD_WAIT (think time
between two actions of a user, "15,45" seconds), LOAD_DAY (the week staff write into, ISO date,
default today), LOAD_EXPECT_CLOSED=1 (a refusal because the half-year is closed is an expected
answer, not an error), LOAD_RUN_ID (prefix of the markers).
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from htmlforms import find_form, parse_forms
from locust import HttpUser, between, events, task
from loopback import LoopbackCookies

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
OUT = Path(os.environ.get("LOAD_OUT", "."))
DAY = os.environ.get("LOAD_DAY", "")
EXPECT_CLOSED = os.environ.get("LOAD_EXPECT_CLOSED") == "1"
RUN_ID = os.environ.get("LOAD_RUN_ID") or time.strftime("%H%M%S")
# Think time between two actions of one user, in seconds ("min,max").
WAIT = [float(x) for x in os.environ.get("LOAD_WAIT", "15,45").split(",")]
TIMEOUT = 60
ERROR_PAGE = "システムエラーが発生しました"  # templates/500.html
CLOSED_REFUSAL = "締めたため"  # coordinators.closing.closed_message
DETAIL_LINK = re.compile(r'href="/activities/(\d+)/"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
ERRORS = re.compile(r'class="errorlist[^"]*">(.*?)</ul>', re.S)  # only to explain a failure
STAFF_LOGINS = [f"load_staff_{n:02d}" for n in range(1, 20)]
DIVISION_LOGINS = ["load_division_1", "load_division_2"]
HALVES = [f"{year}H{half}" for year in range(2015, 2025) for half in (1, 2)]
YEARS = [str(year) for year in range(2015, 2025)]

REQUESTS = []
WRITES = {"created": [], "edited": [], "refused": [], "attempted": []}
_sequence = itertools.count(1)
_staff = itertools.cycle(STAFF_LOGINS)
_division = itertools.cycle(DIVISION_LOGINS)


@events.request.add_listener
def _record(name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    title = TITLE.search(response.text or "") if status >= 400 else None
    REQUESTS.append(
        {
            "t": start_time or time.time(),
            "name": name,
            "ms": round(response_time, 1),
            "status": status,
            "failed": exception is not None,
            "error": str(exception)[:200] if exception else "",
            "error_page": status >= 500 and ERROR_PAGE in (response.text or ""),
            "title": title[1].strip()[:60] if title else "",
        }
    )


@events.test_stop.add_listener
def _save(**kwargs):
    with (OUT / "requests.jsonl").open("w") as handle:
        for row in REQUESTS:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    (OUT / "writes.json").write_text(json.dumps(WRITES, ensure_ascii=False))


class SasaeaiUser(HttpUser):
    abstract = True

    def on_start(self):
        self.client.cookies = LoopbackCookies()
        self.login(self.username)

    def get(self, url, name, **kwargs):
        return self.client.get(url, name=name, timeout=TIMEOUT, **kwargs)

    def login(self, username):
        page = self.get("/login/", "ログイン画面")
        form = find_form(page.text, "/login/")
        if form is None:
            return
        with self.client.post(
            form.url(page.url),
            data=form.values(username=username, password=PASSWORD),
            name="ログイン",
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")


class StaffUser(SasaeaiUser):
    """A coordinator at one benchmark 所属: the week page, entries, edits and the list."""

    weight = 45
    wait_time = between(*WAIT)

    def on_start(self):
        self.username = next(_staff)
        self.rng = random.Random()
        self.mine = []  # [marker, pk or None, date] of this user's acknowledged entries
        super().on_start()

    def week_url(self, edit=None):
        url = f"/week/?date={DAY}" if DAY else "/week/"
        return f"{url}&edit={edit}" if edit else url

    def submit(self, form, page, name, overrides, write):
        """Post a form; the response when acknowledged (302), None otherwise.

        Every attempt is kept, answered or not: a run that stops cuts requests off in flight,
        and a write may land whose answer nobody received.
        """
        started = time.time()
        attempt = {**write, "t_start": started, "answered": False}
        WRITES["attempted"].append(attempt)
        with self.client.post(
            form.url(page.url),
            data=form.values(**overrides),
            name=name,
            allow_redirects=False,
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            attempt["answered"] = True
            if response.status_code == 302:
                write.update(t_start=started, t_ack=time.time())
                return response
            if response.status_code == 200 and CLOSED_REFUSAL in response.text:
                WRITES["refused"].append({**write, "t_start": started, "t_end": time.time()})
                if EXPECT_CLOSED:
                    response.success()
                else:
                    response.failure("refused: half-year closed")
            elif response.status_code == 200:
                shown = ERRORS.search(response.text)
                response.failure(f"form re-shown: {shown[1][:100] if shown else '?'}")
            return None

    @task(3)
    def open_week(self):
        self.get(self.week_url(), "週の記録")

    @task(4)
    def create_activity(self):
        page = self.get(self.week_url(), "週の記録")
        form = find_form(page.text, "/activities/new/")
        if form is None:
            return
        # fixed width, so that searching for one marker never finds another (…-1 in …-12)
        marker = f"LOAD-{RUN_ID}-{next(_sequence):06d}"
        day = form.pick("date", self.rng)
        overrides = {
            "date": day,
            "category": form.pick("category", self.rng),
            "form": form.pick("form", self.rng),
            "description": f"負荷試験 {marker}",
            "duration_minutes": self.rng.choice([30, 60, 90]),
        }
        if not form.has_checked("coordinators"):
            overrides["coordinators"] = form.options("coordinators")[:1]
        write = {"marker": marker, "date": day, "user": self.username, "kind": "create"}
        response = self.submit(form, page, "記録を登録", overrides, write)
        if response is not None:
            WRITES["created"].append(write)
            self.mine.append([marker, None, day])
            self.get(response.headers["Location"], "週の記録")

    @task(2)
    def edit_activity(self):
        if not self.mine:
            return
        entry = self.rng.choice(self.mine)
        marker, pk, day = entry
        if pk is None:
            found = self.get(f"/activities/?q={marker}", "一覧（内容で検索）")
            links = DETAIL_LINK.findall(found.text)
            if not links:
                return
            entry[1] = pk = links[0]
        page = self.get(f"/week/?date={day}&edit={pk}", "編集フォーム")
        form = find_form(page.text, f"/activities/{pk}/edit/")
        if form is None:
            return
        description = next(f for f in form.fields if f["name"].endswith("description"))
        if marker not in description["value"]:
            return  # not the record this user entered
        description = description["name"]
        edit_marker = f"EDIT-{RUN_ID}-{next(_sequence):06d}"
        write = {"pk": int(pk), "marker": edit_marker, "date": day, "kind": "edit"}
        overrides = {description: f"負荷試験 {marker} {edit_marker}"}
        if self.submit(form, page, "記録を変更", overrides, write) is not None:
            WRITES["edited"].append(write)

    @task(3)
    def browse_list(self):
        url = self.rng.choice(
            [
                "/activities/",
                f"/activities/?period={self.rng.choice(HALVES)}",
                f"/activities/?period={self.rng.choice(YEARS)}&category={self.rng.randint(1, 6)}",
                f"/activities/?period={self.rng.choice(YEARS)}&page={self.rng.randint(2, 20)}",
            ]
        )
        self.get(url, "活動記録一覧")


class DivisionUser(SasaeaiUser):
    """高齢者支援課: the dashboard, reports for any period and scope, workbooks, lists."""

    weight = 5
    wait_time = between(*WAIT)

    def on_start(self):
        self.username = next(_division)
        self.rng = random.Random()
        super().on_start()
        page = self.get("/reports/", "報告")
        # the scopes the page offers: city-wide ("") or one 所属
        self.scopes = next(
            (["", *f.options("center")] for f in parse_forms(page.text) if f.options("center")),
            [""],
        )

    def report_query(self):
        period = self.rng.choice(HALVES[-6:] + YEARS[-3:])
        center = self.rng.choice(self.scopes)
        return f"period={period}" + (f"&center={center}" if center else "")

    @task(1)
    def dashboard(self):
        self.get("/", "ダッシュボード")

    @task(3)
    def report(self):
        self.get(f"/reports/?{self.report_query()}", "報告")

    @task(1)
    def workbook(self):
        self.get(f"/reports/?{self.report_query()}&format=xlsx", "報告 Excel")

    @task(1)
    def browse_all(self):
        period = self.rng.choice(HALVES[-4:])
        self.get(f"/activities/?period={period}", "活動記録一覧（全所属）")
