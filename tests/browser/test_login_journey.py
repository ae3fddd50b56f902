import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.actions import shows
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, url, username, password):
    page.get(url + "/login/")
    page.find_element(By.NAME, "username").send_keys(username)
    page.find_element(By.NAME, "password").send_keys(password)
    page.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def test_staff_logs_in_lands_on_home_and_logs_out(page, live_server, alice, area_a):
    wait = WebDriverWait(page, 10)
    page.get(live_server.url + "/")
    wait.until(EC.url_contains("/login/"))
    assert "ログイン" in page.find_element(By.TAG_NAME, "h1").text

    log_in(page, live_server.url, alice.username, PASSWORD)
    shows(page, (By.TAG_NAME, "h1"), "センターAの週の記録")
    assert page.current_url == live_server.url + "/"
    assert page.find_element(By.CSS_SELECTOR, ".user-center").text == "センターA"
    # the stylesheet was served: the header is coloured, not the browser default
    header = page.find_element(By.CSS_SELECTOR, ".site-header")
    assert header.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"

    page.find_element(By.XPATH, "//button[text()='ログアウト']").click()
    wait.until(EC.url_contains("/login/"))
    page.get(live_server.url + "/")
    wait.until(EC.url_contains("/login/?next=/"))


def test_wrong_password_is_refused_in_japanese(page, live_server, alice):
    log_in(page, live_server.url, alice.username, "wrong-password-123")
    shows(page, (By.CSS_SELECTOR, ".errorlist"), "正しいユーザー名")
    assert "/login/" in page.current_url
