"""The 担当者 sheet of import_master: people and their assignments, 兼務 and 職員番号 (issue 20)."""

from django.core.exceptions import ValidationError

from coordinators.models import Center, Coordinator, staff_number_key
from coordinators.organisation.services import coordinator_assign
from coordinators.periods import wareki_date
from coordinators.text import NameKey, clean_text

from .sheets import AddedColumn
from .typed_cells import clean_row, line_text, named_cell, required_line, tier_cell
from .upserts import optional_cell, save_values, yes_mark
from .workbook import Cells, RowError, date_cell

# Added in issue 20; files without them still read, keeping what is stored
CONCURRENT_COLUMN = AddedColumn("兼務")
STAFF_NUMBER_COLUMN = AddedColumn("職員番号")
COORDINATOR_COLUMNS = (
    "氏名",
    "ふりがな",
    "所属",
    "層",
    "開始日",
    "終了日",
    CONCURRENT_COLUMN,
    STAFF_NUMBER_COLUMN,
)


class CoordinatorRows:
    """The 担当者 sheet: 氏名, ふりがな, 所属, 層, 開始日, 終了日, 兼務 (○ or blank), 職員番号.

    A person is their 職員番号 where the row gives one, else their 氏名 and ふりがな (a blank
    ふりがな on either side matches); an assignment is person + 所属 + 層 + 開始日 (issue 20).
    Within one file a 職員番号 carries one 氏名 and an assignment is listed once. A second
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
            cell(yes_mark, optional_cell(row, 6), CONCURRENT_COLUMN)
            if self.has_concurrent
            else None
        )
        number = staff_number_key(line_text(optional_cell(row, 7))) if self.has_staff_number else ""
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
        return save_values(Coordinator, person, {}, values, index)


def assignment_key(row):
    # An assignment is its person + 所属 + 層 + 開始日 (issue 20), the person their 職員番号
    # where given, else their 氏名: the same four twice is one assignment listed twice.
    name = line_text(clean_text(row[0]))
    number = staff_number_key(line_text(clean_text(optional_cell(row, 7))))
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
