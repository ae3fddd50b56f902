"""Consultations to a connected person, in Chromium: quick entry, case, matching, connection."""

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from coordinators.activities.services import activity_create
from coordinators.models import (
    AccessRecord,
    ActivityForm,
    Consultation,
    ResourceType,
    SupportCase,
)
from coordinators.periods import today
from tests.browser.actions import log_in, shows
from tests.builders import category_of
from tests.factories import SocialResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def choose(select, name):
    """Picks the numbered choice 「n name」 by typing its number, as staff do (issue 18)."""
    option = select.find_element(By.XPATH, f".//option[substring-after(., ' ')='{name}']")
    select.send_keys(option.text.split(" ")[0])
    assert Select(select).first_selected_option.text == option.text


def quick_consultation(page, consulter, topic, outcome):
    form = page.find_element(By.CSS_SELECTOR, "#consultations form")
    choose(form.find_element(By.NAME, "consultation-route"), "来所・電話")
    choose(form.find_element(By.NAME, "consultation-consulter_type"), consulter)
    form.find_element(By.XPATH, f".//label[normalize-space()='{topic}']").click()
    choose(form.find_element(By.NAME, "consultation-outcome"), outcome)
    form.find_element(By.XPATH, ".//button[text()='相談を記録']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), consulter)


def test_consultation_to_case_to_connection(page, live_server, alice, bob, sato, area_a, area_b):
    house = SocialResourceFactory(
        name="テンミリオンハウス東町の家",
        area=area_a,
        resource_type=ResourceType.objects.get(name="テンミリオンハウス"),
        schedule="毎週火曜 10:00〜15:00",
    )
    SocialResourceFactory(
        name="テンミリオンハウス境南の家",
        area=area_b,
        resource_type=ResourceType.objects.get(name="テンミリオンハウス"),
    )
    activity_create(
        user=alice,
        coordinators=[sato],
        date=today() - timedelta(days=3),
        category=category_of(2),
        form=ActivityForm.objects.get(name="訪問"),
        resource=house,
        duration_minutes=90,
        description="テンミリオンハウスを訪問",
    )
    wait = WebDriverWait(page, 10)
    log_in(page, live_server.url, alice)

    quick_consultation(page, "家族", "認知症", "情報提供・助言で終了")
    quick_consultation(page, "ケアマネジャー", "活動場所", "継続対応中")
    assert Consultation.objects.count() == 2

    # open a case from the care manager's consultation
    row = page.find_element(
        By.XPATH, "//table[contains(@class,'consultations')]//tr[td[text()='ケアマネジャー']]"
    )
    row.find_element(By.LINK_TEXT, "詳細・ケース").click()
    title = wait.until(EC.presence_of_element_located((By.NAME, "title")))
    title.clear()
    title.send_keys("60代 要支援1 自宅近くの居場所を希望")
    page.find_element(By.XPATH, "//button[text()='この相談からケースを開く']").click()
    shows(page, (By.TAG_NAME, "h1"), "自宅近くの居場所")
    case = SupportCase.objects.get()

    # matching: テンミリオンハウス in the same area, open on Tuesdays
    Select(page.find_element(By.NAME, "area")).select_by_visible_text("圏域A")
    Select(page.find_element(By.NAME, "resource_type")).select_by_visible_text("テンミリオンハウス")
    page.find_element(By.NAME, "schedule").send_keys("火曜")
    page.find_element(By.XPATH, "//button[text()='探す']").click()
    matches = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".match-list")))
    assert "テンミリオンハウス東町の家" in matches.text
    assert "境南の家" not in matches.text
    matches.find_element(By.XPATH, ".//button[text()='ここにつないだ']").click()
    shows(page, (By.CSS_SELECTOR, ".messages"), "につないだ")
    assert (
        "「テンミリオンハウス東町の家」につないだ"
        in page.find_element(By.CSS_SELECTOR, ".timeline").text
    )

    # the resource page shows the connection and the visits
    page.get(live_server.url + house.get_absolute_url())
    main = page.find_element(By.ID, "main").text
    assert "個別支援ケース 1件" in main
    assert case.title in main
    assert "延べ件数\n1" in main
    assert "合計時間\n1.5時間" in main

    # another center's staff: 404 on the case; every case view is on record
    page.get(live_server.url + "/logout/")
    page.delete_all_cookies()
    log_in(page, live_server.url, bob)
    page.get(live_server.url + case.get_absolute_url())
    assert "ページが見つかりません" in page.page_source or "Not Found" in page.page_source
    views = AccessRecord.objects.filter(target=f"個別支援ケース #{case.pk}", action="閲覧")
    assert views.count() >= 2  # after opening, and after connecting
    assert set(views.values_list("user__username", flat=True)) == {"alice"}
