"""The list filters every list page shares: a 年度・半期 typed in 和暦 narrows each list by its
own date field."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import consult, record
from tests.factories import SocialResourceFactory
from tests.page_forms import form_in, post_data

pytestmark = pytest.mark.django_db


def test_period_narrows_the_consultation_list_by_its_received_date(client_for, carol, alice, sato):
    consult(alice, sato, day=date(2024, 6, 10), summary="上半期の相談")
    consult(alice, sato, day=date(2024, 10, 7), summary="下半期の相談")
    url = reverse("coordinators:consultation_list")
    first = client_for(carol).get(url, {"period": "R6上半期"})
    assert first.status_code == 200
    assert len(first.context["table"].rows) == 1
    second = client_for(carol).get(url, {"period": "令和6年度下半期", "export": "csv"})
    assert second.status_code == 200
    assert "2024-10-07" in second.content.decode("utf-8-sig") or "令和6年10月7日" in (
        second.content.decode("utf-8-sig")
    )


def test_period_narrows_the_activity_list_by_its_date(client_for, carol, alice, sato):
    record(alice, [sato], day=date(2024, 9, 30), description="上半期の終わり")
    record(alice, [sato], day=date(2024, 10, 1), description="下半期の初め")
    page = client_for(carol).get(reverse("coordinators:activity_list"), {"period": "2024H2"})
    assert page.status_code == 200
    descriptions = [row.record.description for row in page.context["table"].rows]
    assert descriptions == ["下半期の初め"]


@pytest.mark.parametrize(
    ("url_name", "add"),
    [
        ("coordinators:activity_list", lambda user, who, day: record(user, [who], day=day)),
        ("coordinators:consultation_list", lambda user, who, day: consult(user, who, day=day)),
    ],
)
def test_a_list_opened_without_a_period_is_of_this_fiscal_year_and_says_so(
    client_for, alice, sato, season_2024, url_name, add
):
    # issue 22: unbounded, the count and a 内容 search read the whole history on every view
    add(alice, sato, date(2024, 4, 1))
    add(alice, sato, date(2024, 3, 29))  # 令和5年度
    url = reverse(url_name)

    client = client_for(alice)
    page = client.get(url)
    assert len(page.context["table"].rows) == 1
    assert 'placeholder="今年度（令和6年度）"' in page.content.decode()
    assert "期間も日付も空なら今年度" in page.content.decode()

    # dates typed into the form as the page drew it: the default is not sent back with them
    # (it was, and cut last year's dates down to nothing: found by a review)
    form = form_in(page.content.decode(), url, url)
    since = client.get(url, post_data(form.values(date_from="R6.3.1", date_to="R6.3.31")))
    assert len(since.context["table"].rows) == 1
    # and only date_to typed: no 年度 is added either
    until = client.get(url, {"date_to": "R6.4.30"})
    assert len(until.context["table"].rows) == 2

    download = client.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(download.content))["条件"]
    shown = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert shown["期間（年度・半期）"] == "令和6年度（期間・日付の指定なし）"
    csv = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "令和6年4月1日" in csv
    assert "令和6年3月29日" not in csv


def test_the_visit_filter_takes_a_typed_name_as_the_type_ahead_offers_it(
    client_for, carol, alice, sato, area_a, area_b, season_2024
):
    east = SocialResourceFactory(name="ふれあいサロン", area=area_a)
    west = SocialResourceFactory(name="ふれあいサロン", area=area_b)
    record(alice, [sato], resource=east, description="東のサロン")
    record(alice, [sato], resource=west, description="西のサロン")
    url = reverse("coordinators:activity_list")

    page = client_for(carol).get(url, {"resource": west.qualified_name})
    assert [row.record.description for row in page.context["table"].rows] == ["西のサロン"]
    # the type-ahead (fetched when the box is first used) offers both, each with its 圏域
    assert 'data-src="/resources/options/"' in page.content.decode()
    offered = client_for(carol).get(reverse("coordinators:resource_options")).content.decode()
    assert f'<option value="{east.qualified_name}">' in offered
    assert f'<option value="{west.qualified_name}">' in offered

    unknown = client_for(carol).get(url, {"resource": "どこにもない場所"})
    assert unknown.status_code == 200
    assert "「どこにもない場所」は社会資源に登録されていません。" in unknown.content.decode()
    assert "has-error" in unknown.content.decode()


def test_the_list_counts_its_rows_once_for_the_totals_and_the_pages(
    client_for, alice, sato, season_2024
):
    # issue 22: 「全n件」 comes from the 区分 totals above the table, not a second scan
    for category in (1, 2, 2):
        record(alice, [sato], day=date(2024, 6, 10), category=category)
    with CaptureQueriesContext(connection) as queries:
        page = client_for(alice).get(reverse("coordinators:activity_list"))
    assert page.context["table"].paginator.count == page.context["grand_total"] == 3
    assert "全3件" in page.content.decode()
    counted = [q["sql"] for q in queries.captured_queries if "coordinators_activity" in q["sql"]]
    # the 区分 totals are one grouped COUNT(*); a paginator's count would be a second, ungrouped
    assert not any("COUNT(*)" in sql and "GROUP BY" not in sql for sql in counted)
    assert sum("COUNT(*)" in sql for sql in counted) == 1


def test_one_days_records_keep_the_order_they_were_entered_in(client_for, alice, sato):
    # The lists sorted by date alone left one day's records in whatever order the database's
    # plan gave, which an index could change between two views (found with issue 22's index).
    made = [record(alice, [sato], day=date(2024, 6, 10), description=f"記録{n}") for n in range(4)]
    made += [record(alice, [sato], day=date(2024, 6, 11), description="翌日")]
    consulted = [consult(alice, sato, day=date(2024, 6, 10)) for _ in range(3)]
    client = client_for(alice)

    def shown(url, **params):
        # which order ties come back in without a tie-breaker depends on the plan, which a
        # small test database does not show: the statement must name the id after the date
        with CaptureQueriesContext(connection) as ran:
            table = client.get(url, {"period": "R6上半期", **params}).context["table"]
            rows = [row.record.pk for row in table.rows]
        listed = [q["sql"] for q in ran.captured_queries if "LIMIT" in q["sql"]]
        assert any(
            re.search(r'ORDER BY "\w+"\."(date|received_on)" (ASC|DESC), "\w+"\."id"', sql)
            for sql in listed
        )
        return rows

    activities = reverse("coordinators:activity_list")
    newest_first = [made[4].pk] + [a.pk for a in reversed(made[:4])]
    assert shown(activities) == newest_first
    assert shown(activities, sort="date") == list(reversed(newest_first))
    consultations = reverse("coordinators:consultation_list")
    assert shown(consultations) == [c.pk for c in reversed(consulted)]
