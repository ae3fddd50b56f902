import django_tables2 as tables

from coordinators.models import Coordinator
from coordinators.periods import wareki_date


class CoordinatorTable(tables.Table):
    name = tables.Column(linkify=True)
    current_center = tables.Column(verbose_name="現在の所属", empty_values=(), orderable=False)
    current_tier = tables.Column(verbose_name="層", empty_values=(), orderable=False)
    since = tables.Column(verbose_name="所属開始日", empty_values=(), orderable=False)

    class Meta:
        model = Coordinator
        fields = ("name", "kana")
        empty_text = "担当者はいません。"
        attrs = {"class": "table"}

    def __init__(self, *args, day, **kwargs):
        self.day = day
        super().__init__(*args, **kwargs)

    def _current(self, record):
        # assignments are prefetched by the selector, so this reads memory, not the database
        return next((a for a in record.assignments.all() if a.is_current_on(self.day)), None)

    def render_current_center(self, record):
        current = self._current(record)
        return current.center.name if current else "（在任なし）"

    def render_current_tier(self, record):
        current = self._current(record)
        return current.get_tier_display() if current else "—"

    def render_since(self, record):
        current = self._current(record)
        return wareki_date(current.start_date) if current else "—"
