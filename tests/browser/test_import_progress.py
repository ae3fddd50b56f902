"""記録取込: while the file is sent the page says 「取り込み中…（経過 n秒）」 and the button is
disabled (issue 16)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.test_login_journey import log_in
from tests.builders import good_row, workbook
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_upload_shows_elapsed_seconds_and_disables_the_button(
    page, live_server, carol, tmp_path
):
    upload = tmp_path / "records.xlsx"
    upload.write_bytes(workbook([good_row()]))
    wait = WebDriverWait(page, 10)
    log_in(page, live_server.url, carol.username, PASSWORD)
    wait.until(lambda driver: "/login/" not in driver.current_url)
    page.get(live_server.url + "/activities/import/")
    # Hold the page: the upload never leaves, so its in-progress state can be read.
    page.execute_script("document.addEventListener('submit', (event) => event.preventDefault());")
    page.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(upload))
    page.find_element(By.CSS_SELECTOR, "form[data-import-progress] button[type=submit]").click()

    status = page.find_element(By.CSS_SELECTOR, "[data-import-status]")
    wait.until(lambda driver: "経過 2秒" in status.text)
    assert status.text == "取り込み中…（経過 2秒）"
    assert status.get_attribute("aria-live") == "polite"
    assert not page.find_element(
        By.CSS_SELECTOR, "form[data-import-progress] button[type=submit]"
    ).is_enabled()
