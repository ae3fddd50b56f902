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
        fields = ("name", "kana", "staff_number")
        empty_text = "担当者はいません。"
        attrs = {"class": "table"}

    def __init__(self, *args, day, **kwargs):
        self.day = day
        super().__init__(*args, **kwargs)

    def _current(self, record):
        # assignments are prefetched by the selector: memory, not the database
        return record.assignments_on(self.day)

    def render_current_center(self, record):
        current = self._current(record)
        if not current:
            return "（在任なし）"
        return "、".join(a.center.name + ("（兼務）" if a.is_concurrent else "") for a in current)

    def render_current_tier(self, record):
        return "、".join(a.get_tier_display() for a in self._current(record)) or "—"

    def render_since(self, record):
        return "、".join(wareki_date(a.start_date) for a in self._current(record)) or "—"
