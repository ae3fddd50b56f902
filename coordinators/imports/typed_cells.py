"""Cells of the workbook imports typed the ways people type them (issue 15), read with the
parsers the screens use, each raising RowError(column, message) for the row's error list.

Every importer first passes its row through clean_row, so a control character pasted into a
cell is gone before anything is compared, looked up or saved. Names are looked up folded
(coordinators.text.fold) in a NameIndex built once per import (Registers).
"""

import re
import unicodedata
from datetime import datetime, time, timedelta

from coordinators.models import Assignment, Category, Coordinator, SocialResource, Tier
from coordinators.text import (
    AmbiguousName,
    NameIndex,
    clean_text,
    fold,
    split_list,
    split_names,
)
from coordinators.typed_values import (
    DURATION_HELP,
    MAX_MINUTES,
    MIN_MINUTES,
    TIME_EXAMPLES,
    TypedValueError,
    parse_minutes,
    parse_time_of_day,
)

from .workbook import RowError, cell_text

# How Excel writes a character XML cannot hold (a vertical tab is _x000B_, and a typed "_x"
# followed by four hex digits has its "_" written _x005F_); openpyxl hands the escape over as
# text, so a vertical tab pasted from Word arrives as 「_x000B_」.
OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _unescaped(value):
    if not isinstance(value, str) or "_x" not in value:
        return value
    return OOXML_ESCAPE.sub(lambda match: chr(int(match[1], 16)), value)


def clean_row(row):
    """`row` (tuple of cell values) with every text cell's control characters removed, those
    Excel wrote as _x000B_ included; tabs and line breaks stay (a 担当者 cell may list names on
    lines of their own)."""
    return tuple(clean_text(_unescaped(value)) for value in row)


def line_text(value):
    """A one-line text cell: stripped, each run of tabs and line breaks one space -> str."""
    return clean_text(cell_text(value), multiline=False).strip()


def required_line(value, column):
    """line_text, raising RowError 「必須です。」 when blank."""
    text = line_text(value)
    if not text:
        raise RowError(column, "必須です。")
    return text


def time_cell(value, column="開始時刻"):
    """開始時刻 -> datetime.time or None (blank): an Excel time or date-time, or text read by
    parse_time_of_day (10:00, 10時, 10時30分, 1030, ９：３０)."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = cell_text(value)
    if not text:
        return None
    try:
        return parse_time_of_day(text)
    except TypedValueError:
        raise RowError(
            column,
            f"「{text}」は時刻として読めません。「{'」「'.join(TIME_EXAMPLES.split('、'))}」"
            "のように入力してください。",
        ) from None


def minutes_cell(value, column="所要時間（分）"):
    """所要時間 -> minutes (int, 1–1440) or None (blank): a number of minutes, text read by
    parse_minutes (90, 1時間30分, 1.5時間, 1:30, ９０), or what Excel made of 「1:30」 (a time
    or a duration: 90 minutes)."""
    if isinstance(value, time):
        minutes = value.hour * 60 + value.minute
        text = value.strftime("%H:%M")
    elif isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        text = str(value)
    else:
        text = cell_text(value)
        if not text:
            return None
        try:
            minutes = parse_minutes(text)
        except TypedValueError:
            raise RowError(column, f"{DURATION_HELP}（入力: {text}）。") from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise RowError(
            column,
            f"{MIN_MINUTES}から{MAX_MINUTES}までの数を入力してください（入力: {text}）。",
        )
    return minutes


def _digits(value):
    # Full-width digits from an IME are the same numbers (１２０ is 120).
    return unicodedata.normalize("NFKC", cell_text(value))


def number_cell(value, column, low, high):
    """A whole number from low to high -> int, or None (blank); full-width digits read.
    Raises RowError 「整数を入力してください」 or naming the range."""
    text = _digits(value)
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise RowError(column, f"整数を入力してください（入力: {text}）。")
    number = int(text)
    if not low <= number <= high:
        raise RowError(column, f"{low}から{high}までの数を入力してください（入力: {number}）。")
    return number


def tier_cell(value, column="層"):
    """層 as typed: 1, ２, 第3層 -> Tier. Raises RowError naming the three tiers."""
    digits = (
        cell_text(value)
        .replace("第", "")
        .replace("層", "")
        .translate(str.maketrans("１２３", "123"))
    )
    if digits not in {"1", "2", "3"}:
        shown = cell_text(value) or "空欄"
        raise RowError(column, f"1・2・3 のどれかを入力してください（入力: {shown}）。")
    return Tier(int(digits))


def category_cell(value, categories, column="区分"):
    """区分 by number (2) or name (実態把握; compared folded, so brackets full- or half-width and
    spaces do not matter) -> the Category of `categories` (the city's, Registers.categories()).
    Raises RowError listing the active ones."""
    text = _digits(value)
    for category in categories:
        if fold(text) in (str(category.number), fold(category.label)):
            return category
    choices = "・".join(f"{c.number} {c.label}" for c in categories if c.is_active)
    raise RowError(
        column, f"区分は {choices} のどれか（番号か名称）です（入力: {text or '空欄'}）。"
    )


class Registers:
    """The name indexes of one import run, each built on first use: of(Model) for names,
    of(Model, "title") for another column."""

    def __init__(self):
        self._indexes = {}
        self._categories = None
        self._assignments = None

    def categories(self):
        """The city's 区分 (every Category, active or not), read once per run."""
        if self._categories is None:
            self._categories = list(Category.objects.all())
        return self._categories

    def of(self, model, field="name"):
        if (model, field) not in self._indexes:
            queryset, label = QUALIFIED.get((model, field), (model.objects.all(), None))
            self._indexes[model, field] = NameIndex(queryset, field, label)
        return self._indexes[model, field]

    def assignments(self):
        """{coordinator id: [(center id, start, end or None)]} of every assignment, read once
        per run: who served where on a record's date, to tell people of one name apart."""
        if self._assignments is None:
            self._assignments = {}
            for person, center, start, end in Assignment.objects.values_list(
                "coordinator", "center", "start_date", "end_date"
            ):
                self._assignments.setdefault(person, []).append((center, start, end))
        return self._assignments

    def coordinators_at(self, center, day):
        """Coordinator names as a row of `center` (a Center, or a list of them) on `day` reads
        them: of two people of one name, the one serving there then (issue 20). Without a 所属
        or date, plain names."""
        index = self.of(Coordinator)
        places = {c.pk for c in (center if isinstance(center, list) else [center]) if c}
        if not places or day is None:
            return index
        served = self.assignments()

        def serving(person):
            return any(
                place in places and start <= day and (end is None or day <= end)
                for place, start, end in served.get(person.pk, ())
            )

        return index.narrowed(serving)

    def resources_of(self, center):
        """訪問先 names as a row of `center` reads them: of two resources of one name, the one
        in the 圏域 `center` serves (issue 20)."""
        index = self.of(SocialResource)
        if center is None:
            return index
        return index.narrowed(
            lambda resource: resource.area_id is not None and resource.area.center_id == center.pk
        )


# Names that two rows may share, shown and typed with what tells them apart (issue 20).
QUALIFIED = {
    (Coordinator, "name"): (Coordinator.objects.all(), lambda c: c.qualified_name),
    (SocialResource, "name"): (
        SocialResource.objects.select_related("area"),
        lambda r: r.qualified_name,
    ),
}


def _ambiguous(column, what, error):
    return RowError(
        column,
        f"{what}「{error.text}」に当たるものが複数あります（「{'」「'.join(error.names)}」）。"
        "登録されている表記どおり、または括弧の中まで入力してください。",
    )


def named_cell(index, value, column, what, required=False):
    """The registered row a cell names, folded (「佐藤　花子」 is 佐藤 花子), or None for a blank
    optional cell. Raises RowError 「必須です。」, 「{what}「…」が見つかりません。先に登録して
    ください。」 or, when two registered names fold alike, one naming both."""
    text = line_text(value)
    if not text:
        if required:
            raise RowError(column, "必須です。")
        return None
    try:
        found = index.get(text)
    except AmbiguousName as error:
        raise _ambiguous(column, what, error) from None
    if found is None:
        raise RowError(column, f"{what}「{text}」が見つかりません。先に登録してください。")
    return found


def names_cell(index, value, column, what):
    """The registered rows a cell lists -> [row], at least one: separated by 「、」, 「,」,
    「，」 or a line break, and by 「・」 when every part is a registered name (split_names).
    Raises RowError 「必須です。」 or 「{what}「…」「…」が見つかりません。」 naming every missing
    item."""
    if not split_list(cell_text(value)):
        raise RowError(column, "必須です。")
    try:
        found, missing = split_names(cell_text(value), index)
    except AmbiguousName as error:
        raise _ambiguous(column, what, error) from None
    if missing:
        raise RowError(column, f"{what}「{'」「'.join(missing)}」が見つかりません。")
    return found
