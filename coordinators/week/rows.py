"""The week page's rows of records and last week's copy list, written here instead of in
week.html (issue 22).

A busy week shows ~100 records and last week's ~100 again; Django's template engine spent
17 ms (SQLite) to 21 ms (PostgreSQL) walking the ~40 nodes of each row. Here each row is one
f-string: every text from a record goes through html.escape (what Django's escape does, without
its check for lazy strings, which these never are; format_html's took ~5 ms a page). What is
drawn for one record per page stays a template: the record being changed (week.html) and the
one whose 「コピー・テンプレート」 forms are open (coordinators/_entry_more.html).
tests/coordinators/week/test_rows.py compares every row with the template it replaced
(escaping, empty values, several 担当者, a meeting's record)."""

from html import escape

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from coordinators.recordkeeping.single_submission import form_guard_fields
from coordinators.table_rows import pk_url


class WeekRows:
    """Writes the rows of one week page: `entry(activity)` a row of the day tables,
    `last_week_item(activity)` a line of 「先週の記録をコピー」. Activities come from
    week_entries_for_user (with attach_coordinator_names) and activity_lines_for_user, both
    with attach_meetings; `more_id` is the record whose copy and template forms are open
    (?more=)."""

    def __init__(self, request, center, more_id=None):
        self.request = request
        self.week_url = reverse("coordinators:week")
        self.center_pk = center.pk
        self.more_id = more_id
        self.delete_url = pk_url("coordinators:activity_delete")
        self.resource_url = pk_url("coordinators:resource_detail")

    def _link(self, a, action):
        return escape(
            f"{self.week_url}?center={self.center_pk}&date={a.date.isoformat()}"
            f"&{action}={a.pk}#activity-{a.pk}"
        )

    def entry(self, a):
        """One record as a row of its day's table -> SafeString (<tr>…</tr>)."""
        time = a.start_time.strftime("%H:%M") if a.start_time else ""
        if a.duration_minutes:
            time += f"<br><small>{a.duration_minutes}分</small>"
        form = escape(a.form.name)
        if a.quantity is not None:
            form += f"<br><small>{a.quantity}{escape(a.form.quantity_unit)}</small>"
        people = "、".join(
            f'<span class="person">{escape(name)}</span>' for name in a.coordinator_names
        )
        where = ""
        if a.resource_id:
            where = f'<a href="{self.resource_url(a.resource_id)}">{escape(a.resource.name)}</a>'
            if a.place:
                where += "<br>"
        participants = "" if a.participants is None else a.participants
        return mark_safe(
            f'<tr id="activity-{a.pk}"><td class="nowrap">{time}</td>'
            f'<td><span class="category category-{a.category_id}">'
            f"{escape(a.category.label)}</span></td>"
            f"<td>{form}</td><td>{people}</td><td>{where}{escape(a.place)}</td>"
            f"<td>{escape(a.description)}</td>"
            f'<td class="number">{participants}</td>'
            f'<td class="actions-cell">{self._actions(a)}</td></tr>\n'
        )

    def _actions(self, a):
        if a.meeting_list:
            # a meeting's record is changed, and copied, from the meeting's page (issue 14)
            return "".join(
                f'<a href="{escape(meeting.get_absolute_url())}">会議の記録で変更</a>'
                for meeting in a.meeting_list
            )
        if a.pk == self.more_id:
            more = render_to_string(
                "coordinators/_entry_more.html", {"a": a, "request": self.request}
            )
        else:  # drawn when asked for: a busy week had 300 forms (issue 22)
            more = f'<a href="{self._link(a, "more")}">コピー・テンプレート</a>'
        return (
            f'<a href="{self._link(a, "edit")}">編集</a> '
            f'<form method="post" action="{self.delete_url(a.pk)}" class="inline-form" '
            f'data-confirm="この記録を削除しますか？">{form_guard_fields(self.request)}'
            f'<button type="submit" class="link-button danger">削除</button></form> {more}'
        )

    def last_week_item(self, a):
        """One of last week's records in the copy list -> SafeString (<li>…</li>): a meeting's
        shown with a link to it and no box; a record already copied to this week (`copied`)
        or made from a template (`scheduled`) left unticked with a badge saying why."""
        # the description cut as the template filter truncatechars:24 cuts it
        title = (
            f"{a.date.month}/{a.date.day} {escape(a.category.label)} "
            f"{escape(Truncator(a.description).chars(24))}"
        )
        if a.of_meeting:
            links = "".join(
                f' <a class="badge badge-ended" href="{escape(meeting.get_absolute_url())}">'
                "会議の記録</a>"
                for meeting in a.meeting_list
            )
            return mark_safe(f"<li>{title}{links}</li>\n")
        ticked, badge = " checked", ""
        if a.copied:
            ticked, badge = "", ' <span class="badge badge-ended">コピー済</span>'
        elif a.scheduled:
            ticked, badge = "", ' <span class="badge badge-ended">今週の予定</span>'
        return mark_safe(
            f'<li><label><input type="checkbox" name="activity" value="{a.pk}"{ticked}> '
            f"{title}{badge}</label></li>\n"
        )
