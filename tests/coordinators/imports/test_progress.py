"""Both upload pages show 「取り込み中…（経過 n秒）」 while a file is sent (issue 16)."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["coordinators:master_import", "coordinators:records_import"])
def test_the_upload_form_carries_the_progress_hook_and_its_script(client_for, dave, page):
    html = client_for(dave).get(reverse(page)).content.decode()

    assert "data-import-progress" in html
    assert 'aria-live="polite" aria-atomic="true" data-import-status hidden' in html
    assert "js/import-progress.js" in html
    assert "<script>" not in html  # the CSP runs our static files only


def test_the_script_counts_seconds_and_disables_the_button():
    with open(finders.find("js/import-progress.js"), encoding="utf-8") as script:
        source = script.read()

    assert "取り込み中…（経過 ${seconds}秒）" in source
    assert "button.disabled = true" in source
    assert "setInterval" in source
