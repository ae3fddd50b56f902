"""Onboarding a municipality from one workbook: 所属, 日常生活圏域, 担当者, 社会資源.

The sheet names and column order are an interface cities depend on (see README). Rows are
upserted by name, so importing the same file twice changes nothing; any error anywhere means
nothing is saved and every error is reported as ``sheet!row column: message``.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .models import (
    Area,
    Center,
    CenterKind,
    Coordinator,
    ResourceState,
    ResourceType,
    SocialResource,
    Tier,
    Town,
)
from .periods import PeriodParseError, parse_date
from .services import coordinator_assign

SHEETS = {
    "所属": ("名称", "種別", "層", "表示順"),
    "日常生活圏域": ("名称", "所属", "町名"),
    "担当者": ("氏名", "ふりがな", "所属", "層", "開始日", "終了日"),
    "社会資源": (
        "名称",
        "種別",
        "圏域",
        "町名",
        "住所",
        "運営主体",
        "状態",
        "開始日",
        "市補助事業",
        "備考",
    ),
}
MAX_ROWS_PER_SHEET = 20_000
TOWN_SEPARATORS = ("、", ",", "，")
YES_MARKS = {"○", "〇", "◯", "o", "O"}


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


@dataclass
class ImportReport:
    dry_run: bool
    sheets: dict = field(default_factory=dict)
    ignored_sheets: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def saved(self):
        return not self.dry_run and not self.errors

    def count(self, sheet, outcome):
        summary = self.sheets.setdefault(sheet, SheetSummary())
        setattr(summary, outcome, getattr(summary, outcome) + 1)


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


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").strip()


def _required(value, column):
    text = _text(value)
    if not text:
        raise RowError(column, "必須です。")
    return text


def _tier(value, column="層"):
    text = _text(value).replace("第", "").replace("層", "")
    text = text.translate(str.maketrans("１２", "12"))
    if text not in {"1", "2"}:
        raise RowError(column, f"1 か 2 を入力してください（入力: {_text(value) or '空欄'}）。")
    return Tier(int(text))


def _date(value, column, required=False):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise RowError(column, "必須です。")
        return None
    try:
        return parse_date(text)
    except PeriodParseError as error:
        raise RowError(column, str(error)) from None


def _choice_by_label(choices, value, column, default=None):
    text = _text(value)
    if not text and default is not None:
        return default
    for choice in choices:
        if text in (choice.label, choice.value):
            return choice
    labels = "・".join(choice.label for choice in choices)
    raise RowError(column, f"{labels} のどれかを入力してください（入力: {text or '空欄'}）。")


def _lookup(model, name, column, what):
    found = model.objects.filter(name=name).first()
    if found is None:
        raise RowError(column, f"{what}「{name}」が見つかりません。先に登録してください。")
    return found


def _upsert(model, lookup, values):
    """Create or update one row; returns (object, "created" | "updated" | "unchanged")."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    else:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj, "unchanged"
        for key, value in changed.items():
            setattr(obj, key, value)
        outcome = "updated"
    obj.full_clean()
    obj.save()
    return obj, outcome


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


def _display_order(value):
    text = _text(value)
    if text and not text.isdigit():
        raise RowError("表示順", f"0以上の整数を入力してください（入力: {text}）。")
    return int(text) if text else None


def _import_center(row):
    cell = Cells()
    name = cell(_required, row[0], "名称")
    kind = cell(_choice_by_label, CenterKind, row[1], "種別")
    tier = cell(_tier, row[2])
    order = cell(_display_order, row[3])
    cell.check()
    values = {"kind": kind, "tier": tier}
    if order is not None:
        values["display_order"] = order
    return _upsert(Center, {"name": name}, values)[1]


def _split_towns(value):
    text = _text(value)
    for separator in TOWN_SEPARATORS[1:]:
        text = text.replace(separator, TOWN_SEPARATORS[0])
    return [part.strip() for part in text.split(TOWN_SEPARATORS[0]) if part.strip()]


def _import_area(row, index):
    cell = Cells()
    name = cell(_required, row[0], "名称")
    center_name = cell(_required, row[1], "所属")
    center = center_name and cell(_lookup, Center, center_name, "所属", "所属")
    cell.check()
    area, outcome = _upsert(Area, {"name": name}, {"center": center, "display_order": index})
    for order, town_name in enumerate(_split_towns(row[2]), start=1):
        _town, town_outcome = _upsert(
            Town, {"area": area, "name": town_name}, {"display_order": order}
        )
        if town_outcome != "unchanged" and outcome == "unchanged":
            outcome = "updated"
    return outcome


def _import_coordinator(row):
    cell = Cells()
    name = cell(_required, row[0], "氏名")
    kana = _text(row[1])
    center_name = cell(_required, row[2], "所属")
    center = center_name and cell(_lookup, Center, center_name, "所属", "所属")
    tier = cell(_tier, row[3])
    start = cell(_date, row[4], "開始日", required=True)
    end = cell(_date, row[5], "終了日")
    if start and end and end < start:
        cell.fail("終了日", "終了日は開始日以降の日付にしてください。")
    cell.check()
    coordinator, outcome = _upsert(Coordinator, {"name": name}, {"kana": kana} if kana else {})
    existing = coordinator.assignments.filter(start_date=start).first()
    if existing and (existing.center_id, existing.tier, existing.end_date) == (
        center.pk,
        tier,
        end,
    ):
        return outcome
    try:
        coordinator_assign(
            coordinator=coordinator, center=center, tier=tier, start_date=start, end_date=end
        )
    except ValidationError as error:
        raise RowError("開始日", " ".join(error.messages)) from None
    return "created" if outcome == "created" else "updated"


def _town(area, town_name):
    towns = Town.objects.filter(name=town_name).select_related("area")
    if area is not None:
        towns = towns.filter(area=area)
    matches = list(towns[:2])
    if not matches:
        where = f"「{area.name}」に" if area else ""
        raise RowError("町名", f"町名「{town_name}」が{where}見つかりません。")
    if len(matches) > 1:
        raise RowError(
            "町名", f"町名「{town_name}」は複数の圏域にあります。圏域も入力してください。"
        )
    return matches[0]


def _subsidised(value):
    text = _text(value)
    if text and text not in YES_MARKS:
        raise RowError("市補助事業", f"○ か空欄にしてください（入力: {text}）。")
    return bool(text)


def _import_resource(row):
    cell = Cells()
    name = cell(_required, row[0], "名称")
    type_name = cell(_required, row[1], "種別")
    resource_type = type_name and cell(_lookup, ResourceType, type_name, "種別", "種別")
    area_name, town_name = _text(row[2]), _text(row[3])
    area = cell(_lookup, Area, area_name, "圏域", "日常生活圏域") if area_name else None
    town = None
    if town_name and not (area_name and area is None):
        town = cell(_town, area, town_name)
    values = {
        "resource_type": resource_type,
        "area": area or (town.area if town else None),
        "town": town,
        "address": _text(row[4]),
        "operator": _text(row[5]),
        "state": cell(_choice_by_label, ResourceState, row[6], "状態", ResourceState.ACTIVE),
        "launched_on": cell(_date, row[7], "開始日"),
        "is_subsidised": cell(_subsidised, row[8]),
        "notes": _text(row[9]),
    }
    cell.check()
    return _upsert(SocialResource, {"name": name}, values)[1]


def _validation_problem(sheet, row_number, error):
    if hasattr(error, "message_dict"):
        return [
            ImportProblem(sheet, row_number, field_name, message)
            for field_name, messages in error.message_dict.items()
            for message in messages
        ]
    return [ImportProblem(sheet, row_number, "", message) for message in error.messages]


def _rows(sheet, columns, report, name):
    rows = sheet.iter_rows(values_only=True)
    header = tuple(_text(value) for value in next(rows, ()))[: len(columns)]
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
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS_PER_SHEET:
            report.errors.append(
                ImportProblem(name, number, "", f"1シート{MAX_ROWS_PER_SHEET:,}行までです。")
            )
            return
        values = tuple(values) + (None,) * (len(columns) - len(values))
        if all(_text(value) == "" for value in values[: len(columns)]):
            continue
        yield number, values


IMPORTERS = {
    "所属": lambda row, index: _import_center(row),
    "日常生活圏域": _import_area,
    "担当者": lambda row, index: _import_coordinator(row),
    "社会資源": lambda row, index: _import_resource(row),
}


def import_master(fileobj, *, dry_run=False):
    """Upsert every sheet in order; save nothing unless the whole workbook is clean."""
    workbook = open_workbook(fileobj)
    report = ImportReport(dry_run=dry_run)
    report.ignored_sheets = [name for name in workbook.sheetnames if name not in SHEETS]
    try:
        with transaction.atomic():
            for name, columns in SHEETS.items():
                if name not in workbook.sheetnames:
                    continue
                report.sheets[name] = SheetSummary()
                for index, (number, row) in enumerate(
                    _rows(workbook[name], columns, report, name), start=1
                ):
                    try:
                        # A savepoint per row keeps one bad row from poisoning the transaction
                        # on PostgreSQL, so every later row is still checked and reported.
                        with transaction.atomic():
                            report.count(name, IMPORTERS[name](row, index))
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


def build_template():
    """An empty workbook with the four sheets, their headers and drop-downs, as bytes."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    pick_lists = {
        ("所属", "B"): [choice.label for choice in CenterKind],
        ("所属", "C"): ["1", "2"],
        ("担当者", "D"): ["1", "2"],
        ("社会資源", "B"): list(ResourceType.objects.values_list("name", flat=True)),
        ("社会資源", "G"): [choice.label for choice in ResourceState],
        ("社会資源", "I"): ["○"],
    }
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) * 3)
        sheet.freeze_panes = "A2"
        for (sheet_name, column), options in pick_lists.items():
            if sheet_name != name or not options:
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
