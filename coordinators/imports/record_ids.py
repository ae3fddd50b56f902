"""Rows of sheet 活動記録 that carry a 記録ID: the round trip of issue 16.

The activity list's Excel sheet 活動記録 holds the import's columns and a last column 記録ID,
``<pk>-<version>``, the version being edit_conflicts.current_version(record) when exported.
Corrected in Excel and uploaded again, a row with a 記録ID changes that record by the rules of
activity_update (ActivityBatch.change, written in bulk), so the week page's rules hold (closed
half-years, the coordinators' 所属 on the date, a meeting's activities change with the meeting
only); a record changed after the export is not overwritten; a row equal to its record is
変更なし. Rows without 記録ID are new records (activity_rows), never taken for a record the file
names, and a row deleted from the sheet deletes nothing.
"""

import re
import unicodedata
from datetime import time

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from coordinators.activities.record_rules import Post
from coordinators.activities.selectors import activities_for_user, newest_history_id
from coordinators.recordkeeping.edit_conflicts import EditConflict
from coordinators.text import clean_text

from .sheets import OptionalColumn, cell_text
from .workbook import RowError

RECORD_ID_COLUMN = OptionalColumn("記録ID")
# Excel writes the hyphen it was given; a retyped one may be a minus sign or a dash.
RECORD_ID_FORM = re.compile(r"(\d+)[-‐‑−–](\d+)")
ONE_ROW_PER_RECORD = (
    "1つの記録は1行にしてください（行をコピーして別の記録を作るときは、"
    "コピーした行の記録IDを消してください）。"
)
MEETING_ACTIVITY = "会議の活動記録は会議の画面で変更してください。"


def parse_record_id(value):
    """(pk: int, version: str) of a 記録ID cell such as 「123-4567」 (full-width digits too), or
    None when blank. Raises RowError at 記録ID naming the expected form."""
    text = unicodedata.normalize("NFKC", cell_text(value)).replace(" ", "")
    if not text:
        return None
    match = RECORD_ID_FORM.fullmatch(text)
    if match is None:
        raise RowError(
            RECORD_ID_COLUMN,
            f"記録IDは「123-4567」の形で入力してください（入力: {text}）。"
            "新しい記録の行なら空欄にしてください。",
        )
    return int(match[1]), str(int(match[2]))


def record_id_key(position):
    """run_import's key for 記録ID in column `position` (from 0): a row -> ("記録ID", pk, the
    cell as typed, advice), or None for a row without a well-formed one, so one record on two
    rows is an error naming both rows."""

    def key(row):
        value = row[position] if len(row) > position else None
        try:
            found = parse_record_id(value)
        except RowError:
            return None  # reported by the row itself
        if found is None:
            return None
        return RECORD_ID_COLUMN, found[0], cell_text(value), ONE_ROW_PER_RECORD

    return key


# Ids per query when the activities a file names are fetched: well inside every database's
# limit on bound parameters.
IDS_PER_QUERY = 500


def exported_activities(user, pks):
    """The live activities the login may see (activities_for_user: center staff their own
    所属's) among `pks` (ints) -> {pk: Activity}, each locked for the transaction, then
    annotated with its version as newest_version (a number, as edit_conflicts reads it), its
    担当者 as the list listed_coordinators and its live meetings as live_meetings, in a query
    and two for each IDS_PER_QUERY ids; an id not found is absent."""
    pks = sorted(set(pks))
    found = {}
    for start in range(0, len(pks), IDS_PER_QUERY):
        chunk = pks[start : start + IDS_PER_QUERY]
        locked = (
            activities_for_user(user)
            .filter(pk__in=chunk)
            .select_for_update(of=("self",))
            .annotate(newest_version=newest_history_id())
            # lists, not a related manager per record: about 0.3 ms less a record and list
            .prefetch_related(None)
            .prefetch_related(
                Prefetch("coordinators", to_attr="listed_coordinators"),
                Prefetch("meetings", to_attr="live_meetings"),
            )
        )
        found.update((activity.pk, activity) for activity in locked)
    return found


def unknown_record(typed):
    """RowError at 記録ID for an id (as typed) that names no record the login may change."""
    return RowError(
        RECORD_ID_COLUMN,
        f"記録ID「{typed}」の記録が見つかりません。削除された記録か、"
        "このログインでは変更できない記録です。新しい記録の行なら記録IDを空欄にしてください。",
    )


def _same(stored, value):
    if isinstance(stored, str):
        # a cell is read as one line (typed_cells.line_text); a stored line break is no change
        return clean_text(stored, multiline=False).strip() == value
    if isinstance(stored, time):
        return stored.replace(second=0, microsecond=0) == value
    return stored == value


def update_from_row(*, batch, activity, version, center, coordinators, fields):
    """Apply one exported row to its record -> "unchanged" | "updated".

    activity: as exported_activities gives it. fields: the row's values by Activity field (as
    activity_create takes them); center: the row's 所属, where a 兼務 person's record counts,
    compared (the caller checks it against activity.center after an update).
    "unchanged" when every value equals the stored one: nothing is written, so a closed
    half-year's or a meeting's record comes back 変更なし. Otherwise only the changed values go
    to batch.change (ActivityBatch: activity_update's rules) with the exported version.
    Raises RowError at 記録ID for a record changed since the export (EditConflict: nothing
    overwritten) or a meeting's activity, and the service's ValidationError otherwise (closed
    half-year at "date", …) for the caller to map.
    """
    changes = {
        name: value for name, value in fields.items() if not _same(getattr(activity, name), value)
    }
    same_people = {c.pk for c in activity.listed_coordinators} == {c.pk for c in coordinators}
    if not changes and same_people and activity.center == center:
        return "unchanged"
    try:
        # the row's 所属 decides for a 兼務 person (issue 20)
        batch.change(
            activity, version=version, coordinators=coordinators, post=Post(center), **changes
        )
    except EditConflict as conflict:
        raise RowError(RECORD_ID_COLUMN, _told_for_a_file(conflict)) from None
    except ValidationError as error:
        # the one error without a field a meeting's activity meets first is its refusal
        if not hasattr(error, "error_dict") and activity.live_meetings:
            raise RowError(RECORD_ID_COLUMN, MEETING_ACTIVITY) from None
        raise
    return "updated"


def _told_for_a_file(conflict):
    # edit_conflicts words the account of who changed what for a page (画面を開いた後, save
    # again); a row of a file is corrected in a fresh export instead.
    told = conflict.messages[0].replace("画面を開いた後に", "出力した後に")
    return (
        told.split("あなたの入力")[0]
        + "この行は取り込んでいません。一覧から出力し直して、その行を直してください。"
    )
