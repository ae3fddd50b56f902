"""The 実績報告 in Chromium (issue 19): a center writes its 主な取組 on its report page, the
division sees it in the document and downloads the Word file; after the close and 「確定」
editing is refused and the document of that half-year stays as it was."""

import io
from datetime import date

import pytest
from docx import Document
from selenium.webdriver.common.by import By

from coordinators.activities.services import activity_create
from coordinators.models import ActivityForm
from reports.models import PublishedReport
from tests.browser.actions import downloaded, log_in, shows
from tests.builders import category_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def paragraphs_of(path):
    return [p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs]


def test_a_center_writes_the_division_fixes_and_the_document_stays(
    page, live_server, alice, carol, sato, center_a, tmp_path
):
    activity_create(
        user=alice,
        coordinators=[sato],
        date=date(2024, 5, 1),
        category=category_of(4),
        form=ActivityForm.objects.get(name="訪問"),
        description="サロン訪問",
    )
    url = live_server.url
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    # the center writes its 主な取組 on its report page
    log_in(page, url, alice)
    page.get(url + "/reports/?period=R6上半期")
    card = page.find_element(By.ID, "report-texts")
    card.find_element(By.NAME, "main_work").send_keys("○サロン代表者の説明会を開催")
    card.find_element(By.XPATH, ".//button[text()='文章を保存']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "文章を保存しました")

    # the division sees it in the city's document and downloads the Word file
    log_in(page, url, carol)
    page.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    page.get(url + "/reports/document/?period=R6上半期")
    document = page.find_element(By.ID, "document").text
    assert "【センターA】" in document
    assert "○サロン代表者の説明会を開催" in document
    page.save_screenshot(str(tmp_path / "document-draft.png"))
    page.find_element(By.PARTIAL_LINK_TEXT, "実績報告（Word）").click()
    draft = downloaded(downloads)
    assert "○サロン代表者の説明会を開催" in paragraphs_of(draft)
    draft.unlink()

    # close every 所属, then 「確定」
    page.get(url + "/reports/closing/?period=R6上半期")
    page.find_element(By.XPATH, "//button[text()='全所属をまとめて締める']").click()
    page.switch_to.alert.accept()
    shows(page, (By.CSS_SELECTOR, ".messages"), "締めました")
    page.get(url + "/reports/document/?period=R6上半期")
    page.find_element(By.XPATH, "//button[text()='確定する']").click()
    page.switch_to.alert.accept()
    shows(page, (By.CSS_SELECTOR, ".messages"), "確定しました")
    assert "確定" in page.find_element(By.ID, "document-status").text
    page.save_screenshot(str(tmp_path / "document-fixed.png"))

    # editing is refused: the center's text and the city's
    log_in(page, url, alice)
    page.get(url + "/reports/?period=R6上半期")
    card = page.find_element(By.ID, "report-texts")
    assert "締めたため" in card.text
    assert not card.find_elements(By.NAME, "main_work")
    log_in(page, url, carol)
    page.get(url + "/reports/texts/?period=R6上半期")
    assert "確定したため" in page.find_element(By.ID, "main").text
    assert not page.find_elements(By.NAME, "overview")

    # the document of that half-year stays as it was
    page.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    page.get(url + "/reports/document/?period=R6上半期")
    page.find_element(By.PARTIAL_LINK_TEXT, "実績報告（Word）").click()
    fixed = downloaded(downloads)
    assert "○サロン代表者の説明会を開催" in paragraphs_of(fixed)
    version = PublishedReport.objects.get(center__isnull=True)
    assert dict(version.narrative["centers"])["センターA"] == {
        "main_work": "○サロン代表者の説明会を開催"
    }
