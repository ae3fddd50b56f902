"""A 地域ケア会議 recorded once, its issue raised, gathered and reported, in Chromium."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.demo.categories import SeededCategory
from coordinators.models import Activity
from coordinators.periods import today
from councils.models import Council, CouncilKind, CouncilTier, Meeting, RegionalIssue, Stage
from councils.services import meeting_create
from tests.browser.actions import log_in, shows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_meeting_to_pipeline(page, live_server, alice, bob, carol, sato, suzuki, ito, center_a):
    kinds = {k.name: k for k in CouncilKind.objects.all()}
    Council.objects.create(
        name="東 地域ケア会議",
        tier=CouncilTier.SECOND,
        kind=kinds["地域ケア会議"],
        center=center_a,
        counts_as_equivalent=True,
        default_category_id=SeededCategory.FACT_FINDING,
    )
    link = Council.objects.create(
        name="SC連携会議",
        tier=CouncilTier.BETWEEN,
        kind=kinds["SC連携会議"],
        default_category_id=SeededCategory.OPERATION,
    )
    wait = WebDriverWait(page, 10)
    url = live_server.url
    day = today()

    def record_the_meeting(person, own=False):
        page.get(url + "/meetings/new/")
        council = page.find_element(By.NAME, "council")
        option = council.find_element(
            By.XPATH, ".//option[substring-after(., ' ')='東 地域ケア会議']"
        )
        council.send_keys(option.text.split(" ")[0])  # typed by its number (issue 18)
        assert Select(council).first_selected_option.text == option.text
        page.find_element(By.NAME, "date").send_keys(day.strftime("%Y/%m/%d"))
        box = page.find_element(By.XPATH, f"//label[contains(., '{person}')]//input")
        if own:  # the login's own 担当者 is ticked already (issue 18)
            assert box.is_selected()
        else:
            box.click()
        page.find_element(By.NAME, "agenda").send_keys("買物支援について")

    log_in(page, url, alice)
    record_the_meeting("佐藤 花子", own=True)
    page.find_element(By.NAME, "raised").send_keys("買物に行けない高齢者が増えている")
    page.find_element(By.XPATH, "//button[text()='保存']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "1所属の活動記録")

    # センターB records the same meeting: it is shown the one recorded and joins it
    log_in(page, url, bob)
    record_the_meeting("鈴木 健一")
    page.find_element(By.XPATH, "//button[text()='保存']").click()
    notice = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".same-day")))
    assert "すでに記録されています" in notice.text
    assert "買物支援について" in notice.text
    notice.find_element(By.XPATH, ".//button[contains(., 'この会議に出席を記録する')]").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "1人の出席を記録")
    assert Meeting.objects.count() == 1
    assert sorted(Activity.objects.values_list("center__name", flat=True)) == [
        "センターA",
        "センターB",
    ]

    # both centers see the activity on their week page
    page.get(url + "/")
    assert "買物支援について" in page.find_element(By.ID, "main").text
    log_in(page, url, alice)
    page.get(url + "/")
    assert "買物支援について" in page.find_element(By.ID, "main").text

    # the division gathers the issue at a SC連携会議, then reports it
    gathering = meeting_create(
        user=carol,
        council=link,
        date=day,
        coordinators=[ito, sato, suzuki],
        agenda="地域課題の集約",
    )
    issue = RegionalIssue.objects.get()
    log_in(page, url, carol)
    page.get(url + issue.get_absolute_url())
    Select(page.find_element(By.NAME, "stage")).select_by_visible_text("集約")
    Select(page.find_element(By.NAME, "meeting")).select_by_value(str(gathering.pk))
    page.find_element(By.XPATH, "//button[text()='記録する']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "「集約」を記録しました")
    Select(page.find_element(By.NAME, "stage")).select_by_visible_text("報告")
    page.find_element(By.NAME, "note").send_keys("推進協議会で報告")
    page.find_element(By.XPATH, "//button[text()='記録する']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "「報告」を記録しました")
    issue.refresh_from_db()
    assert issue.stage == Stage.REPORTED

    page.get(url + "/issues/")
    column = page.find_element(By.CSS_SELECTOR, f"[aria-labelledby='stage-{Stage.REPORTED}']")
    assert "買物に行けない高齢者が増えている" in column.text
    raised_column = page.find_element(By.CSS_SELECTOR, f"[aria-labelledby='stage-{Stage.RAISED}']")
    assert "買物に行けない" not in raised_column.text
