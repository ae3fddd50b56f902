"""The entry pages at 1366×768 and 1920×1080 (issue 18): pick-lists cut off 会議・協議体出席 and
在宅介護支援センター等につないだ, 「コピー・テンプレート」 stuck out of the week table, names broke
in the middle (「佐藤 花/子」), the case 見出し stuck out of its card. layout_check.js looks."""

from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.activities.services import activity_create
from coordinators.demo.categories import SeededCategory
from coordinators.models import ActivityForm
from tests.builders import category_of, consult
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHECK = (Path(__file__).parent / "layout_check.js").read_text()
DAY = date(2024, 6, 12)


@pytest.fixture
def entries(alice, sato, councils, area_a):
    made = [
        activity_create(
            user=alice,
            coordinators=[sato],
            date=DAY,
            category=category_of(SeededCategory.AWARENESS),
            form=ActivityForm.objects.get(name=name),
            description="地域の支え合い通信を発行し配布、民生委員の定例会で説明",
            participants=12,
        )
        for name in ("広報誌・チラシ発行", "電話・メール連絡")
    ]
    return made, consult(alice, sato)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
@pytest.mark.usefixtures("season_2024")
def test_entry_pages_show_nothing_cut_or_sticking_out(page, live_server, entries, size):
    (activity, _), consultation = entries
    page.set_window_size(*size)
    wait = WebDriverWait(page, 10)
    page.get(live_server.url + "/login/")
    page.find_element(By.NAME, "username").send_keys("alice")
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    wait.until(EC.url_to_be(live_server.url + "/"))
    week = f"/week/?date={DAY.isoformat()}"
    problems = {}
    for path in (
        week,
        f"{week}&edit={activity.pk}",
        consultation.get_absolute_url(),
        "/meetings/new/",
        "/resources/new/",
    ):
        page.get(live_server.url + path)
        found = page.execute_script(CHECK)
        if found:
            problems[path] = found
    page.set_window_size(1366, 768)
    assert problems == {}
