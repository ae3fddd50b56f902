"""The half-year sign-off: 入力中 → 所属確認済 → 締め済, reopening with a reason."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordinators.activities.services import activity_create
from coordinators.closing import signoff_states
from coordinators.models import ActivityForm, HalfYearClosing
from tests.builders import category_of, make

pytestmark = pytest.mark.django_db


def states(*centers):
    return {s["center"].name: s["state"] for s in signoff_states(2024, 1, centers)}


def test_center_confirms_then_division_closes_then_reopens_with_reason(
    client_for, alice, carol, sato, center_a, center_b
):
    assert states(center_a, center_b) == {"センターA": "入力中", "センターB": "入力中"}
    client_for(alice).post(reverse("reports:confirm"), {"period": "2024H1"})
    assert states(center_a, center_b)["センターA"] == "所属確認済"

    division = client_for(carol)
    division.post(reverse("reports:close"), {"period": "2024H1", "center": center_a.pk})
    assert states(center_a, center_b) == {"センターA": "締め済", "センターB": "入力中"}
    with pytest.raises(ValidationError, match="締めた"):
        activity_create(
            user=alice,
            coordinators=[sato],
            date=date(2024, 6, 3),
            category=category_of(2),
            form=ActivityForm.objects.get(name="訪問"),
            description="遅れた記録",
        )

    closing = HalfYearClosing.objects.get()
    division.post(reverse("reports:reopen", args=[closing.pk]), {"reason": ""})
    assert states(center_a)["センターA"] == "締め済"  # no reason, no reopening
    division.post(reverse("reports:reopen", args=[closing.pk]), {"reason": "入力漏れの追加"})
    assert states(center_a)["センターA"] == "所属確認済"
    page = division.get(reverse("reports:report") + f"?period=2024H1&center={center_a.pk}")
    assert "理由: 入力漏れの追加" in page.content.decode()


def test_workbook_of_a_closed_half_year_carries_the_stamp(client_for, carol, center_a):
    carol.last_name = "山田"
    carol.save()
    division = client_for(carol)
    division.post(reverse("reports:close"), {"period": "2024H1", "center": "all"})
    content = division.get(reverse("reports:report") + "?period=2024H1&format=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["活動内容ごとの実施件数"]
    assert sheet.oddFooter.left.text.startswith("締め: 令和")
    assert sheet.oddFooter.left.text.endswith("山田")


def test_staff_cannot_open_the_closing_page_nor_close(client_for, alice, center_a):
    client = client_for(alice)
    assert client.get(reverse("reports:closing")).status_code == 403
    assert (
        client.post(reverse("reports:close"), {"period": "2024H1", "center": "all"}).status_code
        == 403
    )
    assert not HalfYearClosing.objects.exists()


def test_closing_a_fiscal_year_or_nonsense_is_explained(client_for, carol, center_a):
    division = client_for(carol)
    response = division.post(
        reverse("reports:close"), {"period": "2024", "center": "all"}, follow=True
    )
    assert "締めは半期ごとです" in response.content.decode()
    assert (
        division.post(reverse("reports:close"), {"period": "2024H1", "center": "x"}).status_code
        == 404
    )
    assert not HalfYearClosing.objects.exists()


def test_one_table_as_csv_and_a_missing_table_is_404(client_for, carol, center_a):
    import csv as csv_module

    division = client_for(carol)
    content = division.get(reverse("reports:report") + "?period=2024H1&format=csv&table=0")
    rows = list(csv_module.reader(io.StringIO(content.content.decode("utf-8-sig"))))
    assert rows[0][0] == "所属"
    assert rows[-1][0] == "合計"
    assert (
        division.get(reverse("reports:report") + "?period=2024H1&format=csv&table=99").status_code
        == 404
    )


def test_year_over_year_shows_the_difference(client_for, carol, alice, sato, center_a):
    for day in (date(2023, 5, 1), date(2024, 5, 1), date(2024, 5, 2), date(2024, 5, 3)):
        make(alice, sato, day=day, description="訪問")
    response = client_for(carol).get(reverse("reports:report") + "?period=2024H1")
    comparison = response.context["comparison"]
    row = next(r for r in comparison["rows"] if r["center"] == center_a)
    assert row["cells"][1] == (3, 1, 2)
    assert row["cells"][6] == (None, None, None)  # 2層支援 does not apply to tier 2
    assert "前年 1（+2）" in response.content.decode()
    # the 合計 row too: this year, last year and the difference (issue 19)
    assert comparison["totals"]["cells"][1] == (3, 1, 2)
    assert comparison["totals"]["total"] == (3, 1, 2)
    tfoot = response.content.decode().split("<tfoot>")[2].split("</tfoot>")[0]
    assert "3<br><small>前年 1（+2）</small>" in tfoot
    visits_link = "?period=2024H1&amp;visit=on"
    assert visits_link in response.content.decode()
