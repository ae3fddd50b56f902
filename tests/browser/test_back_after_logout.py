"""Back after logout shows no personal data (issue 17): the browser kept the consultation page
in its cache and showed age, 要介護度 and 概要 again, with no access record."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.models import AccessRecord
from tests.builders import consult
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = "娘と二人暮らしで通いの場を探している"


def test_back_after_logout_shows_the_login_not_the_consultation(page, live_server, alice, sato):
    consultation = consult(alice, sato, subject_age=82, summary=SUMMARY)
    wait = WebDriverWait(page, 10)
    page.get(live_server.url + "/login/")
    page.find_element(By.NAME, "username").send_keys(alice.username)
    page.find_element(By.NAME, "password").send_keys(PASSWORD)
    page.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(EC.url_to_be(live_server.url + "/"))
    page.get(live_server.url + consultation.get_absolute_url())
    assert SUMMARY in page.page_source
    reads = AccessRecord.objects.count()

    page.find_element(By.XPATH, "//button[text()='ログアウト']").click()
    wait.until(EC.url_contains("/login/"))
    page.back()

    wait.until(EC.url_contains("/login/"))
    assert SUMMARY not in page.page_source
    assert AccessRecord.objects.count() == reads  # nobody read it again
