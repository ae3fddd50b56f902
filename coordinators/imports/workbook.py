"""Reading a workbook into the database: the machinery every import shares.

An import is a dict of sheet name -> (columns, importer). Sheets are read in that order; each
row is imported in its own savepoint so every bad row is reported, and nothing at all is saved
unless the whole workbook is clean. Errors read ``sheet!row column: message``.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from coordinators.periods import PeriodParseError, parse_date

MAX_ROWS_PER_SHEET = 20_000
# A page imports about 30 rows a second (every row goes through the services, with its
# history), so a browser request stays well inside the server's 60 s timeout only up to here;
# larger files go through the import commands, which have no timeout.
MAX_ROWS_PER_SHEET_ON_A_PAGE = 1_000
LARGER_FILES_HINT = (
    "ファイルを分けるか、管理者にコマンド（import_records）での取込を依頼してください。"
)


class WorkbookRejected(Exception):
    """The upload is not a workbook we read; the message says why, in Japanese."""


class RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


@dataclass
class ImportProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return f"{self.sheet}!{self.row} {self.column}: {self.message}"


@dataclass
class SheetSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows of the records workbook taken as records already there (issue 14).
    already_recorded: int = 0


# What the summary shows of each sheet, in order: (SheetSummary field, label on page and command).
MASTER_OUTCOMES = (("created", "新規"), ("updated", "更新"), ("unchanged", "変更なし"))
RECORDS_OUTCOMES = (("created", "新規"), ("updated", "更新"), ("already_recorded", "記録済み"))


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


def check_upload(name, size, head):
    """Refuse what is not a plain .xlsx before openpyxl ever sees it."""
    limit = settings.MASTER_IMPORT_MAX_BYTES
    if not name.lower().endswith(".xlsx"):
        raise WorkbookRejected(
            "Excelブック（.xlsx）を選んでください。"
            "マクロ有効ブック（.xlsm）、旧形式（.xls）、CSV は取り込めません。"
        )
    if size > limit:
        raise WorkbookRejected(
            f"ファイルが大きすぎます（{size / 1024 / 1024:.1f} MB、"
            f"上限 {limit // 1024 // 1024} MB）。"
        )
    if not head.startswith(b"PK"):
        raise WorkbookRejected(
            "Excelブック（.xlsx）として読めません。ファイルの中身を確認してください。"
        )


def open_workbook(fileobj):
    data = fileobj.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        content_types = (
            archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
    except (zipfile.BadZipFile, OSError):
        raise WorkbookRejected(
            "Excelブック（.xlsx）として読めません。ファイルが壊れています。"
        ) from None
    if "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise WorkbookRejected("マクロを含むブックは取り込めません。.xlsx で保存し直してください。")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise WorkbookRejected(
            "Excelブック（.xlsx）として読めません。ファイルが壊れています。"
        ) from None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").strip()


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


def _rows(sheet, columns, report, name, max_rows):
    rows = sheet.iter_rows(values_only=True)
    header = tuple(cell_text(value) for value in next(rows, ()))[: len(columns)]
    if header != columns:
        report.errors.append(
            ImportProblem(
                name,
                1,
                "見出し",
                f"1行目は「{'」「'.join(columns)}」の順にしてください"
                f"（現在: 「{'」「'.join(header)}」）。",
            )
        )
        return
    # Read up to the limit before importing anything: a sheet that is too long is refused
    # with one message, not after thousands of its rows were imported and reported.
    body = list(islice(rows, max_rows + 1))
    if len(body) > max_rows:
        hint = (
            "ファイルを分けて取り込んでください。"
            if max_rows == MAX_ROWS_PER_SHEET
            else LARGER_FILES_HINT
        )
        report.errors.append(
            ImportProblem(
                name,
                max_rows + 2,
                "行数",
                f"1シート{max_rows:,}行までです。このシートはそれを超えているため、{hint}",
            )
        )
        return
    for number, values in enumerate(body, start=2):
        values = tuple(values) + (None,) * (len(columns) - len(values))
        if all(cell_text(value) == "" for value in values[: len(columns)]):
            continue
        yield number, values


def _repeated_key(key, row, number, first_row_of):
    """(column, message) when the row's key was seen on an earlier row of the sheet, else None;
    records the key's first row in first_row_of."""
    found = key[0](row) if key else None
    if found is None:
        return None
    column, value = found
    if value in first_row_of:
        shown = "・".join(str(part) for part in value) if isinstance(value, tuple) else value
        return (
            column,
            f"{column}「{shown}」の行が{first_row_of[value]}行目と{number}行目にあります。"
            "同じものは1行にまとめてください（別のものなら名称を変えてください）。",
        )
    first_row_of[value] = number
    return None


def run_import(
    fileobj, sheets, *, dry_run=False, max_rows=MAX_ROWS_PER_SHEET, outcomes=MASTER_OUTCOMES
):
    """Import every known sheet in order; save nothing unless the whole workbook is clean.

    sheets maps a sheet name to (columns, importer) or (columns, importer, key);
    importer(row, index) returns "created", "updated", "unchanged" (a master row equal to the
    stored one) or "already_recorded" (a records row standing for a live record), or raises
    RowError, RowErrors or ValidationError. key(row) -> (column label, value) or None is what
    makes a row the same thing as another (名称, 氏名＋開始日): a second row with a key
    already seen in the sheet is an error naming both rows, not an update of the first
    (issue 14). outcomes: the summary's columns (MASTER_OUTCOMES or RECORDS_OUTCOMES).
    """
    workbook = open_workbook(fileobj)
    report = ImportReport(dry_run=dry_run, outcomes=outcomes)
    report.ignored_sheets = [name for name in workbook.sheetnames if name not in sheets]
    try:
        with transaction.atomic():
            for name, (columns, importer, *key) in sheets.items():
                if name not in workbook.sheetnames:
                    continue
                report.sheets[name] = SheetSummary()
                first_row_of = {}
                for index, (number, row) in enumerate(
                    _rows(workbook[name], columns, report, name, max_rows), start=1
                ):
                    repeated = _repeated_key(key, row, number, first_row_of)
                    if repeated:
                        report.errors.append(ImportProblem(name, number, *repeated))
                        continue
                    try:
                        # A savepoint per row keeps one bad row from poisoning the transaction
                        # on PostgreSQL, so every later row is still checked and reported.
                        with transaction.atomic():
                            report.count(name, importer(row, index))
                    except RowError as error:
                        report.errors.append(
                            ImportProblem(name, number, error.column, error.message)
                        )
                    except RowErrors as row_errors:
                        report.errors.extend(
                            ImportProblem(name, number, error.column, error.message)
                            for error in row_errors.errors
                        )
                    except ValidationError as error:
                        report.errors.extend(_validation_problem(name, number, error))
            if report.errors or dry_run:
                transaction.set_rollback(True)
    finally:
        workbook.close()
    return report


def build_template(sheets, pick_lists):
    """An empty workbook with the sheets, their headers and drop-downs, as bytes.

    pick_lists maps (sheet name, column letter) to the allowed values.
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for name, columns in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) * 3)
        sheet.freeze_panes = "A2"
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
