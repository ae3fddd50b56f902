"""What the browser journeys do the same way: log in as a user, wait for a download."""

import time
from pathlib import Path

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


def downloaded(folder, timeout=10):
    """The first finished file in `folder` (a Path) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [p for p in Path(folder).iterdir() if not p.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.1)
    raise AssertionError("nothing was downloaded")
