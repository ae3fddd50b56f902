import django_tables2 as tables

from coordinators.models import Activity
from coordinators.periods import wareki_date


class ActivityTable(tables.Table):
    date = tables.Column(linkify=True, attrs={"td": {"class": "nowrap"}})
    start_time = tables.TimeColumn(format="H:i", verbose_name="開始")
    duration_minutes = tables.Column(verbose_name="分", attrs={"td": {"class": "number"}})
    coordinators = tables.ManyToManyColumn(verbose_name="担当者", separator="、", orderable=False)
    resource = tables.Column(verbose_name="訪問先")
    center = tables.Column(attrs={"td": {"class": "nowrap"}})
    category = tables.Column(attrs={"td": {"class": "nowrap"}})

    class Meta:
        model = Activity
        fields = (
            "date",
            "start_time",
            "duration_minutes",
            "center",
            "category",
            "form",
            "coordinators",
            "resource",
            "place",
            "participants",
            "description",
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
