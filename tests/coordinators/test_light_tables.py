"""The list pages draw their rows from a plain template (issue 22: django-tables2's cell
machinery took ~100 ms for 50 rows). The table classes stay the definition of the columns:
each light template must write exactly the cells django-tables2's own template writes, for
every kind of value (empty, several people, a quantity, text needing escapes)."""

import re
from datetime import time

from django.test import RequestFactory
from django.test.html import parse_html
from django_tables2 import RequestConfig

from coordinators.activities.selectors import activities_for_user
from coordinators.activities.tables import ActivityTable
from coordinators.consultations.selectors import consultations_for_user
from coordinators.consultations.tables import ConsultationTable
from coordinators.models import ActivityForm
from coordinators.resources.selectors import resources_for_user
from coordinators.resources.tables import SocialResourceTable
from tests.builders import consult, make
from tests.factories import AssignmentFactory, SocialResourceFactory

STOCK_TEMPLATE = "django_tables2/sasaeai.html"


def body(table_class, rows, user, template=None):
    """The <tbody> of `rows` drawn by the table's own template, or by `template`, without the
    even/odd classes django-tables2 puts on each <tr> (the CSS stripes by nth-child)."""
    request = RequestFactory().get("/")
    request.user = user
    table = table_class(rows)
    if template:
        table.template_name = template
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    html = table.as_html(request)
    tbody = re.search(r"<tbody.*?</tbody>", html, re.S).group(0)
    return parse_html(re.sub(r'<tr class="(even|odd)">', "<tr>", tbody))


def assert_same_cells(table_class, rows, user):
    assert table_class._meta.template_name != STOCK_TEMPLATE
    light = body(table_class, rows, user)
    assert light == body(table_class, rows, user, template=STOCK_TEMPLATE)
    return str(light)


def test_activity_rows_are_the_cells_django_tables2_writes(alice, sato, center_a, resource_a):
    tanaka = AssignmentFactory(coordinator__name="田中 一郎", center=center_a).coordinator
    newsletter = ActivityForm.objects.get(name="広報誌・チラシ発行")
    make(alice, sato, start_time=time(9, 5), duration_minutes=90, resource=resource_a)
    make(alice, sato, description='<b>"家族" & サロン</b>', participants=0, place="公民館")
    make(alice, tanaka, form=newsletter, quantity=500, duration_minutes=5)
    make(alice, sato, form=newsletter, quantity=0).coordinators.add(tanaka)
    rows = activities_for_user(alice).order_by("pk")

    shown = assert_same_cells(ActivityTable, rows, alice)

    assert "09:05" in shown
    assert "500部" in shown
    assert "\n0部\n" in shown
    assert "&lt;b&gt;&quot;家族&quot; &amp; サロン&lt;/b&gt;" in shown


def test_no_activity_says_so_across_the_table(alice):
    shown = assert_same_cells(ActivityTable, activities_for_user(alice), alice)
    assert "条件に合う活動記録はありません。" in shown


def test_consultation_rows_are_the_cells_django_tables2_writes(alice, sato, resource_a):
    consult(
        alice,
        sato,
        subject_age=61,
        subject_sex="female",
        care_level="support1",
        summary="通いの場 <探す> & 相談",
        outcome="社会資源につないだ",
        resource=resource_a,
    )
    consult(alice, sato)
    rows = consultations_for_user(alice).order_by("pk")

    shown = assert_same_cells(ConsultationTable, rows, alice)

    assert "要支援1" in shown
    assert "&lt;探す&gt; &amp; 相談" in shown


def test_resource_rows_are_the_cells_django_tables2_writes(alice, area_a):
    SocialResourceFactory(
        name="東町 <サロン>", operator="町会", schedule="毎週水曜", is_subsidised=True
    )
    SocialResourceFactory(name="圏域のない場", area=None, town=None, state="ended")
    rows = resources_for_user(alice).order_by("pk")

    shown = assert_same_cells(SocialResourceTable, rows, alice)

    assert "東町 &lt;サロン&gt;" in shown
    assert "○" in shown
    assert "外" in shown
