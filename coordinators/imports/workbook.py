"""Reading a workbook into the database: the machinery every import shares.

An import is a dict of sheet name -> (columns, importer[, key]). Sheets are read in that
order, each whole before any row is imported (sheets.read_sheet: as Excel shows it, issue 15);
each row is imported in its own savepoint so every bad row is reported, and nothing at all is
saved unless the whole workbook is clean. Errors read ``sheet!row column: message``.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from coordinators.periods import PeriodParseError, parse_date

from .reading import open_workbook
from .sheets import ImportProblem, OptionalColumn, cell_text, read_sheet, sheets_in_book

MAX_ROWS_PER_SHEET = 20_000
# A sheet imported row by row (the master sheets, 会議記録: each row through the services with
# its history) goes at about 30 rows a second, so a browser request stays well inside the
# server's 60 s timeout only up to here; larger files go through the import commands, which
# have no timeout. 活動記録 and 相談記録 are imported in bulk (about 1,200 rows a second,
# issue 16) and take MAX_ROWS_PER_SHEET on a page too.
MAX_ROWS_PER_SHEET_ON_A_PAGE = 1_000
LARGER_FILES_HINT = "ファイルを分けるか、管理者にコマンド（{command}）での取込を依頼してください。"
SAME_KEY_ADVICE = "同じものは1行にまとめてください（別のものなら名称を変えてください）。"
FORMULA_NOT_SAVED = "数式の結果が保存されていません。Excel で開いて保存し直してください。"


class RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class SheetSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows of the records workbook taken as records already there (issue 14).
    already_recorded: int = 0


# What the summary shows of each sheet, in order: (SheetSummary field, label on page and command).
MASTER_OUTCOMES = (("created", "新規"), ("updated", "更新"), ("unchanged", "変更なし"))
RECORDS_OUTCOMES = (
    ("created", "新規"),
    ("updated", "更新"),
    ("unchanged", "変更なし"),  # a row with 記録ID equal to its record (issue 16)
    ("already_recorded", "記録済み"),
)


@dataclass
class ImportReport:
    dry_run: bool
    outcomes: tuple = MASTER_OUTCOMES
    sheets: dict = field(default_factory=dict)
    ignored_sheets: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def saved(self):
        return not self.dry_run and not self.errors

    def count(self, sheet, outcome):
        summary = self.sheets.setdefault(sheet, SheetSummary())
        setattr(summary, outcome, getattr(summary, outcome) + 1)

    @property
    def labels(self):
        return [label for _name, label in self.outcomes]

    def rows(self):
        """[(sheet name, [count per outcome, in the order of labels])] for the summary."""
        return [
            (name, [getattr(summary, outcome) for outcome, _label in self.outcomes])
            for name, summary in self.sheets.items()
        ]


def required(value, column):
    text = cell_text(value)
    if not text:
        raise RowError(column, "必須です。")
    return text


def date_cell(value, column, required=False):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        if required:
            raise RowError(column, "必須です。")
        return None
    try:
        return parse_date(text)
    except PeriodParseError as error:
        raise RowError(column, str(error)) from None


def choice_by_label(choices, value, column, default=None):
    text = cell_text(value)
    if not text and default is not None:
        return default
    for choice in choices:
        if text in (choice.label, choice.value):
            return choice
    labels = "・".join(choice.label for choice in choices)
    raise RowError(column, f"{labels} のどれかを入力してください（入力: {text or '空欄'}）。")


def lookup(model, name, column, what):
    found = model.objects.filter(name=name).first()
    if found is None:
        raise RowError(column, f"{what}「{name}」が見つかりません。先に登録してください。")
    return found


class RowErrors(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class Cells:
    """Reads one row's cells, collecting every bad cell so the user sees them all at once."""

    def __init__(self):
        self.errors = []

    def __call__(self, parse, *args, **kwargs):
        try:
            return parse(*args, **kwargs)
        except RowError as error:
            self.errors.append(error)
            return None

    def fail(self, column, message):
        self.errors.append(RowError(column, message))

    def check(self):
        if self.errors:
            raise RowErrors(self.errors)


def _validation_problem(sheet, row_number, error):
    if hasattr(error, "message_dict"):
        return [
            ImportProblem(sheet, row_number, field_name, message)
            for field_name, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportProblem(sheet, row_number, "", message) for message in error.messages]


def _repeated_key(key, row, number, first_row_of):
    """(column, message) when the row's key was seen on an earlier row of the sheet, else None;
    records the key's first row in first_row_of. key(row) -> (column, value[, shown[, advice]])
    or None: `shown` is how the message names the value, `advice` what it asks for."""
    found = key[0](row) if key else None
    if found is None:
        return None
    column, value, *told = found
    if value in first_row_of:
        shown = "・".join(str(part) for part in value) if isinstance(value, tuple) else value
        shown, advice = (*told, SAME_KEY_ADVICE)[:2] if told else (shown, SAME_KEY_ADVICE)
        return (
            column,
            f"{column}「{shown}」の行が{first_row_of[value]}行目と{number}行目にあります。{advice}",
        )
    first_row_of[value] = number
    return None


def run_import(
    fileobj,
    sheets,
    *,
    dry_run=False,
    max_rows=MAX_ROWS_PER_SHEET,
    outcomes=MASTER_OUTCOMES,
    command=None,
):
    """Import every known sheet in order; save nothing unless the whole workbook is clean.

    sheets maps a sheet name to (columns, importer) or (columns, importer, key); columns may
    end with OptionalColumns, and a row then holds only the columns its file has;
    importer(row, index) returns "created", "updated", "unchanged" (a master row, or a records
    row with 記録ID, equal to the stored one) or "already_recorded" (a records row without
    記録ID standing for a live record), or raises RowError, RowErrors or ValidationError; each
    row runs in a savepoint of its own. An importer with a finish method is deferred (activity
    rows, issue 16): called with each row it only reads it (None, or the errors), and
    finish(write=no error so far) -> [(index, outcome or the row's exception)] then applies
    them all; no savepoint per row, the errors still reported in row order.
    key(row) -> (column label, value[, shown[, advice]]) or None is what makes a row the same
    thing as another (名称, 氏名＋開始日, 記録ID): a second row with a key already seen in the
    sheet is an error naming both rows, not an update of the first (issues 14, 16).
    outcomes: the summary's columns (MASTER_OUTCOMES or RECORDS_OUTCOMES).
    max_rows: rows with a value allowed per sheet imported row by row (a deferred sheet takes
    MAX_ROWS_PER_SHEET); every sheet is read before any row is imported, so a sheet over its
    limit refuses the workbook at once, its message naming `command` (default: import_master
    or import_records, by outcomes) for larger files.
    A row holding a formula saved without its result is reported at each such column with
    FORMULA_NOT_SAVED and not imported (issue 15).
    Raises WorkbookRejected for a file open_workbook refuses or with no known sheet.
    """
    command = command or ("import_records" if outcomes == RECORDS_OUTCOMES else "import_master")
    workbook = open_workbook(fileobj)
    report = ImportReport(dry_run=dry_run, outcomes=outcomes)
    try:
        found = sheets_in_book(workbook.sheetnames, sheets)
        report.ignored_sheets = [n for n in workbook.sheetnames if n not in found.values()]
        read = {
            name: read_sheet(
                workbook,
                found[name],
                name,
                sheets[name][0],
                *_row_limit(sheets[name][1], max_rows, command),
            )
            for name in sheets
            if name in found
        }
    finally:
        workbook.close()
    report.sheets = {name: SheetSummary() for name in read}
    if any(sheet.too_long for sheet in read.values()):
        report.errors = [sheet.problem for sheet in read.values() if sheet.problem]
        return report
    with transaction.atomic():
        for name, sheet in read.items():
            if sheet.problem:
                report.errors.append(sheet.problem)
                continue
            importer = sheets[name][1]
            if hasattr(importer, "columns_absent"):
                # what a file leaves out is kept as stored, never read as blank (issue 19)
                importer.columns_absent(sheet.absent)
            _import_sheet(report, name, sheet.rows, *sheets[name])
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


def _row_limit(importer, max_rows, command):
    """(rows allowed, hint for a longer sheet) of one sheet: a deferred (bulk) importer takes
    MAX_ROWS_PER_SHEET wherever it runs, the others max_rows, then pointing to `command`."""
    limit = MAX_ROWS_PER_SHEET if hasattr(importer, "finish") else max_rows
    if limit >= MAX_ROWS_PER_SHEET:
        return limit, "ファイルを分けて取り込んでください。"
    return limit, LARGER_FILES_HINT.format(command=command)


def _import_sheet(report, name, rows, columns, importer, *key):
    first_errors = len(report.errors)
    deferred = hasattr(importer, "finish")
    first_row_of, row_number = {}, {}
    for index, (number, row, formulas_not_saved) in enumerate(rows, start=1):
        if formulas_not_saved:
            report.errors.extend(
                ImportProblem(name, number, columns[column], FORMULA_NOT_SAVED)
                for column in formulas_not_saved
            )
            continue
        row_number[index] = number
        repeated = _repeated_key(key, row, number, first_row_of)
        if repeated:
            report.errors.append(ImportProblem(name, number, *repeated))
            continue
        if deferred:
            # reads the row only: nothing is written before finish()
            _outcome(report, name, number, importer, row, index)
            continue
        # A savepoint per row keeps one bad row from poisoning the transaction on
        # PostgreSQL, so every later row is still checked and reported.
        with transaction.atomic():
            _outcome(report, name, number, importer, row, index)
    if deferred:
        for index, outcome in importer.finish(write=not report.errors):
            _outcome(report, name, row_number[index], _given, outcome)
        report.errors[first_errors:] = sorted(report.errors[first_errors:], key=_row_of)


def _row_of(problem):
    return problem.row


def _given(outcome):
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _outcome(report, name, number, importer, *args):
    """Count what importer(*args) returns for the row (None: decided later, by finish) or
    report the errors it raises at row `number`."""
    try:
        outcome = importer(*args)
    except RowError as error:
        report.errors.append(ImportProblem(name, number, error.column, error.message))
    except RowErrors as row_errors:
        report.errors.extend(
            ImportProblem(name, number, error.column, error.message) for error in row_errors.errors
        )
    except ValidationError as error:
        report.errors.extend(_validation_problem(name, number, error))
    else:
        if outcome is not None:
            report.count(name, outcome)


def build_template(sheets, pick_lists, text_columns=()):
    """An empty workbook with the sheets, their headers and drop-downs, as bytes.

    pick_lists maps (sheet name, column letter) to the allowed values; text_columns lists the
    (sheet name, column letter) of codes Excel must keep as typed (a 職員番号 or 団体コード
    starting with 0 would lose it as a number), formatted as text. OptionalColumns are
    left out but those in_template: a template is for new rows (活動記録's 記録ID comes with
    an export, issue 16; its 数量 is for new rows too, issue 19).
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, columns in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(
            [
                column
                for column in columns
                if not isinstance(column, OptionalColumn) or column.in_template
            ]
        )
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) * 3)
        sheet.freeze_panes = "A2"
        for sheet_name, column in text_columns:
            if sheet_name == name:
                sheet.column_dimensions[column].number_format = "@"
        for (sheet_name, column), options in pick_lists.items():
            # Excel refuses an inline list longer than 255 characters; leave such columns free.
            if sheet_name != name or not options or len(",".join(options)) > 250:
                continue
            validation = DataValidation(
                type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
            )
            validation.error = "一覧から選んでください。"
            sheet.add_data_validation(validation)
            validation.add(f"{column}2:{column}{MAX_ROWS_PER_SHEET}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
