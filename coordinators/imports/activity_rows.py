"""Sheet 活動記録 of the records workbook: its columns and how its rows become activities.

Rows are read one by one (every bad cell of every row reported) and kept; finish() then
checks them all: rows with a 記録ID change the records they name by activity_update's rules
(record_ids, issue 16), the other rows become new activities by activity_create's rules, a row
identical to a live record the file does not name being 記録済み instead (issue 14); when no row
is refused, all is written in bulk (activities.batches.ActivityBatch). What a row refers to is
read once per import, not per row: names (Registers), the records its 記録ID names, the live
records it may repeat, assignments and closings.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from coordinators.activities.batches import ActivityBatch
from coordinators.activities.record_rules import Post
from coordinators.models import (
    Activity,
    ActivityForm,
    Center,
)

from .record_ids import (
    exported_activities,
    parse_record_id,
    unknown_record,
    update_from_row,
)
from .row_rules import (
    all_taken,
    content_key,
    create_new_rows,
    other_center,
    own_center_only,
    service_errors,
)
from .sheets import AddedColumn
from .typed_cells import (
    Registers,
    category_cell,
    clean_row,
    line_text,
    minutes_cell,
    named_cell,
    names_cell,
    number_cell,
    required_line,
    time_cell,
)
from .workbook import Cells, RowError, cell_text, date_cell

ACTIVITY_SHEET = "活動記録"
ACTIVITY_COLUMNS = (
    "日付",
    "開始時刻",
    "所要時間（分）",
    "所属",
    "担当者",
    "区分",
    "活動形態",
    "訪問先",
    "場所",
    "参加人数",
    "内容",
)
# Added after files were written without it; it follows 記録ID in an export (issue 19).
QUANTITY_COLUMN = AddedColumn("数量")
COLUMN_OF_FIELD = {
    "date": "日付",
    "start_time": "開始時刻",
    "duration_minutes": "所要時間（分）",
    "coordinators": "担当者",
    "category": "区分",
    "form": "活動形態",
    "resource": "訪問先",
    "place": "場所",
    "participants": "参加人数",
    "description": "内容",
    "quantity": QUANTITY_COLUMN,
}
# What makes two activities the same content (issue 14), by field and the stored column.
CONTENT_FIELDS = {
    "date": "date",
    "start_time": "start_time",
    "duration_minutes": "duration_minutes",
    "category": "category",
    "form": "form_id",
    "resource": "resource_id",
    "place": "place",
    "participants": "participants",
    "description": "description",
    "quantity": "quantity",
}


def _live_contents(rows, named=(), fields=CONTENT_FIELDS):
    """Counter of the contents (content_key) of the live activities that new rows could
    repeat: those of the rows' 所属 within their dates but the `named` pks, in two queries;
    fields: the CONTENT_FIELDS the file has (a file without 数量 compares without it)."""
    centers = {row.center.pk for row in rows}
    days = [row.fields["date"] for row in rows]
    stored = Activity.objects.filter(center_id__in=centers, date__range=(min(days), max(days)))
    people = defaultdict(set)
    links = Activity.coordinators.through.objects.filter(activity__in=stored.values("pk"))
    for activity_id, coordinator_id in links.values_list("activity_id", "coordinator_id"):
        people[activity_id].add(coordinator_id)
    names = list(fields)
    named = set(named)
    return Counter(
        content_key(center_id, frozenset(people[pk]), **dict(zip(names, values, strict=True)))
        for pk, center_id, *values in stored.values_list("pk", "center_id", *fields.values())
        if pk not in named
    )


def _quantity_cell(row):
    position = len(ACTIVITY_COLUMNS) + 1  # after 記録ID
    return row[position] if len(row) > position else None


@dataclass
class _Row:
    """A 活動記録 row as read: its index in the sheet, 所属, [Coordinator], the Activity
    fields, and for an exported row its 記録ID as (pk, version) and as typed."""

    index: int
    center: Center
    coordinators: list
    fields: dict
    record_id: tuple | None = None
    typed_id: str = ""

    @property
    def key(self):
        people = frozenset(person.pk for person in self.coordinators)
        return content_key(self.center, people, **self.fields)


class ActivityRows:
    """run_import's importer of sheet 活動記録 for `user`, of the deferred kind.

    Called with each row (a tuple of cells, in ACTIVITY_COLUMNS order and 記録ID last when the
    file has it) -> None: the row is read and kept, or RowErrors for its bad cells.
    finish(write=bool) -> [(index, "created" | "updated" | "unchanged" | "already_recorded"
    or the RowError/RowErrors of that row)]: 記録ID rows first, each through activity_update
    (record_ids.update_from_row), then the new rows in sheet order; the new activities are
    written only when `write` and no row was refused. Center staff: own 所属 only.
    """

    def __init__(self, user):
        self.user = user
        self.names = Registers()
        self.exported, self.new, self.refused_ids = [], [], []
        self.has_quantity = True

    def columns_absent(self, absent):
        """Told by run_import which optional columns the file leaves out: without 数量, a
        record's stored 数量 is kept and new rows are compared without it (issue 19)."""
        self.has_quantity = QUANTITY_COLUMN not in absent

    @property
    def content_fields(self):
        if self.has_quantity:
            return CONTENT_FIELDS
        return {name: column for name, column in CONTENT_FIELDS.items() if name != "quantity"}

    def __call__(self, row, index):
        row = clean_row(row)
        cell = Cells()
        day = cell(date_cell, row[0], "日付", required=True)
        fields = {
            "date": day,
            "start_time": cell(time_cell, row[1]),
            "duration_minutes": cell(minutes_cell, row[2]),
            "category": cell(category_cell, row[5], self.names.categories()),
            "place": line_text(row[8]),
            "participants": cell(number_cell, row[9], "参加人数", 0, 100000),
            "description": cell(required_line, row[10], "内容"),
        }
        if self.has_quantity:
            fields["quantity"] = cell(
                number_cell, _quantity_cell(row), QUANTITY_COLUMN, 0, 10_000_000
            )
        names = self.names
        center = cell(named_cell, names.of(Center), row[3], "所属", "所属", required=True)
        cell(own_center_only, self.user, center)
        # of two people (or places) of one name, the one of this row's 所属 then (issue 20)
        coordinators = cell(
            names_cell, names.coordinators_at(center, day), row[4], "担当者", "担当者"
        )
        fields["form"] = cell(
            named_cell, names.of(ActivityForm), row[6], "活動形態", "活動形態", required=True
        )
        fields["resource"] = cell(
            named_cell, names.resources_of(center), row[7], "訪問先", "社会資源"
        )
        typed_id = row[len(ACTIVITY_COLUMNS)] if len(row) > len(ACTIVITY_COLUMNS) else None
        record_id = cell(parse_record_id, typed_id)
        if record_id and cell.errors:
            # the row is refused, but an unknown 記録ID is still told with its other errors
            self.refused_ids.append(_Row(index, center, [], {}, record_id, cell_text(typed_id)))
        cell.check()
        if record_id:
            self.exported.append(
                _Row(index, center, coordinators, fields, record_id, cell_text(typed_id))
            )
        else:
            self.new.append(_Row(index, center, coordinators, fields))

    def finish(self, *, write=True):
        batch = ActivityBatch(self.user)
        records = exported_activities(
            self.user, [row.record_id[0] for row in (*self.exported, *self.refused_ids)]
        )
        results = [
            (row.index, unknown_record(row.typed_id))
            for row in self.refused_ids
            if row.record_id[0] not in records
        ]
        results += [(row.index, self._apply_exported(batch, records, row)) for row in self.exported]
        if self.new:
            results += create_new_rows(
                self.new,
                # a record the file names is that row's, never one a new row repeats
                live=_live_contents(self.new, named=records.keys(), fields=self.content_fields),
                # the row's 所属 decides for a 兼務 person (issue 20)
                add=lambda row: batch.add(
                    coordinators=row.coordinators, post=Post(row.center), **row.fields
                ),
                columns=COLUMN_OF_FIELD,
            )
        if write and all_taken(results):
            batch.save()
        return results

    def _apply_exported(self, batch, records, row):
        """A 記録ID row's outcome, its change kept in `batch`, or its RowError/RowErrors."""
        pk, version = row.record_id
        if pk not in records:
            return unknown_record(row.typed_id)
        activity = records[pk]
        try:
            outcome = update_from_row(
                batch=batch,
                activity=activity,
                version=version,
                center=row.center,
                coordinators=row.coordinators,
                fields=row.fields,
            )
        except ValidationError as error:
            return service_errors(error, COLUMN_OF_FIELD)
        except RowError as error:  # at 記録ID: changed since the export, or a meeting's
            return error
        return other_center(activity.center, row.center) or outcome
