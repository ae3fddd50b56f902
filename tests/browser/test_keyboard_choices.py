"""Pick-lists chosen by typing their number, with the IME on or off (issue 18): 22 of a week's
62 keys were arrow presses in 活動形態, whose options could not be picked by typing, and a
native select cannot be typed into with the IME on."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.browser.actions import shows
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What Chromium sends a focused select while the Japanese IME is on: the key is "Process",
# only its code names the digit.
WITH_IME_ON = """
const [select, codes] = arguments;
for (const code of codes) {
  select.dispatchEvent(new KeyboardEvent("keydown", {key: "Process", code, bubbles: true,
                                                     cancelable: true}));
}
return select.options[select.selectedIndex].text;
"""


@pytest.fixture
def entry_form(page, live_server, alice, sato):
    page.get(live_server.url + "/login/?next=/week/")
    page.find_element(By.NAME, "username").send_keys("alice")
    page.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    shows(page, (By.TAG_NAME, "h1"), "週の記録")
    return page.find_element(By.CSS_SELECTOR, "form[data-draft^='activity-new']")


def test_typing_a_number_picks_the_activity_form_with_the_ime_off(entry_form):
    forms = entry_form.find_element(By.NAME, "form")
    forms.send_keys("2")
    assert Select(forms).first_selected_option.text == "2 会議・協議体出席"
    forms.send_keys("11")  # two digits within a second: the eleventh
    assert Select(forms).first_selected_option.text == "11 その他"


def test_typing_a_number_picks_the_choice_with_the_ime_on(page, entry_form):
    forms = entry_form.find_element(By.NAME, "form")
    assert page.execute_script(WITH_IME_ON, forms, ["Digit6"]) == "6 広報誌・チラシ発行"
    category = entry_form.find_element(By.NAME, "category")
    assert page.execute_script(WITH_IME_ON, category, ["Numpad4"]) == "4 運営支援"


def test_typing_a_weekday_number_picks_the_day(page, entry_form):
    day = entry_form.find_element(By.NAME, "date")
    day.send_keys("3")
    assert Select(day).first_selected_option.text.endswith("（水）")
    assert page.execute_script(WITH_IME_ON, day, ["Digit5"]).endswith("（金）")
