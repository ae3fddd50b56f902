"""Sheet 相談記録 of the records workbook: its columns and how a row becomes a consultation,
each checked by consultation_create's rules (the 所属 from the coordinator's assignment, own
所属 only for staff, closed half-years refused) and all written in bulk (issue 16), a row
identical to a live record being 記録済み (issue 14).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from coordinators.activities.record_rules import Post
from coordinators.consultations.batches import ConsultationBatch
from coordinators.models import (
    CareLevel,
    Center,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    Coordinator,
    Sex,
)
from coordinators.text import fold

from .row_rules import all_taken, content_key, create_new_rows, own_center_only
from .typed_cells import Registers, clean_row, named_cell, names_cell, number_cell
from .workbook import Cells, RowError, cell_text, date_cell

CONSULTATION_SHEET = "相談記録"
CONSULTATION_COLUMNS = (
    "受付日",
    "所属",
    "担当者",
    "相談経路",
    "相談者種別",
    "相談内容",
    "対応結果",
    "年齢",
    "性別",
    "要介護度",
    "概要",
)
CONSULTATION_COLUMN_OF_FIELD = {
    "received_on": "受付日",
    "coordinator": "担当者",
    "route": "相談経路",
    "consulter_type": "相談者種別",
    "topics": "相談内容",
    "outcome": "対応結果",
    "resource": "対応結果",
    "subject_age": "年齢",
    "subject_sex": "性別",
    "care_level": "要介護度",
    "summary": "概要",
}


def _label_choice(choices, value, column):
    text = cell_text(value)
    if not text:
        return ""
    for choice in choices:
        if fold(text) == fold(choice.label):  # 要支援１ is 要支援1
            return choice.value
    labels = "・".join(choice.label for choice in choices)
    raise RowError(column, f"{labels} のどれかを入力してください（入力: {text}）。")


# What makes two consultations the same content (issue 14), by field and the stored column.
CONTENT_FIELDS = {
    "received_on": "received_on",
    "route": "route_id",
    "consulter_type": "consulter_type_id",
    "outcome": "outcome_id",
    "subject_age": "subject_age",
    "subject_sex": "subject_sex",
    "care_level": "care_level",
    "summary": "summary",
}


def _live_contents(rows):
    """Counter of the contents (content_key) of the live consultations that new rows could
    repeat: those of the rows' 所属 within their dates, in two queries."""
    centers = {row.center.pk for row in rows}
    days = [row.fields["received_on"] for row in rows]
    stored = Consultation.objects.filter(
        center_id__in=centers, received_on__range=(min(days), max(days))
    )
    topics = defaultdict(set)
    field = Consultation._meta.get_field("topics")
    links = field.remote_field.through.objects.filter(consultation__in=stored.values("pk"))
    for consultation_id, topic_id in links.values_list(
        "consultation_id", f"{field.m2m_reverse_field_name()}_id"
    ):
        topics[consultation_id].add(topic_id)
    names = list(CONTENT_FIELDS)
    return Counter(
        content_key(
            center_id,
            coordinator_id,
            frozenset(topics[pk]),
            **dict(zip(names, values, strict=True)),
        )
        for pk, center_id, coordinator_id, *values in stored.values_list(
            "pk", "center_id", "coordinator_id", *CONTENT_FIELDS.values()
        )
    )


@dataclass
class _Row:
    """A 相談記録 row as read: its index in the sheet, 所属, Coordinator, [ConsultationTopic]
    and the Consultation fields."""

    index: int
    center: Center
    coordinator: Coordinator
    topics: list
    fields: dict

    @property
    def key(self):
        topics = frozenset(topic.pk for topic in self.topics)
        return content_key(self.center, self.coordinator, topics, **self.fields)


class ConsultationRows:
    """run_import's importer of sheet 相談記録 for `user`, of the deferred kind.

    Called with each row (a tuple of cells in CONSULTATION_COLUMNS order) -> None: the row is
    read and kept, or RowErrors for its bad cells. finish(write=bool) -> [(index, "created" |
    "already_recorded" or the row's RowError/RowErrors)], each row checked by
    consultation_create's rules and all written in bulk (ConsultationBatch) only when `write`
    and no row was refused. Center staff: own 所属 only.
    """

    def __init__(self, user):
        self.user = user
        self.names = Registers()
        self.rows = []

    def _named(self, model, value, column):
        return named_cell(self.names.of(model), value, column, column, required=True)

    def __call__(self, row, index):
        row = clean_row(row)
        names, named = self.names, self._named
        cell = Cells()
        day = cell(date_cell, row[0], "受付日", required=True)
        center = cell(named_cell, names.of(Center), row[1], "所属", "所属", required=True)
        coordinator = cell(
            named_cell,
            names.coordinators_at(center, day),
            row[2],
            "担当者",
            "担当者",
            required=True,
        )
        fields = {
            "received_on": day,
            "route": cell(named, ConsultationRoute, row[3], "相談経路"),
            "consulter_type": cell(named, ConsulterType, row[4], "相談者種別"),
            "outcome": cell(named, ConsultationOutcome, row[6], "対応結果"),
            "subject_age": cell(number_cell, row[7], "年齢", 0, 130),
            "subject_sex": cell(_label_choice, Sex, row[8], "性別"),
            "care_level": cell(_label_choice, CareLevel, row[9], "要介護度"),
            # 概要 is several lines on the consultation's page too
            "summary": cell_text(row[10]),
        }
        topics = cell(names_cell, names.of(ConsultationTopic), row[5], "相談内容", "相談内容")
        cell(own_center_only, self.user, center)
        cell.check()
        self.rows.append(_Row(index, center, coordinator, topics, fields))

    def finish(self, *, write=True):
        if not self.rows:
            return []
        batch = ConsultationBatch(self.user)
        results = create_new_rows(
            self.rows,
            live=_live_contents(self.rows),
            add=lambda row: batch.add(
                coordinator=row.coordinator, topics=row.topics, post=Post(row.center), **row.fields
            ),
            columns=CONSULTATION_COLUMN_OF_FIELD,
        )
        if write and all_taken(results):
            batch.save()
        return results
