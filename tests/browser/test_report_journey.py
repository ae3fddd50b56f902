"""The division's report and sign-off in Chromium: a number, its records, the workbook, 締め."""

import io
from datetime import date

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.activities.services import activity_create
from coordinators.models import Activity, ActivityForm
from tests.browser.actions import downloaded, log_in, shows
from tests.builders import category_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_number_workbook_close_and_reopen(page, live_server, alice, carol, sato, tmp_path):
    visit = ActivityForm.objects.get(name="訪問")
    for n, category in enumerate([4, 4, 4, 2, 5]):
        activity_create(
            user=alice,
            coordinators=[sato],
            date=date(2024, 5, 1 + n),
            category=category_of(category),
            form=visit,
            description=f"記録{n}",
        )
    url = live_server.url
    wait = WebDriverWait(page, 10)
    log_in(page, url, carol)
    page.get(url + "/reports/?period=R6上半期")
    table = page.find_element(By.ID, "activity-table")
    row = table.find_element(By.XPATH, ".//tr[th[text()='センターA']]")
    cell = row.find_elements(By.TAG_NAME, "td")[3]  # 運営支援
    assert cell.text == "3"
    cell.find_element(By.TAG_NAME, "a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".stat-total")))
    assert page.find_element(By.CSS_SELECTOR, ".stat-total strong").text == "3"
    assert len(page.find_elements(By.CSS_SELECTOR, "table.table tbody tr")) == 3

    page.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    page.get(url + "/reports/?period=R6上半期")
    page.find_element(By.PARTIAL_LINK_TEXT, "Excel").click()
    workbook = openpyxl.load_workbook(io.BytesIO(downloaded(tmp_path).read_bytes()))
    sheet = workbook["活動内容ごとの実施件数"]
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert next(r for r in values if r[0] == "センターA")[1:9] == [0, 1, 0, 3, 1, 0, None, 5]

    # close the half-year for センターA; a staff edit is refused
    page.get(url + "/reports/closing/?period=R6上半期")
    row = page.find_element(By.XPATH, "//tr[th[text()='センターA']]")
    row.find_element(By.XPATH, ".//button[text()='締める']").click()
    page.switch_to.alert.accept()
    shows(page, (By.CSS_SELECTOR, ".messages"), "締めました")

    log_in(page, url, alice)
    activity = Activity.objects.get(description="記録0")
    page.get(url + f"/week/?date=2024-05-01&edit={activity.pk}")
    field = page.find_element(By.ID, "id_edit-description")
    field.clear()
    field.send_keys("締めた後の変更" + Keys.ENTER)
    shows(page, (By.ID, "main"), "令和6年度上半期（センターA）は")
    activity.refresh_from_db()
    assert activity.description == "記録0"

    # reopen with a written reason
    log_in(page, url, carol)
    page.get(url + "/reports/closing/?period=R6上半期")
    row = page.find_element(By.XPATH, "//tr[th[text()='センターA']]")
    row.find_element(By.NAME, "reason").send_keys("記録漏れの追加のため")
    row.find_element(By.XPATH, ".//button[text()='再開']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "再開しました")
    page.get(url + "/reports/?period=R6上半期")
    assert "理由: 記録漏れの追加のため" in page.find_element(By.ID, "main").text


def test_reopen_change_and_close_again_publishes_version_2_and_keeps_version_1(
    page, live_server, alice, carol, sato, tmp_path
):
    visit = ActivityForm.objects.get(name="訪問")
    for n in range(3):
        activity_create(
            user=alice,
            coordinators=[sato],
            date=date(2024, 5, 1 + n),
            category=category_of(4),
            form=visit,
            description=f"記録{n}",
        )
    url = live_server.url
    log_in(page, url, carol)

    def close_all():
        page.get(url + "/reports/closing/?period=R6上半期")
        page.find_element(By.XPATH, "//button[text()='全所属をまとめて締める']").click()
        page.switch_to.alert.accept()
        shows(page, (By.CSS_SELECTOR, ".messages"), "締めました")

    def centre_a_total():
        row = page.find_element(
            By.XPATH, "//table[@id='activity-table']//tr[th[text()='センターA']]"
        )
        return row.find_elements(By.TAG_NAME, "td")[-1].text

    close_all()
    page.get(url + "/reports/?period=R6上半期")
    assert "公表版 第1版" in page.find_element(By.ID, "published").text
    assert centre_a_total() == "3"

    # Reopen with a reason, record what was missing, close again.
    page.get(url + "/reports/closing/?period=R6上半期")
    row = page.find_element(By.XPATH, "//tr[th[text()='センターA']]")
    row.find_element(By.NAME, "reason").send_keys("記録漏れの追加")
    row.find_element(By.XPATH, ".//button[text()='再開']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "再開しました")
    activity_create(
        user=alice,
        coordinators=[sato],
        date=date(2024, 5, 20),
        category=category_of(4),
        form=visit,
        description="漏れていた記録",
    )
    page.get(url + "/reports/?period=R6上半期")
    assert "再開中" in page.find_element(By.ID, "main").text
    close_all()

    page.get(url + "/reports/?period=R6上半期")
    published = page.find_element(By.ID, "published").text
    assert "公表版 第2版" in published
    assert "記録漏れの追加" in published
    assert centre_a_total() == "4"
    page.find_element(By.LINK_TEXT, "第1版").click()
    shows(page, (By.ID, "published"), "公表版 第1版")
    assert centre_a_total() == "3"
    page.save_screenshot(str(tmp_path / "version-1.png"))
