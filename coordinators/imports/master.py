"""Onboarding a municipality from one workbook: 所属, 日常生活圏域, 担当者, 社会資源.

The sheet names and column order are an interface cities depend on (see README). Rows are
upserted by name, so importing the same file twice changes nothing; any error anywhere means
nothing is saved and every error is reported as ``sheet!row column: message``.
"""

from django.core.exceptions import ValidationError

from coordinators.models import (
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
from coordinators.organisation.services import coordinator_assign
from coordinators.periods import wareki_date

from . import extra_sheets
from .workbook import (
    Cells,
    RowError,
    build_template,
    cell_text,
    choice_by_label,
    date_cell,
    lookup,
    required,
    run_import,
)

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
TOWN_SEPARATORS = ("、", ",", "，")
YES_MARKS = {"○", "〇", "◯", "o", "O"}


def tier_cell(value, column="層"):
    digits = (
        cell_text(value).replace("第", "").replace("層", "").translate(str.maketrans("１２", "12"))
    )
    if digits not in {"1", "2"}:
        raise RowError(column, f"1 か 2 を入力してください（入力: {cell_text(value) or '空欄'}）。")
    return Tier(int(digits))


def _upsert(model, key, values):
    """Create or update one row; returns (object, "created" | "updated" | "unchanged")."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
        outcome = "created"
    else:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return obj, "unchanged"
        for name, value in changed.items():
            setattr(obj, name, value)
        outcome = "updated"
    obj.full_clean()
    obj.save()
    return obj, outcome


def _display_order(value):
    text = cell_text(value)
    if text and not text.isdigit():
        raise RowError("表示順", f"0以上の整数を入力してください（入力: {text}）。")
    return int(text) if text else None


def _import_center(row):
    cell = Cells()
    name = cell(required, row[0], "名称")
    kind = cell(choice_by_label, CenterKind, row[1], "種別")
    tier = cell(tier_cell, row[2])
    order = cell(_display_order, row[3])
    cell.check()
    values = {"kind": kind, "tier": tier}
    if order is not None:
        values["display_order"] = order
    return _upsert(Center, {"name": name}, values)[1]


def _split_towns(value):
    text = cell_text(value)
    for separator in TOWN_SEPARATORS[1:]:
        text = text.replace(separator, TOWN_SEPARATORS[0])
    return [part.strip() for part in text.split(TOWN_SEPARATORS[0]) if part.strip()]


def _import_area(row, index):
    cell = Cells()
    name = cell(required, row[0], "名称")
    center_name = cell(required, row[1], "所属")
    center = center_name and cell(lookup, Center, center_name, "所属", "所属")
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
    name = cell(required, row[0], "氏名")
    kana = cell_text(row[1])
    center_name = cell(required, row[2], "所属")
    center = center_name and cell(lookup, Center, center_name, "所属", "所属")
    tier = cell(tier_cell, row[3])
    start = cell(date_cell, row[4], "開始日", required=True)
    end = cell(date_cell, row[5], "終了日")
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
    text = cell_text(value)
    if text and text not in YES_MARKS:
        raise RowError("市補助事業", f"○ か空欄にしてください（入力: {text}）。")
    return bool(text)


def _import_resource(row):
    cell = Cells()
    name = cell(required, row[0], "名称")
    type_name = cell(required, row[1], "種別")
    resource_type = type_name and cell(lookup, ResourceType, type_name, "種別", "種別")
    area_name, town_name = cell_text(row[2]), cell_text(row[3])
    area = cell(lookup, Area, area_name, "圏域", "日常生活圏域") if area_name else None
    town = None
    if town_name and not (area_name and area is None):
        town = cell(_town, area, town_name)
    values = {
        "resource_type": resource_type,
        "area": area or (town.area if town else None),
        "town": town,
        "address": cell_text(row[4]),
        "operator": cell_text(row[5]),
        "state": cell(choice_by_label, ResourceState, row[6], "状態", ResourceState.ACTIVE),
        "launched_on": cell(date_cell, row[7], "開始日"),
        "is_subsidised": cell(_subsidised, row[8]),
        "notes": cell_text(row[9]),
    }
    cell.check()
    return _upsert(SocialResource, {"name": name}, values)[1]


IMPORTERS = {
    "所属": lambda row, index: _import_center(row),
    "日常生活圏域": _import_area,
    "担当者": lambda row, index: _import_coordinator(row),
    "社会資源": lambda row, index: _import_resource(row),
}


def _name_key(row):
    name = cell_text(row[0])
    return ("名称", name) if name else None


def _assignment_key(row):
    # An assignment is its person and its 開始日 (README): the same pair twice is one
    # assignment listed twice, which would silently move the person to the last 所属.
    name = cell_text(row[0])
    try:
        start = date_cell(row[4], "開始日")
    except RowError:
        return None  # the row reports its bad date itself
    if not name or start is None:
        return None
    return ("氏名・開始日", (name, wareki_date(start)))


# What makes two rows of a sheet the same thing (README, マスタ取込).
KEYS = {
    "所属": _name_key,
    "日常生活圏域": _name_key,
    "担当者": _assignment_key,
    "社会資源": _name_key,
}


def _all_sheets():
    sheets = {name: (columns, IMPORTERS[name], KEYS[name]) for name, columns in SHEETS.items()}
    for sheet in extra_sheets.MASTER_SHEETS.values():
        sheets[sheet.name] = (sheet.columns, sheet.importer)
    return sheets


def import_master(fileobj, *, dry_run=False):
    """Upsert every sheet in order; save nothing unless the whole workbook is clean."""
    return run_import(fileobj, _all_sheets(), dry_run=dry_run)


def build_master_template():
    """The empty master workbook with every sheet (its own four, then those other apps add),
    headers and drop-downs, as bytes."""
    return build_template(
        {name: spec[0] for name, spec in _all_sheets().items()},
        {
            **extra_sheets.pick_lists_of(extra_sheets.MASTER_SHEETS.values()),
            ("所属", "B"): [choice.label for choice in CenterKind],
            ("所属", "C"): ["1", "2"],
            ("担当者", "D"): ["1", "2"],
            ("社会資源", "B"): list(ResourceType.objects.values_list("name", flat=True)),
            ("社会資源", "G"): [choice.label for choice in ResourceState],
            ("社会資源", "I"): ["○"],
        },
    )
