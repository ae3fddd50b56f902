"""The demo's 令和6年度上半期 実績報告 (issue 19), read back from the Word file: the published
table with its totals, the council counts, and each 所属's text written through the page."""

import io
import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from coordinators.models import Center, HalfYearClosing
from reports.models import PublishedReport
from tests.conftest import FormClient
from tests.load.htmlforms import parse_forms
from tests.page_forms import post_data

PUBLISHED_TOTALS = ["19", "222", "18", "277", "211", "23", "10", "780"]


def logged_in(username):
    client = FormClient()
    client.force_login(User.objects.get(username=username))
    return client


def write_main_work(client, center, text):
    url = reverse("reports:texts") + f"?period=R6上半期&center={center.pk}"
    page = client.get(url).content.decode()
    form = next(form for form in parse_forms(page) if form.field("version"))
    response = client.post(url, post_data(form.values(main_work=text)))
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.django_db
def test_the_demo_document_holds_the_published_table_councils_and_each_centers_text(
    tmp_path,
):
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--force", stdout=quiet)
    division = logged_in("division")
    closing = HalfYearClosing.objects.get(fiscal_year=2024, half=1, center=None)
    division.post(reverse("reports:reopen", args=[closing.pk]), {"reason": "実績報告の文章を追加"})
    centers = list(Center.objects.all())
    for center in centers:
        # 吉祥寺本町 writes its own; the division writes for the others
        client = logged_in("staff_honcho") if center.name == "吉祥寺本町" else division
        write_main_work(client, center, f"○{center.name}の主な取組（画面から）")
    division.post(reverse("reports:close"), {"period": "2024H1", "center": "all"})
    fixed = division.post(reverse("reports:fix_document") + "?period=R6上半期", follow=True)
    assert "実績報告を確定しました" in fixed.content.decode()

    path = tmp_path / "実績報告.docx"
    call_command(
        "export_report",
        "--period",
        "R6上半期",
        "--format",
        "docx",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "所属")
    total_row = [cell.text for cell in table.rows[-1].cells]
    assert total_row == ["合計", *PUBLISHED_TOTALS]
    assert "○第1層 協議体の開催 1回" in paragraphs
    assert "○第2層 協議体相当の会議 76回" in paragraphs
    for center in centers:
        assert f"○{center.name}の主な取組（画面から）" in paragraphs
    council_section = paragraphs[paragraphs.index("協議体") :]
    assert "○第1層 協議体の開催 1回" in council_section
    city = PublishedReport.objects.filter(center__isnull=True).latest("version")
    assert city.version == 2  # reopened and closed again: a new version, 確定 with its text
    assert city.document_fixed_at is not None
