from functools import cached_property
from html import escape

import django_tables2 as tables
from django.db.models import Count

from coordinators.models import Activity, Coordinator, SocialResource
from coordinators.periods import wareki_date
from coordinators.table_rows import DASH, pk_url, shown, tbody


class ActivityTable(tables.Table):
    """The 活動記録一覧 and its downloads. The columns are, in order and by name, those of the
    records import's sheet 活動記録, then 数量, and 記録ID last in the files only (hidden on
    screen): a downloaded list corrected in Excel uploads back at 「記録取込」 and changes
    exactly the records it names (issue 16). 記録ID is `<pk>-<version>` from the export's queryset
    (annotated with the newest change-history id, see ActivityListView)."""

    # records of one day in the order they were entered (the id), so that the database's
    # choice of index never reorders them between two views or pages
    date = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}}, order_by=("date", "pk"))
    start_time = tables.TimeColumn(format="H:i", verbose_name="開始時刻")
    duration_minutes = tables.Column(
        verbose_name="所要時間（分）", attrs={"td": {"class": "number"}}
    )
    coordinators = tables.ManyToManyColumn(verbose_name="担当者", separator="、", orderable=False)
    resource = tables.Column(verbose_name="訪問先")
    center = tables.Column(attrs={"td": {"class": "nowrap"}})
    quantity = tables.Column(verbose_name="数量", attrs={"td": {"class": "number"}})
    category = tables.Column(attrs={"td": {"class": "nowrap"}})
    record_id = tables.Column(
        verbose_name="記録ID", visible=False, orderable=False, empty_values=(), accessor="pk"
    )

    class Meta:
        model = Activity
        fields = (
            "date",
            "start_time",
            "duration_minutes",
            "center",
            "coordinators",
            "category",
            "form",
            "resource",
            "place",
            "participants",
            "description",
            "quantity",
            "record_id",
        )
        order_by = ("-date",)
        empty_text = "条件に合う活動記録はありません。"
        attrs = {"class": "table"}
        # the rows drawn straight from the records, the columns as above (issue 22)
        template_name = "coordinators/tables/activities.html"

    def body_html(self):
        """This page's rows written from the records (table_rows, issue 22): the cells the
        columns above write on screen -> SafeString."""
        record_url = pk_url("coordinators:activity_detail")

        def row(a):
            start = a.start_time.strftime("%H:%M") if a.start_time else DASH
            people = "、".join(escape(str(c)) for c in a.coordinators.all()) or DASH
            quantity = DASH
            if a.quantity is not None:
                quantity = f"{a.quantity}{escape(a.form.quantity_unit)}"
            return (
                f'<tr><td class="nowrap"><a href="{record_url(a.pk)}">{wareki_date(a.date)}</a>'
                f'</td><td>{start}</td><td class="number">{shown(a.duration_minutes, (None,))}'
                f'</td><td class="nowrap">{escape(str(a.center))}</td><td>{people}</td>'
                f'<td class="nowrap">{escape(str(a.category))}</td><td>{escape(str(a.form))}</td>'
                f"<td>{shown(a.resource, (None,))}</td><td>{shown(a.place)}</td>"
                f"<td>{shown(a.participants, (None,))}</td><td>{shown(a.description)}</td>"
                f'<td class="number">{quantity}</td></tr>'
            )

        return tbody(self, row)

    def render_date(self, value):
        return wareki_date(value)

    def value_date(self, value):
        return value

    def value_start_time(self, value):
        # the time itself: a time cell in Excel, 10:00 in CSV (exports.shown_text)
        return value

    @cached_property
    def _namesakes(self):
        """{model: {pk: 「佐藤 花子（1023）」}} of the people and places whose name another
        shares: a file written with the plain name would, imported back, take the one of the
        row's 所属 (issue 20). Two queries per file, whatever its rows."""
        found = {}
        for model, related in ((Coordinator, ()), (SocialResource, ("area",))):
            shared = (
                model.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1).values("name")
            )
            found[model] = {
                row.pk: row.qualified_name
                for row in model.objects.filter(name__in=shared).select_related(*related)
            }
        return found

    def value_coordinators(self, record):
        shown = self._namesakes[Coordinator]
        return "、".join(shown.get(c.pk, c.name) for c in record.coordinators.all())

    def value_resource(self, value):
        if value is None:
            return ""
        return self._namesakes[SocialResource].get(value.pk, value.name)

    def render_quantity(self, value, record):
        return f"{value}{record.form.quantity_unit}"

    def value_quantity(self, value):
        return value

    def value_record_id(self, record):
        return f"{record.pk}-{getattr(record, 'version', None) or 0}"
