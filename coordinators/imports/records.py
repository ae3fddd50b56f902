"""Importing years of records kept in Excel: sheets 活動記録, 相談記録 and the councils' 会議記録.

The sheet names and column orders are an interface cities depend on (see README). Every row
goes through the rules of the week page (所属 from the assignment, 2層支援 only for tier 1,
closed half-years, center staff only for their own 所属): 活動記録 rows through
activity_rows and 相談記録 rows through consultation_rows, checked one by one and written
in bulk (issue 16). A row identical to a live record is 記録済み, so importing the same
workbook twice adds nothing. A 活動記録 row with a 記録ID (the activity list's Excel export,
issue 16) changes that record instead (record_ids).

Cells are read as people type them (issue 15, typed_cells): names folded (「佐藤　花子」 is
佐藤 花子), several 担当者 or 相談内容 per cell on lines of their own or joined by 「・」, 開始時刻
as 10時 or 1030, 所要時間 as 1時間30分 or 1:30, control characters removed.
"""

from coordinators.models import (
    ActivityForm,
    CareLevel,
    Category,
    Center,
    ConsultationOutcome,
    ConsultationRoute,
    ConsulterType,
    Sex,
)

from . import extra_sheets
from .activity_rows import ACTIVITY_COLUMNS, ACTIVITY_SHEET, QUANTITY_COLUMN, ActivityRows
from .consultation_rows import CONSULTATION_COLUMNS, CONSULTATION_SHEET, ConsultationRows
from .record_ids import RECORD_ID_COLUMN, record_id_key
from .workbook import MAX_ROWS_PER_SHEET, RECORDS_OUTCOMES, build_template, run_import

SHEETS = {ACTIVITY_SHEET: ACTIVITY_COLUMNS, CONSULTATION_SHEET: CONSULTATION_COLUMNS}


def _all_sheets(user):
    sheets = {
        ACTIVITY_SHEET: (
            (*ACTIVITY_COLUMNS, RECORD_ID_COLUMN, QUANTITY_COLUMN),
            ActivityRows(user),
            record_id_key(len(ACTIVITY_COLUMNS)),
        ),
        CONSULTATION_SHEET: (CONSULTATION_COLUMNS, ConsultationRows(user)),
    }
    for sheet in extra_sheets.RECORDS_SHEETS.values():
        sheets[sheet.name] = (sheet.columns, sheet.importer(user))
    return sheets


def import_records(fileobj, *, user, dry_run=False, max_rows=MAX_ROWS_PER_SHEET):
    """Create the records of sheets 活動記録, 相談記録 and 会議記録, and change the activities
    of 活動記録 rows with a 記録ID; all or nothing, as `user` (center staff: own 所属 only).

    Returns an ImportReport whose sheets count rows "created", "updated" (a 活動記録 row with
    記録ID changing its record, a 会議記録 row adding attendees to a recorded meeting),
    "unchanged" (a 活動記録 row with 記録ID equal to its record, issue 16) and
    "already_recorded" (see the module docstring).
    """
    return run_import(
        fileobj,
        _all_sheets(user),
        dry_run=dry_run,
        max_rows=max_rows,
        outcomes=RECORDS_OUTCOMES,
    )


def build_records_template():
    return build_template(
        {name: sheet[0] for name, sheet in _all_sheets(None).items()},
        {
            **extra_sheets.pick_lists_of(extra_sheets.RECORDS_SHEETS.values()),
            (ACTIVITY_SHEET, "F"): list(
                Category.objects.filter(is_active=True).values_list("label", flat=True)
            ),
            (ACTIVITY_SHEET, "G"): list(
                ActivityForm.objects.filter(is_active=True).values_list("name", flat=True)
            ),
            (ACTIVITY_SHEET, "D"): list(Center.objects.values_list("name", flat=True)),
            (CONSULTATION_SHEET, "B"): list(Center.objects.values_list("name", flat=True)),
            (CONSULTATION_SHEET, "D"): list(_names(ConsultationRoute)),
            (CONSULTATION_SHEET, "E"): list(_names(ConsulterType)),
            (CONSULTATION_SHEET, "G"): list(_names(ConsultationOutcome)),
            (CONSULTATION_SHEET, "I"): [choice.label for choice in Sex],
            (CONSULTATION_SHEET, "J"): [choice.label for choice in CareLevel],
        },
    )


def _names(model):
    return model.objects.filter(is_active=True).values_list("name", flat=True)
