"""Onboarding a municipality from one workbook: 自治体, 区分, 所属, 日常生活圏域, 担当者, 社会資源.

The sheet names and column order are an interface cities depend on (see README). Rows are
upserted by name, so importing the same file twice changes nothing; any error anywhere means
nothing is saved and every error is reported as ``sheet!row column: message``.

Names are compared folded (issue 15): a row naming 「佐藤　花子」 or 「佐藤花子」 is the registered
佐藤 花子 (変更なし, the stored spelling kept), two rows of one sheet that fold alike are one key,
and every 所属, 圏域, 町名 or 種別 a row names is looked up the same way. Control characters
pasted into a cell are removed before anything is read.
"""

from coordinators.models import (
    Area,
    Center,
    CenterKind,
    NationalFunction,
    ResourceState,
    ResourceType,
    SocialResource,
    Town,
)
from coordinators.text import NameIndex, NameKey, clean_text, split_list

from . import extra_sheets
from .category_sheet import CATEGORY_COLUMNS, CATEGORY_SHEET, CategoryRows, category_key
from .municipality_sheet import MUNICIPALITY_COLUMNS, MUNICIPALITY_SHEET, MunicipalityRows
from .people_sheet import COORDINATOR_COLUMNS, CoordinatorRows, assignment_key
from .sheets import AddedColumn
from .typed_cells import Registers, clean_row, line_text, named_cell, required_line, tier_cell
from .upserts import display_order_cell, upsert, yes_mark
from .workbook import (
    MAX_ROWS_PER_SHEET,
    Cells,
    RowError,
    build_template,
    cell_text,
    choice_by_label,
    date_cell,
    run_import,
)

# Added in issue 20; files of four columns still read
SECRETARIAT_COLUMN = AddedColumn("事務局")
SHEETS = {
    MUNICIPALITY_SHEET: MUNICIPALITY_COLUMNS,  # issue 21
    # before the 協議体 sheet and the records, which name 区分 (issue 20)
    CATEGORY_SHEET: CATEGORY_COLUMNS,
    "所属": ("名称", "種別", "層", "表示順", SECRETARIAT_COLUMN),
    "日常生活圏域": ("名称", "所属", "町名"),
    "担当者": COORDINATOR_COLUMNS,
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


class CenterRows:
    """The 所属 sheet: 名称, 種別 (any text: a kind not yet registered is added, issue 20), 層
    (1–3), 表示順, 事務局 (○ on the one row of the division). A file without the 事務局
    column leaves the 事務局 as it is; with it, the 事務局 is the row marked ○ and a second
    ○ is refused, never silently moved."""

    def __init__(self, names):
        self.names = names
        self.has_secretariat = True
        self.secretariat_row = None

    def columns_absent(self, absent):
        self.has_secretariat = SECRETARIAT_COLUMN not in absent

    def __call__(self, row, index):
        row = clean_row(row)
        cell = Cells()
        name = cell(required_line, row[0], "名称")
        kind_name = cell(required_line, row[1], "種別")
        tier = cell(tier_cell, row[2])
        order = cell(display_order_cell, row[3])
        secretariat = cell(yes_mark, row[4], "事務局") if self.has_secretariat else None
        if secretariat and self.secretariat_row is not None:
            cell.fail(
                "事務局",
                f"事務局に○を付けられるのは1行だけです（「{self.secretariat_row}」にも付いています）。",
            )
        cell.check()
        kind, _outcome = upsert(
            CenterKind, {"name": kind_name}, {}, self.names.of(CenterKind), "種別"
        )
        values = {"kind": kind, "tier": tier}
        if order is not None:
            values["display_order"] = order
        if secretariat is not None:
            values["is_secretariat"] = secretariat
        if secretariat:
            self.secretariat_row = name
            # one 事務局 at most: the row marked ○ takes it from whichever 所属 had it
            others = Center.objects.filter(is_secretariat=True).exclude(name=name)
            others.update(is_secretariat=False)
        return upsert(Center, {"name": name}, values, self.names.of(Center))[1]


def _split_towns(value):
    # 「、」「,」「，」 or a line break between towns
    return split_list(cell_text(value))


def _import_area(row, index, names):
    row = clean_row(row)
    cell = Cells()
    name = cell(required_line, row[0], "名称")
    center = cell(named_cell, names.of(Center), row[1], "所属", "所属", required=True)
    cell.check()
    area, outcome = upsert(
        Area, {"name": name}, {"center": center, "display_order": index}, names.of(Area)
    )
    towns = NameIndex(Town.objects.filter(area=area))
    for order, town_name in enumerate(_split_towns(row[2]), start=1):
        _town, town_outcome = upsert(
            Town, {"area": area, "name": town_name}, {"display_order": order}, towns, "町名"
        )
        if town_outcome == "created":
            names.of(Town).forget()
        if town_outcome != "unchanged" and outcome == "unchanged":
            outcome = "updated"
    return outcome


def _town(towns, area, town_name):
    """The town `town_name` names (folded; inside `area` when given) in `towns`, a NameIndex
    of every town. Raises RowError when none, or several areas have it and no area is given."""
    matches = [town for town in towns.matches(town_name) if area is None or town.area_id == area.pk]
    if not matches:
        where = f"「{area.name}」に" if area else ""
        raise RowError("町名", f"町名「{town_name}」が{where}見つかりません。")
    if len(matches) > 1:
        raise RowError(
            "町名", f"町名「{town_name}」は複数の圏域にあります。圏域も入力してください。"
        )
    return matches[0]


def _import_resource(row, names):
    row = clean_row(row)
    cell = Cells()
    name = cell(required_line, row[0], "名称")
    resource_type = cell(named_cell, names.of(ResourceType), row[1], "種別", "種別", required=True)
    area_name, town_name = line_text(row[2]), line_text(row[3])
    area = cell(named_cell, names.of(Area), area_name, "圏域", "日常生活圏域")
    town = None
    if town_name and not (area_name and area is None):
        town = cell(_town, names.of(Town), area, town_name)
    values = {
        "resource_type": resource_type,
        "area": area or (town.area if town else None),
        "town": town,
        "address": line_text(row[4]),
        "operator": line_text(row[5]),
        "state": cell(choice_by_label, ResourceState, row[6], "状態", ResourceState.ACTIVE),
        "launched_on": cell(date_cell, row[7], "開始日"),
        "is_subsidised": cell(yes_mark, row[8], "市補助事業"),
        "notes": cell_text(row[9]),
    }
    cell.check()
    # A resource is its 名称 in its 圏域 (issue 20): 「ふれあいサロン」 of 東 and of 西 are two.
    area = values["area"].pk if values["area"] else None
    return upsert(
        SocialResource,
        {"name": name},
        values,
        names.of(SocialResource),
        within=lambda resource: resource.area_id == area,
    )[1]


def _importers(names):
    """The five sheets' importers of one import run, sharing its name indexes (Registers)."""
    return {
        MUNICIPALITY_SHEET: MunicipalityRows(),
        CATEGORY_SHEET: CategoryRows(),
        "所属": CenterRows(names),
        "日常生活圏域": lambda row, index: _import_area(row, index, names),
        "担当者": CoordinatorRows(names),
        "社会資源": lambda row, index: _import_resource(row, names),
    }


def _name_key(row):
    # 「佐藤　花子」 and 「佐藤 花子」 on two rows are one name listed twice (issue 15)
    name = line_text(clean_text(row[0]))
    return ("名称", NameKey(name)) if name else None


# What makes two rows of a sheet the same thing (README, マスタ取込).
def _resource_key(row):
    # 名称 + 圏域 (issue 20): the same name in two 圏域 is two resources, in one it is one
    key = _name_key(row)
    area = line_text(clean_text(row[2]))
    if key is None or not area:
        return key
    return ("名称", (key[1], NameKey(area)), f"{key[1]}（{area}）")


KEYS = {
    MUNICIPALITY_SHEET: None,  # one row (MunicipalityRows refuses a second)
    CATEGORY_SHEET: category_key,
    "所属": _name_key,
    "日常生活圏域": _name_key,
    "担当者": assignment_key,
    "社会資源": _resource_key,
}


def _all_sheets():
    importers = _importers(Registers())
    sheets = {
        name: (columns, importers[name], *((KEYS[name],) if KEYS[name] else ()))
        for name, columns in SHEETS.items()
    }
    for sheet in extra_sheets.MASTER_SHEETS.values():
        sheets[sheet.name] = (sheet.columns, sheet.importer)
    return sheets


def import_master(fileobj, *, dry_run=False, max_rows=MAX_ROWS_PER_SHEET):
    """Upsert every sheet in order; save nothing unless the whole workbook is clean.
    max_rows: rows with a value allowed per sheet (MAX_ROWS_PER_SHEET_ON_A_PAGE on the page)."""
    return run_import(fileobj, _all_sheets(), dry_run=dry_run, max_rows=max_rows)


def build_master_template():
    """The empty master workbook with every sheet (its own five, then those other apps add),
    headers and drop-downs, as bytes."""
    return build_template(
        {name: spec[0] for name, spec in _all_sheets().items()},
        {
            **extra_sheets.pick_lists_of(extra_sheets.MASTER_SHEETS.values()),
            (CATEGORY_SHEET, "E"): [choice.label for choice in NationalFunction],
            ("所属", "B"): list(CenterKind.objects.values_list("name", flat=True)),
            ("所属", "E"): ["○"],
            ("所属", "C"): ["1", "2", "3"],
            ("担当者", "D"): ["1", "2", "3"],
            ("担当者", "G"): ["○"],
            ("社会資源", "B"): list(ResourceType.objects.values_list("name", flat=True)),
            ("社会資源", "G"): [choice.label for choice in ResourceState],
            ("社会資源", "I"): ["○"],
        },
        text_columns=[(MUNICIPALITY_SHEET, "B"), ("担当者", "H")],
    )
