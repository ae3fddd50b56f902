import django_tables2 as tables

from coordinators.models import Activity
from coordinators.periods import wareki_date


class ActivityTable(tables.Table):
    """The 活動記録一覧 and its downloads. The columns are, in order and by name, those of the
    records import's sheet 活動記録, then 数量, and 記録ID last in the files only (hidden on
    screen): a downloaded list corrected in Excel uploads back at 「記録取込」 and changes
    exactly the records it names (issue 16). 記録ID is `<pk>-<version>` from the export's queryset
    (annotated with the newest change-history id, see ActivityListView)."""

    date = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}})
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

    def render_date(self, value):
        return wareki_date(value)

    def value_date(self, value):
        return value

    def value_start_time(self, value):
        # the time itself: a time cell in Excel, 10:00 in CSV (exports.shown_text)
        return value

    def value_coordinators(self, record):
        return "、".join(coordinator.name for coordinator in record.coordinators.all())

    def render_quantity(self, value, record):
        return f"{value}{record.form.quantity_unit}"

    def value_quantity(self, value):
        return value

    def value_record_id(self, record):
        return f"{record.pk}-{getattr(record, 'version', None) or 0}"
