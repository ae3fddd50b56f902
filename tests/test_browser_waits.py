"""Every browser journey waits for a text through `tests.browser.actions.shows`: Selenium's own
condition, used directly, fails at random when Chromium answers a read of the page being
replaced with "Node with given id does not belong to the document" (a CI run of issue 19)."""

from pathlib import Path

BROWSER_TESTS = Path(__file__).parent / "browser"


def test_no_journey_waits_for_text_without_the_shared_helper():
    direct = [
        f"{path.name}:{number}"
        for path in sorted(BROWSER_TESTS.glob("*.py"))
        if path.name != "actions.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "text_to_be_present_in_element" in line
    ]
    assert direct == []
