"""Importing years of records kept in Excel: sheets 活動記録 and 相談記録.

The sheet name and column order are an interface cities depend on (see README). Every row goes
through activity_create, so the rules of the week page (所属 from the assignment, 2層支援 only
for tier 1, closed half-years, center staff only for their own 所属) hold here too. A row
identical to a live record is skipped, so importing the same workbook twice adds nothing.
A 活動記録 row with a 記録ID (the activity list's Excel export, issue 16) changes that record
instead (record_ids).

Cells are read as people type them (issue 15, typed_cells): names folded (「佐藤　花子」 is
佐藤 花子), several 担当者 or 相談内容 per cell on lines of their own or joined by 「・」, 開始時刻
as 10時 or 1030, 所要時間 as 1時間30分 or 1:30, control characters removed.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

from coordinators.activities.services import activity_create
from coordinators.consultations.services import consultation_create
from coordinators.models import (
    Activity,
    ActivityForm,
    CareLevel,
    Category,
    Center,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    Coordinator,
    Sex,
    SocialResource,
)
from coordinators.roles import role_of
from coordinators.text import fold

from . import extra_sheets
from .record_ids import RECORD_ID_COLUMN, exported_activity, record_id_key, update_from_row
from .typed_cells import (
    Registers,
    clean_row,
    line_text,
    minutes_cell,
    named_cell,
    names_cell,
    required_line,
    time_cell,
)
from .workbook import (
    MAX_ROWS_PER_SHEET,
    RECORDS_OUTCOMES,
    Cells,
    RowError,
    RowErrors,
    build_template,
    cell_text,
    date_cell,
    run_import,
)

ACTIVITY_SHEET = "活動記録"
CONSULTATION_SHEET = "相談記録"
SHEETS = {
    ACTIVITY_SHEET: (
        "日付",
        "開始時刻",
        "所要時間（分）",
        "所属",
        "担当者",
        "区分",
        "活動形態",
        "訪問先",
        "場所",
        "参加人数",
        "内容",
    ),
    CONSULTATION_SHEET: (
        "受付日",
        "所属",
        "担当者",
        "相談経路",
        "相談者種別",
        "相談内容",
        "対応結果",
        "年齢",
        "性別",
        "要介護度",
        "概要",
    ),
}
CONSULTATION_COLUMN_OF_FIELD = {
    "received_on": "受付日",
    "coordinator": "担当者",
    "route": "相談経路",
    "consulter_type": "相談者種別",
    "topics": "相談内容",
    "outcome": "対応結果",
    "resource": "対応結果",
    "subject_age": "年齢",
    "subject_sex": "性別",
    "care_level": "要介護度",
    "summary": "概要",
}
COLUMN_OF_FIELD = {
    "date": "日付",
    "start_time": "開始時刻",
    "duration_minutes": "所要時間（分）",
    "coordinators": "担当者",
    "category": "区分",
    "form": "活動形態",
    "resource": "訪問先",
    "place": "場所",
    "participants": "参加人数",
    "description": "内容",
}


def _digits(value):
    # Full-width digits from an IME are the same numbers (１２０ is 120).
    return unicodedata.normalize("NFKC", cell_text(value))


def number_cell(value, column, low, high):
    text = _digits(value)
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise RowError(column, f"整数を入力してください（入力: {text}）。")
    number = int(text)
    if not low <= number <= high:
        raise RowError(column, f"{low}から{high}までの数を入力してください（入力: {number}）。")
    return number


def category_cell(value, column="区分"):
    text = _digits(value)
    for category in Category:
        # compared after NFKC on both sides: 全角 and 半角 brackets are the same label
        if text in (str(category.value), unicodedata.normalize("NFKC", category.label)):
            return category
    choices = "・".join(f"{c.value} {c.label}" for c in Category)
    raise RowError(
        column, f"区分は {choices} のどれか（番号か名称）です（入力: {text or '空欄'}）。"
    )


class RowsAlreadyRecorded:
    """Which rows of one import stand for records already there (issue 14).

    Call with a row's content key (hashable: model instances, dates, numbers, frozensets) and
    a function giving the number of live identical records of its 所属. The n-th row of a
    content is already recorded when at least n such records were live before the import
    began; the count is taken at the content's first row, before this import adds any.
    """

    def __init__(self):
        self._rows_and_live = {}

    def __call__(self, key, count_live):
        rows, live = self._rows_and_live.get(key, (0, None))
        if live is None:
            live = count_live()
        self._rows_and_live[key] = (rows + 1, live)
        return rows + 1 <= live


def _content_key(*parts, **fields):
    return (*parts, tuple(sorted(fields.items())))


def _live_identical_activities(center, coordinators, fields):
    candidates = Activity.objects.filter(center=center, **fields).prefetch_related("coordinators")
    wanted = {c.pk for c in coordinators}
    return sum({c.pk for c in a.coordinators.all()} == wanted for a in candidates)


def _service_errors(error, columns=COLUMN_OF_FIELD):
    if not hasattr(error, "error_dict"):
        return RowErrors([RowError("", message) for message in error.messages])
    return RowErrors(
        [
            RowError(columns.get(field, field), message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    )


def own_center_only(user, center):
    """Center staff import their own 所属's rows only: RowError at 所属 naming it (the services
    refuse another 所属's coordinators too, at 担当者); the division and admins any 所属."""
    role = role_of(user)
    if center is None or role.sees_all_centers:
        return
    if role.center is None:
        raise RowError("所属", "所属が設定されていないため、記録を取り込めません。")
    if role.center.pk != center.pk:
        raise RowError(
            "所属", f"自分の所属（{role.center}）の記録だけを取り込めます（入力: {center}）。"
        )


def _activity_importer(user):
    already_recorded = RowsAlreadyRecorded()
    names = Registers()
    id_position = len(SHEETS[ACTIVITY_SHEET])

    def import_row(row, index):
        row = clean_row(row)
        cell = Cells()
        day = cell(date_cell, row[0], "日付", required=True)
        fields = {
            "date": day,
            "start_time": cell(time_cell, row[1]),
            "duration_minutes": cell(minutes_cell, row[2]),
            "category": cell(category_cell, row[5]),
            "place": line_text(row[8]),
            "participants": cell(number_cell, row[9], "参加人数", 0, 100000),
            "description": cell(required_line, row[10], "内容"),
        }
        center = cell(named_cell, names.of(Center), row[3], "所属", "所属", required=True)
        cell(own_center_only, user, center)
        coordinators = cell(names_cell, names.of(Coordinator), row[4], "担当者", "担当者")
        fields["form"] = cell(
            named_cell, names.of(ActivityForm), row[6], "活動形態", "活動形態", required=True
        )
        fields["resource"] = cell(
            named_cell, names.of(SocialResource), row[7], "訪問先", "社会資源"
        )
        exported = (
            cell(exported_activity, user, row[id_position]) if len(row) > id_position else None
        )
        cell.check()
        if exported:
            activity, version = exported
            try:
                outcome, activity = update_from_row(
                    user=user,
                    activity=activity,
                    version=version,
                    center=center,
                    coordinators=coordinators,
                    fields=fields,
                )
            except ValidationError as error:
                raise _service_errors(error) from None
        else:
            key = _content_key(center, frozenset(c.pk for c in coordinators), **fields)
            if already_recorded(
                key, lambda: _live_identical_activities(center, coordinators, fields)
            ):
                return "already_recorded"
            try:
                activity = activity_create(user=user, coordinators=coordinators, **fields)
            except ValidationError as error:
                raise _service_errors(error) from None
            outcome = "created"
        if activity.center != center:
            raise RowError(
                "所属",
                f"担当者のこの日の所属は「{activity.center}」です（入力: {center}）。",
            )
        return outcome

    return import_row


def _label_choice(choices, value, column):
    text = cell_text(value)
    if not text:
        return ""
    for choice in choices:
        if fold(text) == fold(choice.label):  # 要支援１ is 要支援1
            return choice.value
    labels = "・".join(choice.label for choice in choices)
    raise RowError(column, f"{labels} のどれかを入力してください（入力: {text}）。")


def _live_identical_consultations(center, coordinator, topics, fields):
    candidates = Consultation.objects.filter(
        center=center, coordinator=coordinator, **fields
    ).prefetch_related("topics")
    wanted = {t.pk for t in topics}
    return sum({t.pk for t in c.topics.all()} == wanted for c in candidates)


def _consultation_importer(user):
    already_recorded = RowsAlreadyRecorded()
    names = Registers()

    def named(model, value, column):
        return named_cell(names.of(model), value, column, column, required=True)

    def import_row(row, index):
        row = clean_row(row)
        cell = Cells()
        day = cell(date_cell, row[0], "受付日", required=True)
        center = cell(named_cell, names.of(Center), row[1], "所属", "所属", required=True)
        coordinator = cell(
            named_cell, names.of(Coordinator), row[2], "担当者", "担当者", required=True
        )
        fields = {
            "received_on": day,
            "route": cell(named, ConsultationRoute, row[3], "相談経路"),
            "consulter_type": cell(named, ConsulterType, row[4], "相談者種別"),
            "outcome": cell(named, ConsultationOutcome, row[6], "対応結果"),
            "subject_age": cell(number_cell, row[7], "年齢", 0, 130),
            "subject_sex": cell(_label_choice, Sex, row[8], "性別"),
            "care_level": cell(_label_choice, CareLevel, row[9], "要介護度"),
            # 概要 is several lines on the consultation's page too
            "summary": cell_text(row[10]),
        }
        topics = cell(names_cell, names.of(ConsultationTopic), row[5], "相談内容", "相談内容")
        cell(own_center_only, user, center)
        cell.check()
        key = _content_key(center, coordinator, frozenset(t.pk for t in topics), **fields)
        if already_recorded(
            key, lambda: _live_identical_consultations(center, coordinator, topics, fields)
        ):
            return "already_recorded"
        try:
            consultation = consultation_create(
                user=user, coordinator=coordinator, topics=topics, **fields
            )
        except ValidationError as error:
            raise _service_errors(error, CONSULTATION_COLUMN_OF_FIELD) from None
        if consultation.center != center:
            raise RowError(
                "所属", f"担当者のこの日の所属は「{consultation.center}」です（入力: {center}）。"
            )
        return "created"

    return import_row


def _all_sheets(user):
    sheets = {
        ACTIVITY_SHEET: (
            (*SHEETS[ACTIVITY_SHEET], RECORD_ID_COLUMN),
            _activity_importer(user),
            record_id_key(len(SHEETS[ACTIVITY_SHEET])),
        ),
        CONSULTATION_SHEET: (SHEETS[CONSULTATION_SHEET], _consultation_importer(user)),
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
            (ACTIVITY_SHEET, "F"): [category.label for category in Category],
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
