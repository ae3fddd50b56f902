# ruff: noqa: E501 (the reference templates keep week.html's long lines)
"""The week page writes its record rows and last week's copy list in Python (issue 22:
coordinators/week/rows.py). They must say exactly what week.html's rows said, for every kind
of value: the template they replaced is kept here as the reference."""

import re
from datetime import time, timedelta

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse

from coordinators.activities.selectors import activities_for_user
from coordinators.models import ActivityForm
from tests.builders import MONDAY, make, record_meeting
from tests.factories import AssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("season_2024")]

# week.html's row before issue 22, as it was drawn for a record not being changed
ROW = Template(
    """{% load l10n wareki %}{% localize off %}{% for a in entries %}
<tr id="activity-{{ a.pk }}">
  <td class="nowrap">{% if a.start_time %}{{ a.start_time|time:"H:i" }}{% endif %}{% if a.duration_minutes %}<br><small>{{ a.duration_minutes }}分</small>{% endif %}</td>
  <td><span class="category category-{{ a.category_id }}">{{ a.category.label }}</span></td>
  <td>{{ a.form }}{% if a.quantity is not None %}<br><small>{{ a.quantity }}{{ a.form.quantity_unit }}</small>{% endif %}</td>
  <td>{% for c in a.coordinators.all %}<span class="person">{{ c.name }}</span>{% if not forloop.last %}、{% endif %}{% endfor %}</td>
  <td>{% if a.resource %}<a href="{{ a.resource.get_absolute_url }}">{{ a.resource }}</a>{% endif %}{% if a.resource and a.place %}<br>{% endif %}{{ a.place }}</td>
  <td>{{ a.description }}</td>
  <td class="number">{{ a.participants|default_if_none:"" }}</td>
  <td class="actions-cell">{% with meetings=a.meeting_list %}
    {% for meeting in meetings %}<a href="{{ meeting.get_absolute_url }}">会議の記録で変更</a>{% empty %}
    <a href="{{ week_url }}?center={{ center.pk }}&amp;date={{ a.date.isoformat }}&amp;edit={{ a.pk }}#activity-{{ a.pk }}">編集</a>
    <form method="post" action="{% url 'coordinators:activity_delete' a.pk %}" class="inline-form" data-confirm="この記録を削除しますか？">{% form_guard %}<button type="submit" class="link-button danger">削除</button></form>{% endfor %}
    {% if not meetings %}<a href="{{ week_url }}?center={{ center.pk }}&amp;date={{ a.date.isoformat }}&amp;more={{ a.pk }}#activity-{{ a.pk }}">コピー・テンプレート</a>{% endif %}
  {% endwith %}</td>
</tr>{% endfor %}{% endlocalize %}"""
)

# and its line of 「先週の記録をコピー」
LAST_WEEK_ITEM = Template(
    """{% load l10n %}{% localize off %}{% for a in last_week %}
{% if a.of_meeting %}
<li>{{ a.date.month }}/{{ a.date.day }} {{ a.category.label }} {{ a.description|truncatechars:24 }} {% for meeting in a.meeting_list %}<a class="badge badge-ended" href="{{ meeting.get_absolute_url }}">会議の記録</a>{% endfor %}</li>
{% else %}
<li><label><input type="checkbox" name="activity" value="{{ a.pk }}"{% if not a.copied and not a.scheduled %} checked{% endif %}> {{ a.date.month }}/{{ a.date.day }} {{ a.category.label }} {{ a.description|truncatechars:24 }}{% if a.copied %} <span class="badge badge-ended">コピー済</span>{% elif a.scheduled %} <span class="badge badge-ended">今週の予定</span>{% endif %}</label></li>
{% endif %}{% endfor %}{% endlocalize %}"""
)

TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|submit_token)" value=")[^"]*"')


def same_html(text):
    return parse_html(TOKENS.sub(r'\1"', text))


def rows_of(page):
    return "".join(re.findall(r'<tr id="activity-\d+">.*?</tr>', page, re.S))


def week_page(client):
    response = client.get(reverse("coordinators:week") + f"?date={MONDAY.isoformat()}")
    return response.content.decode(), response.context


@pytest.fixture
def varied_week(alice, sato, center_a, resource_a, care_meeting_council):
    """Records with every kind of value a row shows: times, a quantity of 0, several 担当者,
    text needing escapes, a 訪問先 with and without a place, a meeting's record."""
    tanaka = AssignmentFactory(coordinator__name="田中 <一郎>", center=center_a).coordinator
    newsletter = ActivityForm.objects.get(name="広報誌・チラシ発行")
    made = [
        make(alice, sato, start_time=time(9, 5), duration_minutes=90, resource=resource_a),
        make(alice, sato, description='<b>"家族" & サロン</b>', participants=0, place="公民館"),
        make(alice, tanaka, form=newsletter, quantity=0, duration_minutes=5),
        make(alice, sato, resource=resource_a, place="集会所 2F", participants=1234),
        make(alice, sato, day=MONDAY - timedelta(days=7), description="あ" * 30),
    ]
    made[2].coordinators.add(sato)
    record_meeting(alice, care_meeting_council, [sato], day=MONDAY + timedelta(days=2))
    record_meeting(alice, care_meeting_council, [sato], day=MONDAY - timedelta(days=5))
    return made


def test_each_record_row_is_the_row_the_template_wrote(client_for, alice, center_a, varied_week):
    page, context = week_page(client_for(alice))
    entries = list(
        activities_for_user(alice)
        .filter(date__range=(MONDAY, MONDAY + timedelta(days=6)))
        .order_by("date", "start_time", "pk")
    )
    for entry in entries:  # what the template read
        entry.meeting_list = list(entry.meetings.all())
    reference = ROW.render(
        Context(
            {
                "entries": entries,
                "center": center_a,
                "week_url": reverse("coordinators:week"),
                "request": context["request"],
            }
        )
    )

    assert len(entries) == 5
    assert same_html(rows_of(page)) == same_html(reference)
    assert "&lt;b&gt;&quot;家族&quot; &amp; サロン&lt;/b&gt;" in page
    assert "田中 &lt;一郎&gt;" in page
    assert "1234" in page  # not 1,234: ids and numbers are written without the locale


def test_last_weeks_lines_are_the_lines_the_template_wrote(client_for, alice, varied_week):
    page, context = week_page(client_for(alice))
    card = page[page.index('<ul class="check-list">') : page.index("</ul>")]

    assert same_html(card + "</ul>") == same_html(
        '<ul class="check-list">'
        + LAST_WEEK_ITEM.render(Context({"last_week": context["last_week"]}))
        + "</ul>"
    )
    assert "あ" * 23 + "…" in card
    assert "会議の記録</a>" in card


def test_the_opened_records_copy_and_template_forms_are_in_its_row(client_for, alice, sato):
    entry = make(alice, sato, description='<i>"毎週"</i> サロン')
    url = reverse("coordinators:week") + f"?date={MONDAY.isoformat()}&more={entry.pk}"
    page = client_for(alice).get(url).content.decode()
    row = rows_of(page)

    assert reverse("coordinators:activity_copy", args=[entry.pk]) in row
    assert reverse("coordinators:template_create", args=[entry.pk]) in row
    assert 'value="毎週月曜 &lt;i&gt;&quot;毎週&quot;&lt;/i&gt; サロン"' in row
    assert row.count('name="submit_token"') == 3  # 削除, コピー, テンプレート: one token each
