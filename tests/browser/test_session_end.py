"""Logged out by the idle limit while typing (issue 18): Enter showed the login page with no
explanation, then "HTTP ERROR 405", and the typed entry was lost. Now the login page says
why, returns to the week, and the text comes back to be saved."""

import pytest
from django.contrib.sessions.models import Session
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.models import Activity
from coordinators.periods import today
from tests.browser.actions import shows
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXT = "民生委員と同行して見守り訪問、次回は来月"


def log_in(page, wait):
    page.find_element(By.NAME, "username").send_keys("alice")
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    shows(page, (By.TAG_NAME, "h1"), "週の記録")


def test_text_typed_when_the_session_ended_is_back_after_logging_in(page, live_server, alice, sato):
    wait = WebDriverWait(page, 10)
    page.get(live_server.url + f"/login/?next=/week/%3Fdate%3D{today().isoformat()}")
    log_in(page, wait)
    entry = page.find_element(By.CSS_SELECTOR, "form[data-draft^='activity-new']")
    entry.find_element(By.NAME, "category").send_keys("2")
    entry.find_element(By.NAME, "form").send_keys("1")  # 「1 訪問」
    description = entry.find_element(By.NAME, "description")
    description.send_keys(TEXT)

    Session.objects.all().delete()  # the idle limit passes while the user types
    description.send_keys(Keys.ENTER)

    wait.until(EC.url_contains("/login/"))
    assert "しばらく操作がなかったため、ログアウトしていました" in page.page_source
    log_in(page, wait)
    assert "/week/" in page.current_url
    restored = page.find_element(By.CSS_SELECTOR, "form[data-draft^='activity-new']")
    assert restored.find_element(By.NAME, "description").get_attribute("value") == TEXT
    assert "保存されていなかった入力を元に戻しました" in page.page_source

    restored.find_element(By.NAME, "description").send_keys(Keys.ENTER)
    shows(page, (By.CSS_SELECTOR, ".messages"), "登録しました")
    assert Activity.objects.filter(description=TEXT).count() == 1
    # saved: the next visit starts empty
    page.refresh()
    form = page.find_element(By.CSS_SELECTOR, "form[data-draft^='activity-new']")
    assert form.find_element(By.NAME, "description").get_attribute("value") == ""
    assert "保存されていなかった入力を元に戻しました" not in page.page_source


def test_logging_out_forgets_what_was_typed(page, live_server, alice, sato):
    wait = WebDriverWait(page, 10)
    page.get(live_server.url + f"/login/?next=/week/%3Fdate%3D{today().isoformat()}")
    log_in(page, wait)
    page.find_element(By.NAME, "description").send_keys(TEXT)
    page.find_element(By.XPATH, "//button[text()='ログアウト']").click()
    wait.until(EC.url_contains("/login/"))
    log_in(page, wait)
    assert page.find_element(By.NAME, "description").get_attribute("value") == ""
