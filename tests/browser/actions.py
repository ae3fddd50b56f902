"""What the browser journeys do the same way: log in as a user, wait for a text to show,
wait for a download."""

import time
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import PASSWORD


def log_in(page, url, user):
    """Log `user` in on the live server at `url`, forgetting any earlier login, and wait for
    the home page."""
    page.delete_all_cookies()
    page.get(url + "/login/")
    page.find_element(By.NAME, "username").send_keys(user.username)
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(page, 10).until(EC.url_to_be(url + "/"))


def shows(page, locator, text, timeout=10):
    """Wait until the element at `locator` (a (By, value) pair) contains `text`.

    While a submitted form's answer replaces the page, Chromium can answer a read of the old
    node with "Node with given id does not belong to the document": a WebDriverException, not
    the stale-element error Selenium's own condition expects, so a plain wait fails at random
    (CI, issue 19's last run). Such a read is tried again until the new page shows the text."""
    WebDriverWait(page, timeout, ignored_exceptions=(WebDriverException,)).until(
        EC.text_to_be_present_in_element(locator, text)
    )


def downloaded(folder, timeout=10):
    """The first finished file in `folder` (a Path) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [p for p in Path(folder).iterdir() if not p.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.1)
    raise AssertionError("nothing was downloaded")
