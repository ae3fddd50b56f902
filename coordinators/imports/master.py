"""Onboarding a municipality from one workbook: 自治体, 区分, 所属, 日常生活圏域, 担当者, 社会資源.

The sheet names and column order are an interface cities depend on (see README). Rows are
upserted by name, so importing the same file twice changes nothing; any error anywhere means
nothing is saved and every error is reported as ``sheet!row column: message``.

Names are compared folded (issue 15): a row naming 「佐藤　花子」 or 「佐藤花子」 is the registered
佐藤 花子 (変更なし, the stored spelling kept), two rows of one sheet that fold alike are one key,
and every 所属, 圏域, 町名 or 種別 a row names is looked up the same way. Control characters
pasted into a cell are removed before anything is read.
"""

from django.core.exceptions import ValidationError

from coordinators.ids import ascii_id
from coordinators.models import (
    Area,
    Center,
    CenterKind,
    Coordinator,
    Municipality,
    NationalFunction,
    ResourceState,
    ResourceType,
    SocialResource,
    Town,
    current_municipality,
    staff_number_key,
    validate_municipality_code,
)
from coordinators.organisation.services import coordinator_assign
from coordinators.periods import FULLWIDTH_DIGITS, wareki_date
from coordinators.text import AmbiguousName, NameIndex, NameKey, clean_text, split_list

from . import extra_sheets
from .category_sheet import CATEGORY_COLUMNS, CATEGORY_SHEET, CategoryRows, category_key
from .sheets import AddedColumn
from .typed_cells import Registers, clean_row, line_text, named_cell, required_line, tier_cell
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

# Added in issue 20; files without them still read
SECRETARIAT_COLUMN = AddedColumn("事務局")
CONCURRENT_COLUMN = AddedColumn("兼務")
STAFF_NUMBER_COLUMN = AddedColumn("職員番号")
MUNICIPALITY_SHEET = "自治体"
SHEETS = {
    MUNICIPALITY_SHEET: ("名称", "団体コード"),  # issue 21
    # before the 協議体 sheet and the records, which name 区分 (issue 20)
    CATEGORY_SHEET: CATEGORY_COLUMNS,
    "所属": ("名称", "種別", "層", "表示順", SECRETARIAT_COLUMN),
    "日常生活圏域": ("名称", "所属", "町名"),
    "担当者": (
        "氏名",
        "ふりがな",
        "所属",
        "層",
        "開始日",
        "終了日",
        CONCURRENT_COLUMN,
        STAFF_NUMBER_COLUMN,
    ),
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


def _upsert(model, key, values, index=None, column="名称", within=None):
    """Create or update one row; returns (object, "created" | "updated" | "unchanged").

    With `index` (the NameIndex of `model`'s names) the row is the stored one whose name folds
    like key["name"] (issue 15), and its stored spelling is kept; a created row makes the index
    read the table again. `within(row)`: only such rows are this one (a resource of the same
    圏域, issue 20); others of the name are other things. Raises RowError when two stored
    names fold alike."""
    if index is None:
        obj = model.objects.filter(**key).first()
    else:
        try:
            obj = _stored(index, key["name"], within)
        except AmbiguousName as error:
            raise RowError(
                column,
                f"「{error.text}」に当たるものが複数あります（「{'」「'.join(error.names)}」）。"
                "登録されている表記どおりに入力してください。",
            ) from None
    return _write(model, obj, key, values, index)


def _write(model, obj, key, values, index=None):
    """Save `values` on `obj`, or on a new model(**key, **values) when it is None -> (obj,
    "created" | "updated" | "unchanged"); a created row makes `index` read the table again."""
    if obj is None:
        obj = model(**key, **values)
        outcome = "created"
        if index is not None:
            index.forget()
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


def _stored(index, name, within):
    if within is None:
        return index.get(name)
    found = [row for row in index.matches(name) if within(row)]
    if len(found) > 1:
        raise AmbiguousName(name, sorted(index.shown(row) for row in found))
    return found[0] if found else None


def _display_order(value):
    text = cell_text(value)
    if not text:
        return None
    # ASCII digits only after folding full-width ones: "²".isdigit() is True, int("²") fails
    number = ascii_id(text.translate(FULLWIDTH_DIGITS))
    if number is None:
        raise RowError("表示順", f"0以上の整数を入力してください（入力: {text}）。")
    return number


def _yes_mark(value, column):
    text = cell_text(value)
    if text and text not in YES_MARKS:
        raise RowError(column, f"○ か空欄にしてください（入力: {text}）。")
    return bool(text)


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
        order = cell(_display_order, row[3])
        secretariat = cell(_yes_mark, row[4], "事務局") if self.has_secretariat else None
        if secretariat and self.secretariat_row is not None:
            cell.fail(
                "事務局",
                f"事務局に○を付けられるのは1行だけです（「{self.secretariat_row}」にも付いています）。",
            )
        cell.check()
        kind, _outcome = _upsert(
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
        return _upsert(Center, {"name": name}, values, self.names.of(Center))[1]


def _split_towns(value):
    # 「、」「,」「，」 or a line break between towns
    return split_list(cell_text(value))


def _import_area(row, index, names):
    row = clean_row(row)
    cell = Cells()
    name = cell(required_line, row[0], "名称")
    center = cell(named_cell, names.of(Center), row[1], "所属", "所属", required=True)
    cell.check()
    area, outcome = _upsert(
        Area, {"name": name}, {"center": center, "display_order": index}, names.of(Area)
    )
    towns = NameIndex(Town.objects.filter(area=area))
    for order, town_name in enumerate(_split_towns(row[2]), start=1):
        _town, town_outcome = _upsert(
            Town, {"area": area, "name": town_name}, {"display_order": order}, towns, "町名"
        )
        if town_outcome == "created":
            names.of(Town).forget()
        if town_outcome != "unchanged" and outcome == "unchanged":
            outcome = "updated"
    return outcome


def _municipality_code(value):
    # Excel keeps 011002 typed as a number as 11002: a number is the code with its zeros
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = f"{int(value):06d}"
    else:
        text = line_text(value).translate(FULLWIDTH_DIGITS).replace(" ", "")
    if not text:
        raise RowError("団体コード", "団体コード（6桁）を入力してください。")
    try:
        validate_municipality_code(text)
    except ValidationError as error:
        raise RowError("団体コード", error.messages[0]) from None
    return text


class MunicipalityRows:
    """The 自治体 sheet (issue 21): one row, 名称 and 団体コード (全国地方公共団体コード, six digits
    with its check digit), the municipality every report names."""

    def __init__(self):
        self.seen = False

    def __call__(self, row, index):
        row = clean_row(row)
        cell = Cells()
        name = cell(required_line, row[0], "名称")
        code = cell(_municipality_code, row[1])
        if self.seen:
            cell.fail("名称", "自治体は1行だけにしてください。")
        self.seen = True
        cell.check()
        stored = current_municipality()
        return _write(Municipality, stored, {}, {"name": name, "code": code})[1]


def _optional_cell(row, position):
    return row[position] if len(row) > position else None


class CoordinatorRows:
    """The 担当者 sheet: 氏名, ふりがな, 所属, 層, 開始日, 終了日, 兼務 (○ or blank), 職員番号.

    A person is their 職員番号 where the row gives one, else their 氏名 (+ ふりがな when
    several share the name); an assignment is person + 所属 + 層 + 開始日 (issue 20). A second
    post held at once must be marked 兼務 on one of the two rows: an overlap without it is
    refused at 開始日, never read as a move. A file without the 兼務 or 職員番号 column keeps
    what is stored (an old file does not undo a 兼務 set in admin)."""

    def __init__(self, names):
        self.names = names
        self.has_concurrent = self.has_staff_number = True
        self.number_names = {}  # 職員番号 -> the 氏名 its first row gave, in this file
        self.assignments = set()  # (person, 所属, 層, 開始日) of the rows read

    def columns_absent(self, absent):
        self.has_concurrent = CONCURRENT_COLUMN not in absent
        self.has_staff_number = STAFF_NUMBER_COLUMN not in absent

    def __call__(self, row, index):
        row = clean_row(row)
        cell = Cells()
        name = cell(required_line, row[0], "氏名")
        kana = line_text(row[1])
        center = cell(named_cell, self.names.of(Center), row[2], "所属", "所属", required=True)
        tier = cell(tier_cell, row[3])
        start = cell(date_cell, row[4], "開始日", required=True)
        end = cell(date_cell, row[5], "終了日")
        if start and end and end < start:
            cell.fail("終了日", "終了日は開始日以降の日付にしてください。")
        concurrent = (
            cell(_yes_mark, _optional_cell(row, 6), CONCURRENT_COLUMN)
            if self.has_concurrent
            else None
        )
        number = (
            staff_number_key(line_text(_optional_cell(row, 7))) if self.has_staff_number else ""
        )
        if number and name:
            named = self.number_names.setdefault(number, name)
            if NameKey(named) != name:
                cell.fail(
                    STAFF_NUMBER_COLUMN,
                    f"職員番号「{number}」は前の行で「{named}」の番号です。1人に1つの番号にしてください。",
                )
        cell.check()
        coordinator, outcome = self._person(name, kana, number)
        # one assignment twice (a row with the 職員番号 and one without, say): the second
        # would silently win over the first, and every import would report it 更新
        key = (coordinator.pk, center.pk, tier, start)
        if key in self.assignments:
            raise RowError(
                "氏名",
                f"{coordinator.qualified_name}の所属履歴（{center}・{tier.label}・"
                f"{wareki_date(start)}〜）の行が前にもあります。1行にまとめてください。",
            )
        self.assignments.add(key)
        existing = coordinator.assignments.filter(
            center=center, tier=tier, start_date=start
        ).first()
        if concurrent is None:
            concurrent = existing.is_concurrent if existing else False
        if existing and (existing.end_date, existing.is_concurrent) == (end, concurrent):
            return outcome
        try:
            coordinator_assign(
                coordinator=coordinator,
                center=center,
                tier=tier,
                start_date=start,
                end_date=end,
                is_concurrent=concurrent,
            )
        except ValidationError as error:
            raise RowError(
                "開始日",
                " ".join(error.messages)
                + " 所属の誤りを直すときは、管理画面で誤った所属履歴を削除してください。",
            ) from None
        return "created" if outcome == "created" else "updated"

    def _person(self, name, kana, number):
        """(Coordinator, outcome) the row names: by 職員番号; else the one of this 氏名 whose
        ふりがな is the row's (or blank), so two of one name with different ふりがな are two
        people; a new one when none. RowError at 氏名 when several still fit."""
        index = self.names.of(Coordinator)
        values = {"name": name, "kana": kana} if kana else {"name": name}
        found = [
            c for c in index.matches(name) if not kana or not c.kana or NameKey(c.kana) == kana
        ]
        person = None
        if number:
            person = Coordinator.objects.filter(staff_number=number).first()
            if person is None:
                # one registered without a number takes it: the same person, now numbered
                unnumbered = [c for c in found if not c.staff_number]
                if len(unnumbered) == 1:
                    person = unnumbered[0]
            values["staff_number"] = number
        else:
            if len(found) > 1:
                shown = "、".join(sorted(c.qualified_name for c in found))
                raise RowError(
                    "氏名",
                    f"「{name}」という人が複数います（{shown}）。職員番号を入力してください。",
                )
            person = found[0] if found else None
        if person is not None and NameKey(person.name) == name:
            values["name"] = person.name  # the stored spelling stays (issue 15)
        return _write(Coordinator, person, {}, values, index)


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
        "is_subsidised": cell(_yes_mark, row[8], "市補助事業"),
        "notes": cell_text(row[9]),
    }
    cell.check()
    # A resource is its 名称 in its 圏域 (issue 20): 「ふれあいサロン」 of 東 and of 西 are two.
    area = values["area"].pk if values["area"] else None
    return _upsert(
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


def _assignment_key(row):
    # An assignment is its person + 所属 + 層 + 開始日 (issue 20), the person their 職員番号
    # where given, else their 氏名: the same four twice is one assignment listed twice.
    name = line_text(clean_text(row[0]))
    number = staff_number_key(line_text(clean_text(_optional_cell(row, 7))))
    center = line_text(clean_text(row[2]))
    try:
        tier, start = tier_cell(row[3]), date_cell(row[4], "開始日")
    except RowError:
        return None  # the row reports its bad cell itself
    if not name or start is None:
        return None
    person = ("職員番号", number) if number else ("氏名", NameKey(name))
    shown = f"{name}（{number}）" if number else name
    return (
        "氏名・所属・層・開始日",
        (person, NameKey(center), tier, start),
        f"{shown}・{center}・{tier.label}・{wareki_date(start)}",
    )


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
    "担当者": _assignment_key,
    "社会資源": _resource_key,
}


def _all_sheets():
    importers = _importers(Registers())
    sheets = {name: (columns, importers[name], KEYS[name]) for name, columns in SHEETS.items()}
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
            ("社会資源", "B"): list(ResourceType.objects.values_list("name", flat=True)),
            ("社会資源", "G"): [choice.label for choice in ResourceState],
            ("社会資源", "I"): ["○"],
        },
    )
