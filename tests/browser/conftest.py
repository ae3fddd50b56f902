"""Headless Debian Chromium driven by Selenium against Django's live server.

Only Debian's chromium and chromium-driver are used (no driver downloads). Without them the
browser tests are skipped with the reason shown, except under CI=true, where they must run.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")


def _missing():
    return [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]


@pytest.fixture(scope="session")
def browser(live_server):
    # Depending on live_server makes the browser (and its keep-alive connections) close first.
    missing = _missing()
    if missing:
        reason = f"browser tests need Debian chromium and chromium-driver; missing: {missing}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="sasaeai-chromium-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",
        "--lang=ja",
        "--no-first-run",
        # The machine has no network; these stop Chromium from trying to reach Google.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    """The browser for one test; it leaves the live server idle and forgets the login after."""
    yield browser
    # Without this, a request still in flight (a favicon, a redirect) reaches the live server
    # after the test's database has been torn down.
    browser.get("about:blank")
    browser.delete_all_cookies()
