"""The councils' sheets of the two workbook imports: 協議体 (import_master) and 会議記録
(import_records). Column orders are interfaces cities depend on (see README).

A 会議記録 row is one meeting by its key 会議体 + 開催日 + 議題: a second row, or a later file,
with the same key adds its attendees to that meeting instead of counting it again (issue 14).

Names are looked up folded and lists split as on the records sheets (issue 15): 「佐藤　花子」 is
佐藤 花子, 出席者 and 所属 may be listed on lines of their own or joined by 「・」 when every part
is registered, and a 地域課題 typed another way is the registered one.
"""

from django.core.exceptions import ValidationError

from coordinators.ids import ascii_id
from coordinators.imports.extra_sheets import ExtraSheet, add_master_sheet, add_records_sheet
from coordinators.imports.row_rules import service_errors
from coordinators.imports.typed_cells import (
    Registers,
    category_cell,
    clean_row,
    line_text,
    named_cell,
    names_cell,
    required_line,
    tier_cell,
)
from coordinators.imports.workbook import Cells, RowError, cell_text, date_cell
from coordinators.models import Category, Center
from coordinators.periods import FULLWIDTH_DIGITS
from coordinators.text import AmbiguousName, NameIndex, fold, split_list

from .models import Council, CouncilKind, CouncilTier, Meeting, RegionalIssue
from .services import meeting_create, meeting_join

COUNCIL_SHEET = "協議体"
COUNCIL_COLUMNS = ("名称", "層", "種別", "所属", "協議体相当", "既定の区分")
MEETING_SHEET = "会議記録"
MEETING_COLUMNS = ("開催日", "会議体", "所属", "出席者", "参加人数", "議題", "概要", "地域課題")
MEETING_COLUMN_OF_FIELD = {
    "date": "開催日",
    "council": "会議体",
    "coordinators": "出席者",
    "category": "会議体",
    "other_participants": "参加人数",
    "agenda": "議題",
    "summary": "概要",
    "title": "地域課題",
}


def _category(value):
    if not cell_text(value):
        return None
    return category_cell(value, list(Category.objects.all()), "既定の区分")


def _default_category():
    found = Category.objects.meeting_default()
    if found is None:
        raise RowError(
            "既定の区分", "既定の区分を入力してください（会議の既定の区分が決まっていません）。"
        )
    return found


def import_council(row, index):
    """One 協議体 row, upserted by its 名称 compared folded (the stored spelling kept); its
    種別 and 所属 looked up folded too (issue 15). Returns "created", "updated" or "unchanged";
    raises RowErrors. Councils and kinds are tens, so each row reads their names afresh."""
    row = clean_row(row)
    cell = Cells()
    name = cell(required_line, row[0], "名称")
    tier = cell(tier_cell, row[1])
    kind = cell(
        named_cell, NameIndex(CouncilKind.objects.all()), row[2], "種別", "種別", required=True
    )
    center = cell(named_cell, NameIndex(Center.objects.all()), row[3], "所属", "所属")
    equivalent = cell_text(row[4])
    if equivalent and equivalent not in {"○", "〇", "◯"}:
        cell.fail("協議体相当", f"○ か空欄にしてください（入力: {equivalent}）。")
    category = cell(_category, row[5])
    cell.check()
    # A council between the tiers (SC連携会議) keeps that place whatever the sheet says.
    values = {
        "tier": kind.tier if kind.tier == CouncilTier.BETWEEN else tier,
        "kind": kind,
        "center": center,
        "counts_as_equivalent": bool(equivalent),
        "default_category": category or _default_category(),
    }
    council = cell(named_council, name)
    cell.check()
    if council is None:
        council = Council(name=name, **values)
        outcome = "created"
    elif all(getattr(council, key) == value for key, value in values.items()):
        return "unchanged"
    else:
        for key, value in values.items():
            setattr(council, key, value)
        outcome = "updated"
    council.full_clean()
    council.save()
    return outcome


def named_council(name):
    """The stored council whose 名称 folds like `name`, or None; RowError when two do."""
    try:
        return NameIndex(Council.objects.all()).get(name)
    except AmbiguousName as error:
        raise RowError(
            "名称",
            f"「{name}」に当たる会議体が複数あります（「{'」「'.join(error.names)}」）。"
            "登録されている表記どおりに入力してください。",
        ) from None


def _participants(value):
    text = cell_text(value).translate(FULLWIDTH_DIGITS)
    if not text:
        return None
    number = ascii_id(text)  # "²".isdigit() is True, but it is no number of people
    if number is None:
        raise RowError("参加人数", f"0以上の整数を入力してください（入力: {text}）。")
    return number


def _recorded_meeting(council, day, agenda):
    """The live meeting of `council` on `day` whose 議題 folds like `agenda`, or None: the
    key of a 会議記録 row, however its spaces were typed (issue 15)."""
    wanted = fold(agenda)
    return next(
        (
            meeting
            for meeting in Meeting.objects.filter(council=council, date=day).order_by("pk")
            if fold(meeting.agenda) == wanted
        ),
        None,
    )


def meeting_importer(user):
    names = Registers()

    def import_row(row, index):
        row = clean_row(row)
        cell = Cells()
        day = cell(date_cell, row[0], "開催日", required=True)
        council = cell(named_cell, names.of(Council), row[1], "会議体", "会議体", required=True)
        centers = cell(names_cell, names.of(Center), row[2], "所属", "所属")
        # of two people of one name, the one of a listed 所属 on the day (issue 20)
        people = names.coordinators_at(centers or [], day)
        coordinators = cell(names_cell, people, row[3], "出席者", "担当者")
        fields = {
            "date": day,
            "council": council,
            "other_participants": cell(_participants, row[4]),
            "agenda": cell(required_line, row[5], "議題"),
            "summary": cell_text(row[6]),
        }
        # Titles are free text: 「・」 never splits them, and an unknown one is a new issue.
        titles = [line_text(title) for title in split_list(cell_text(row[7]))]
        cell.check()
        recorded = _recorded_meeting(council, day, fields["agenda"])
        if recorded is not None:
            return _join(user, recorded, coordinators, set(centers))
        issues = names.of(RegionalIssue, "title")
        existing = {title: (issues.matches(title) or [None])[0] for title in titles}
        try:
            meeting = meeting_create(
                user=user,
                coordinators=coordinators,
                raised_issues=[t for t in titles if existing[t] is None],
                discussed_issues=[existing[t] for t in titles if existing[t] is not None],
                # a different 議題 the same day is another session: the key is all three
                separate=True,
                **fields,
            )
        except ValidationError as error:
            raise service_errors(error, MEETING_COLUMN_OF_FIELD) from None
        if any(issue is None for issue in existing.values()):
            issues.forget()
        _check_centers(meeting, set(centers))
        return "created"

    return import_row


def _join(user, meeting, coordinators, centers):
    """A row for a recorded meeting (same 会議体, 開催日, 議題) is one more 所属's attendance at
    it, as when three 所属 each list the same SC連携会議 (issue 14): its attendees not yet
    there are added ("updated"); a row adding nobody is "already_recorded"."""
    attending = set(meeting.coordinators.all())
    if set(coordinators) <= attending:
        _check_centers(meeting, centers, only=coordinators)
        return "already_recorded"
    try:
        meeting_join(user=user, meeting=meeting, coordinators=coordinators)
    except ValidationError as error:
        raise service_errors(error, MEETING_COLUMN_OF_FIELD) from None
    _check_centers(meeting, centers, only=coordinators)
    return "updated"


def _check_centers(meeting, centers, only=None):
    """The row's 所属 column must name the 所属 of its attendees on the date."""
    activities = meeting.activities.prefetch_related("coordinators").select_related("center")
    attended = {
        activity.center
        for activity in activities
        if only is None or set(activity.coordinators.all()) & set(only)
    }
    if attended != centers:
        listed = "、".join(sorted(c.name for c in attended))
        raise RowError("所属", f"出席者のこの日の所属は「{listed}」です。")


def _council_pick_lists():
    return {
        "B": ["1", "2", "3"],
        "C": list(CouncilKind.objects.values_list("name", flat=True)),
        "E": ["○"],
    }


def register():
    """Give the two workbook imports their councils' sheets: 協議体 to マスタ取込 (after
    社会資源, so its 所属 exist) and 会議記録 to 活動記録の取込. Called from the app's ready()."""
    add_master_sheet(
        ExtraSheet(COUNCIL_SHEET, COUNCIL_COLUMNS, import_council, _council_pick_lists)
    )
    add_records_sheet(ExtraSheet(MEETING_SHEET, MEETING_COLUMNS, meeting_importer))
