"""The weekly journey of center staff in Chromium, its keystrokes and clicks counted."""

import csv
import io
import time
from datetime import time as dt_time
from datetime import timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from coordinators.activities.services import activity_create
from coordinators.models import Activity, ActivityForm, ActivityTemplate, Repeat
from coordinators.periods import today
from tests.browser.actions import shows
from tests.builders import category_of
from tests.factories import PASSWORD, SocialResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Counter:
    """Counts what a person would press: keys (a typed word counts its characters) and clicks."""

    def __init__(self, page):
        self.page, self.keys, self.clicks, self.text = page, 0, 0, 0

    def press(self, element, *keys):
        for key in keys:
            element.send_keys(key)
            self.keys += 1

    def type(self, element, text):
        element.send_keys(text)
        self.text += len(text)

    def click(self, element):
        element.click()
        self.clicks += 1


def focused(page):
    return page.switch_to.active_element


@pytest.fixture
def week_setup(alice, sato, area_a):
    SocialResourceFactory(name="東町ひだまりサロン", area=area_a)
    visit = ActivityForm.objects.get(name="訪問")
    monday = today() - timedelta(days=today().weekday())
    for offset, text in enumerate(["先週のサロン訪問", "先週の運営会議", "先週の広報誌発行"]):
        activity_create(
            user=alice,
            coordinators=[sato],
            date=monday - timedelta(days=7 - offset),
            category=category_of(4),
            form=visit,
            description=text,
        )
    return monday


def add_entry(counter, page, *, day_presses, category_key, form_presses, text, salon=None):
    # the page puts the cursor in the date field by itself: no click needed
    WebDriverWait(page, 10).until(lambda p: focused(p).get_attribute("name") == "date")
    date_field = focused(page)
    counter.press(date_field, *([Keys.ARROW_DOWN] * day_presses), Keys.TAB)
    counter.press(focused(page), category_key, Keys.TAB)
    counter.press(focused(page), *([Keys.ARROW_DOWN] * form_presses), Keys.TAB)
    description = focused(page)
    counter.type(description, text)
    if salon:
        counter.press(description, Keys.TAB)
        resource = focused(page)
        assert resource.get_attribute("list") == "resource-options"
        # Headless Chromium draws no suggestion pop-up, so the test checks the browser is
        # offered the name for the typed start (the list is fetched when the box is first
        # focused, issue 22), then enters what choosing it would enter.
        WebDriverWait(page, 10).until(
            lambda p: (
                p.execute_script(
                    "return [...document.querySelectorAll('#resource-options option')]"
                    ".map(o => o.value).filter(v => v.includes(arguments[0]))",
                    salon[:4],
                )
                == [salon]
            )
        )
        counter.type(resource, salon[:4])
        resource.send_keys(salon[4:])
        counter.press(resource, Keys.ARROW_DOWN)
        counter.keys += 1  # Enter on the suggestion, which a real browser would show
        counter.press(resource, Keys.ENTER)
    else:
        counter.press(description, Keys.ENTER)


def test_staff_records_a_week(page, live_server, alice, week_setup, tmp_path):
    monday = week_setup
    wait = WebDriverWait(page, 10)
    # The week opens on today; the journey is written from the Monday of it, so it starts
    # there whatever weekday the test runs on (and the login lands there directly).
    page.get(live_server.url + f"/login/?next=/week/%3Fdate%3D{monday.isoformat()}")
    page.find_element(By.NAME, "username").send_keys(alice.username)
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    shows(page, (By.TAG_NAME, "h1"), "週の記録")
    counter = Counter(page)

    # three new entries from the keyboard; the last at a salon chosen by name
    add_entry(counter, page, day_presses=0, category_key="2", form_presses=1, text="サロン見学")
    shows(page, (By.CSS_SELECTOR, ".messages"), "サロン見学")
    add_entry(counter, page, day_presses=1, category_key="5", form_presses=6, text="広報誌の配布")
    shows(page, (By.CSS_SELECTOR, ".messages"), "広報誌の配布")
    # the form stays on the day of the previous entry (Tuesday): one step to Wednesday
    add_entry(
        counter,
        page,
        day_presses=1,
        category_key="4",
        form_presses=1,
        text="家族介護者サロンの運営支援",
        salon="東町ひだまりサロン",
    )
    shows(page, (By.CSS_SELECTOR, ".messages"), "家族介護者サロンの運営支援")
    salon_entry = Activity.objects.get(description="家族介護者サロンの運営支援")
    assert salon_entry.resource.name == "東町ひだまりサロン"
    assert salon_entry.date == monday + timedelta(days=2)

    # copy two of last week's three entries
    boxes = page.find_elements(By.CSS_SELECTOR, "#copy-last-week input[type=checkbox]")
    assert len(boxes) == 3
    counter.click(boxes[2])  # leave out 先週の広報誌発行
    counter.click(page.find_element(By.XPATH, "//button[text()='選んだ記録を今週にコピー']"))
    shows(page, (By.CSS_SELECTOR, ".messages"), "先週の記録を2件コピーしました")

    # edit one in place
    edited = Activity.objects.get(description="サロン見学")
    counter.click(page.find_element(By.CSS_SELECTOR, f"#activity-{edited.pk} a"))
    field = wait.until(EC.presence_of_element_located((By.ID, "id_edit-description")))
    field.clear()
    counter.type(field, "サロン見学と聞き取り")
    counter.press(field, Keys.ENTER)
    shows(page, (By.CSS_SELECTOR, ".messages"), "変更しました")

    # delete one (the confirmation is accepted)
    deleted = Activity.objects.get(description="広報誌の配布")
    counter.click(page.find_element(By.CSS_SELECTOR, f"#activity-{deleted.pk} button.danger"))
    page.switch_to.alert.accept()
    counter.clicks += 1
    shows(page, (By.CSS_SELECTOR, ".messages"), "削除しました")

    this_week = sorted(
        Activity.objects.filter(date__gte=monday).values_list("description", flat=True)
    )
    assert this_week == sorted(
        ["サロン見学と聞き取り", "家族介護者サロンの運営支援", "先週のサロン訪問", "先週の運営会議"]
    )

    # filter the list to this week and download it
    page.get(live_server.url + "/activities/")
    page.find_element(By.NAME, "date_from").send_keys(monday.strftime("%Y/%m/%d"))
    page.find_element(By.NAME, "date_to").send_keys(
        (monday + timedelta(days=6)).strftime("%Y/%m/%d") + Keys.ENTER
    )
    shows(page, (By.CSS_SELECTOR, ".stat-total"), "4")
    page.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    page.find_element(By.LINK_TEXT, "CSV（UTF-8）").click()
    downloaded = wait_for_download(tmp_path)
    rows = list(csv.reader(io.StringIO(downloaded.read_text(encoding="utf-8-sig"))))
    described = sorted(row[rows[0].index("内容")] for row in rows[1:])
    assert described == this_week

    print(
        f"\n[keystrokes] 3 new entries, copy 2 of last week, 1 edit, 1 delete: "
        f"{counter.keys} keys + {counter.clicks} clicks (+ {counter.text} characters of text)"
    )


def wait_for_download(folder, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in Path(folder).iterdir() if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("no file was downloaded")


def _scheduled_templates(alice, sato, monday, visit):
    """Three templates all due in the week of `monday`, whatever week the test runs in:
    weekly on Tuesday, on this month's n-th Wednesday, and on Friday's day of the month."""
    wednesday, friday = monday + timedelta(days=2), monday + timedelta(days=4)
    schedules = [
        ("毎週火曜 家族介護者サロン", {"repeat": Repeat.WEEKLY, "weekday": 1}),
        (
            "第n水曜 いきいきサロン",
            {
                "repeat": Repeat.NTH_WEEKDAY,
                "weekday": 2,
                "weeks_of_month": str((wednesday.day - 1) // 7 + 1),
            },
        ),
        (
            "毎月の支え合い通信",
            {"repeat": Repeat.DAY_OF_MONTH, "weekday": 4, "day_of_month": friday.day},
        ),
    ]
    made = []
    for name, schedule in schedules:
        template = ActivityTemplate.objects.create(
            name=name,
            center=sato.assignments.get().center,
            created_by=alice,
            category=category_of(4),
            form=visit,
            description=name,
            start_time=dt_time(10, 0),
            duration_minutes=60,
            **schedule,
        )
        template.coordinators.set([sato])
        made.append(template)
    return made


def test_a_typical_tier2_week_takes_under_60_actions(page, live_server, alice, sato, area_a):
    """Issue 18's protocol: 12 activities (meetings are recorded on the meeting form): 6
    repeating last week, 3 due from scheduled templates, 3 new, every visit with its start time
    and duration. Keys (Tab and Enter included) and clicks beyond the free text are counted."""
    SocialResourceFactory(name="東町ひだまりサロン", area=area_a)
    visit = ActivityForm.objects.get(name="訪問")
    monday = today() - timedelta(days=today().weekday())
    templates = _scheduled_templates(alice, sato, monday, visit)
    last_week = [("毎週" if n < 6 else "一度だけ") + f"の活動{n}" for n in range(9)] + [
        template.name for template in templates
    ]
    for n, text in enumerate(last_week):
        activity = activity_create(
            user=alice,
            coordinators=[sato],
            date=monday - timedelta(days=7 - n % 5),
            category=category_of(2 + n % 4),
            form=visit,
            description=text,
            start_time=dt_time(9 + n % 8, 0),
            duration_minutes=60,
            template=templates[n - 9] if n >= 9 else None,
        )
        assert activity.pk
    page.get(live_server.url + "/login/")
    page.find_element(By.NAME, "username").send_keys(alice.username)
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    shows(page, (By.TAG_NAME, "h1"), "週の記録")
    counter = Counter(page)

    # last week: the six repeating ones (the template's records are left to the schedule)
    boxes = page.find_elements(By.CSS_SELECTOR, "#copy-last-week input[type=checkbox]")
    for box in boxes:
        if "一度だけ" in box.find_element(By.XPATH, "..").text:
            counter.click(box)
    counter.click(page.find_element(By.XPATH, "//button[text()='選んだ記録を今週にコピー']"))
    shows(page, (By.CSS_SELECTOR, ".messages"), "先週の記録を6件コピーしました")

    # the week's schedule, ticked already: one click
    counter.click(page.find_element(By.XPATH, "//button[text()='チェックした予定を記録']"))
    shows(page, (By.CSS_SELECTOR, ".messages"), "予定から3件記録しました")

    # three new visits from the keyboard, each with its start time and duration
    for day_presses, category, form, text, start, minutes in [
        (0, "2", "1", "サロン見学", "1030", "90"),
        (1, "2", "1", "民生委員と同行訪問", "14", "60"),
        (1, "6", "1", "一人暮らし高齢者の見守り訪問", "930", "30"),
    ]:
        WebDriverWait(page, 10).until(lambda p: focused(p).get_attribute("name") == "date")
        counter.press(focused(page), *([Keys.ARROW_DOWN] * day_presses), Keys.TAB)
        category_field = focused(page)
        if Select(category_field).first_selected_option.get_attribute("value") != category:
            counter.press(category_field, category)  # the last 区分 is kept otherwise
        counter.press(category_field, Keys.TAB)
        counter.press(focused(page), form, Keys.TAB)
        counter.type(focused(page), text)
        counter.press(focused(page), Keys.TAB)
        counter.press(focused(page), Keys.TAB)  # past 訪問先 to 開始時刻
        counter.press(focused(page), *start, Keys.TAB)
        counter.press(focused(page), *minutes, Keys.ENTER)
        shows(page, (By.CSS_SELECTOR, ".messages"), text)

    this_week = Activity.objects.filter(date__gte=monday, date__lte=monday + timedelta(days=6))
    assert this_week.count() == 12
    assert not this_week.filter(start_time__isnull=True).exists()
    assert not this_week.filter(duration_minutes__isnull=True).exists()
    actions = counter.keys + counter.clicks
    print(
        f"\nweekly entry effort: {actions} actions ({counter.keys} keys, {counter.clicks} clicks)"
        f" + {counter.text} characters of free text"
    )
    assert actions < 60
