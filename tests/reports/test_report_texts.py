"""The 実績報告's text (issue 19): each 所属 writes its own, the division the city's; fixed when
the half-year closes and when the division 「確定」s; read back from the Word file."""

import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from coordinators.models import Center, HalfYearClosing
from coordinators.periods import Period
from reports.document import text_blocks
from reports.models import PublishedReport, ReportText, Section
from reports.texts import texts_for
from tests.conftest import FormClient
from tests.factories import CenterFactory
from tests.load.htmlforms import parse_forms
from tests.page_forms import post_data

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)


def texts_url(center=None, period="R6上半期", **extra):
    query = f"?period={period}" + (f"&center={center.pk}" if center else "")
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return reverse("reports:texts") + query


def document_url(center=None, period="R6上半期", **extra):
    query = f"?period={period}" + (f"&center={center.pk}" if center else "")
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return reverse("reports:document") + query


def text_form(client, url):
    """The page's text form (the period form above it is a GET to the same page)."""
    page = client.get(url)
    assert page.status_code == 200, url
    return next(form for form in parse_forms(page.content.decode()) if form.field("version"))


def write(client, url, **texts):
    """Post the text form as the page draws it, with `texts` typed into its boxes."""
    return client.post(url, post_data(text_form(client, url).values(**texts)))


def docx_text(content):
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def logged_in(user):
    """A client of its own for `user`, beside client_for's (which changes who is logged in)."""
    client = FormClient()
    client.force_login(user)
    return client


def close(client, center="all"):
    return client.post(reverse("reports:close"), {"period": "2024H1", "center": center})


def test_a_center_writes_its_main_work_and_the_division_sees_it_in_the_document(
    client_for, alice, carol, center_a, center_b
):
    response = write(
        logged_in(alice),
        texts_url(),
        main_work="○サロン代表者の説明会を開催\n○地区別会議を実施",
        challenges="担い手の高齢化",
    )
    assert response.status_code == 302
    assert texts_for(R6H1, center_a) == {
        "main_work": "○サロン代表者の説明会を開催\n○地区別会議を実施",
        "challenges": "担い手の高齢化",
    }
    division = logged_in(carol)
    compiling = division.get(texts_url()).content.decode()
    assert "○サロン代表者の説明会を開催" in compiling
    assert "センターB" in compiling
    assert "未記入" in compiling
    page = division.get(document_url()).content.decode()
    assert "【センターA】" in page
    assert "○地区別会議を実施" in page
    missing = re.search(r"まだ文章がない所属: ([^<]+)<", page).group(1)
    assert sorted(missing.split("、")) == ["センターB", "高齢者支援課"]
    paragraphs, _tables = docx_text(division.get(document_url(format="docx")).content)
    assert "○サロン代表者の説明会を開催" in paragraphs
    assert "令和6年度上半期生活支援体制整備事業の実績報告" in paragraphs


def test_staff_may_not_write_the_city_or_another_centers_text(client_for, alice, bob, center_b):
    # staff always see their own 所属: ?center= of another is ignored, the city is refused
    write(logged_in(bob), texts_url(), main_work="Bの取組")
    write(logged_in(alice), texts_url(center=center_b), main_work="Aが書いた")
    assert texts_for(R6H1, center_b) == {"main_work": "Bの取組"}
    assert ReportText.objects.filter(center__isnull=True).count() == 0
    assert Client().get(texts_url()).status_code == 302  # to the login page


def test_a_centers_text_is_fixed_when_its_half_year_closes_and_published_with_it(
    client_for, alice, carol, center_a
):
    client = client_for(alice)
    write(client, texts_url(), main_work="締める前の文章")
    close(logged_in(carol), center_a.pk)
    page = client.get(texts_url()).content.decode()
    assert "締めたため" in page
    assert "texts-form" not in page
    data = {"version": "0", "main_work": "締めた後の文章", "challenges": ""}
    refused = client.post(texts_url(), data)
    assert "締めたため" in refused.content.decode()
    assert texts_for(R6H1, center_a) == {"main_work": "締める前の文章"}
    published = PublishedReport.objects.get(center=center_a)
    assert published.narrative == {"main_work": "締める前の文章"}


def test_the_division_fixes_the_document_once_every_center_is_closed(
    alice, carol, center_a, center_b, division_center
):
    division = logged_in(carol)
    write(logged_in(alice), texts_url(), main_work="○Aの取組")
    write(division, texts_url(), overview="事業の概要です。", challenges="(1) 担い手\n本文")
    close(division, center_a.pk)
    refused = division.post(reverse("reports:fix_document") + "?period=R6上半期", follow=True)
    message = re.search(r"締めていない所属: ([^）]+)）", refused.content.decode()).group(1)
    assert sorted(message.split("、")) == ["センターB", "高齢者支援課"]
    close(division, center_b.pk)
    close(division, division_center.pk)
    division.post(reverse("reports:fix_document") + "?period=R6上半期")
    city = PublishedReport.objects.get(center__isnull=True)
    assert city.document_fixed_by == carol
    assert city.narrative["city"]["overview"] == "事業の概要です。"
    assert dict(city.narrative["centers"])["センターA"] == {"main_work": "○Aの取組"}

    # after 「確定」 the city's text is refused and the document stays as it was
    data = {"version": "0", **{s.value: "変えた" for s in Section}}
    division.post(texts_url(), data)
    assert texts_for(R6H1, None)["overview"] == "事業の概要です。"
    fixed_docx = division.get(document_url(format="docx")).content
    paragraphs, _ = docx_text(fixed_docx)
    assert "事業の概要です。" in paragraphs
    assert "○Aの取組" in paragraphs
    assert "担い手" in paragraphs  # a numbered theme, its (1) from the template's numbering

    # reopening makes a new version: the 確定 one is still there as it was
    closing = HalfYearClosing.objects.get(center=center_b)
    division.post(reverse("reports:reopen", args=[closing.pk]), {"reason": "追加"})
    write(division, texts_url(), overview="再開後に書き直した概要")
    close(division, center_b.pk)
    draft = division.get(document_url()).content.decode()
    assert "再開後に書き直した概要" in draft
    assert "下書き" in draft
    first = division.get(document_url(version=1)).content.decode()
    assert "事業の概要です。" in first
    assert "再開後に書き直した概要" not in first


def test_a_new_period_starts_from_the_same_half_a_year_earlier_as_a_draft(
    client_for, alice, center_a
):
    client = client_for(alice)
    write(client, texts_url(period="R5上半期"), main_work="○前年度の取組")
    page = client.get(texts_url()).content.decode()
    assert "○前年度の取組" in page
    assert "保存するまで記録されません" in page
    assert texts_for(R6H1, center_a) == {}


def test_an_edit_made_meanwhile_is_not_overwritten(client_for, alice, center_a):
    client = client_for(alice)
    url = texts_url()
    stale = post_data(text_form(client, url).values(main_work="古い画面からの文章"))
    write(client, url, main_work="先に保存した文章")
    page = client.post(url, stale).content.decode()
    assert "画面を開いた後に変更されました" in page
    assert texts_for(R6H1, center_a)["main_work"] == "先に保存した文章"


def test_a_post_without_the_version_is_refused_and_saves_nothing(client_for, alice, center_a):
    response = client_for(alice).post(texts_url(), {"main_work": "版なし"})
    assert response.status_code == 400
    assert texts_for(R6H1, center_a) == {}


def test_typed_lines_become_bullets_themes_and_paragraphs():
    blocks = text_blocks("○一つ目\n・二つ目\n\n(1) サロンの継続\n本文です。", themes=True)
    assert [(b["kind"], b["text"]) for b in blocks] == [
        ("bullet", "○一つ目"),
        ("bullet", "・二つ目"),
        ("heading", "サロンの継続"),
        ("paragraph", "本文です。"),
    ]
    assert text_blocks("（２）番号のまま", themes=False)[0]["kind"] == "paragraph"


def test_the_word_files_footer_says_whether_the_text_is_a_draft_or_fixed(
    alice, carol, center_a, center_b, division_center
):
    division = logged_in(carol)

    def footer(center=None):
        content = division.get(document_url(center=center, format="docx")).content
        return Document(io.BytesIO(content)).sections[0].footer.paragraphs[0].text

    assert footer().startswith("下書き（確定前）")
    assert footer(center_a).startswith("下書き（締め前）")
    close(division)
    assert footer(center_a).startswith("締め: 令和")
    division.post(reverse("reports:fix_document") + "?period=R6上半期")
    assert footer().startswith("確定: 令和")


def test_the_city_is_offered_a_sentence_of_who_serves_where(carol, ito, sato, suzuki):
    page = logged_in(carol).get(texts_url()).content.decode()
    sentence = (
        "本市では、第1層の生活支援コーディネーターを高齢者支援課に1人、"
        "第2層の生活支援コーディネーターを地域包括支援センター2か所に計2人配置しています。"
    )
    assert sentence in page
    assert "担当者の配置から作った文を下書きとして入れています" in page


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
@pytest.mark.parametrize("page", ["document", "texts", "report"])
def test_the_pages_cost_the_same_queries_for_two_centers_as_for_eight(
    carol, center_a, page, closed
):
    """Each 所属 adds a row, a text and figures, never a query (aggregated in the database)."""
    client = logged_in(carol)
    url = reverse(f"reports:{page}") + "?period=R6上半期"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def write_all():
        for center in Center.objects.all():
            ReportText.objects.get_or_create(
                fiscal_year=2024,
                half=1,
                center=center,
                section=Section.MAIN_WORK,
                defaults={"text": f"○{center.name}の取組", "updated_by": carol},
            )

    write_all()
    if closed:
        close(client)
    two = queries()
    if closed:
        HalfYearClosing.objects.all().delete()
    for _ in range(6):
        CenterFactory()
    write_all()
    if closed:
        close(client)
    assert queries() == two


def test_a_closed_centre_that_wrote_nothing_is_not_shown_last_years_text(alice, carol, center_a):
    client = logged_in(alice)
    write(client, texts_url(period="R5上半期"), main_work="○前年度の取組")
    close(logged_in(carol), center_a.pk)
    for url in (texts_url(), reverse("reports:report") + "?period=R6上半期"):
        page = client.get(url).content.decode()
        assert "締めたため" in page
        assert "○前年度の取組" not in page


def test_fixing_is_refused_from_a_page_of_an_older_version(carol, center_a, division_center):
    division = logged_in(carol)
    close(division)
    closing = HalfYearClosing.objects.get(center__isnull=True)
    division.post(reverse("reports:reopen", args=[closing.pk]), {"reason": "追加"})
    close(division)  # 第2版
    assert "確定する" not in division.get(document_url(version=1)).content.decode()
    assert "確定する" in division.get(document_url()).content.decode()
    stale = division.post(
        reverse("reports:fix_document") + "?period=R6上半期", {"version": "1"}, follow=True
    )
    assert "表示していた第1版の後に第2版が公表されています" in stale.content.decode()
    assert not PublishedReport.objects.filter(document_fixed_at__isnull=False).exists()
