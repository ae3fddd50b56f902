"""What every row of the records workbook (活動記録, 相談記録) answers to besides its cells:
whose rows the login may import, which rows stand for records already there (issue 14), and
how a service's refusal is told at the row's columns."""

from django.core.exceptions import ValidationError

from coordinators.roles import role_of

from .workbook import RowError, RowErrors


class RowsAlreadyRecorded:
    """Which rows of one import stand for records already there (issue 14).

    Call with a row's content key (hashable: ids, dates, numbers, frozensets; see content_key)
    and a function giving the number of live identical records of its 所属. The n-th row of a
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


def content_key(*parts, **fields):
    """A row's content as one hashable key: `parts` then the fields by name, a model instance
    by its pk (so a row's 活動形態 and a stored record's form_id compare equal)."""
    return (
        *(getattr(part, "pk", part) for part in parts),
        tuple(sorted((name, getattr(value, "pk", value)) for name, value in fields.items())),
    )


def service_errors(error, columns):
    """A service's ValidationError as RowErrors: each field's messages at its column
    (columns: field name -> column label), a message without a field at no column."""
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


def other_center(found, typed):
    """RowError at 所属 when the record's 所属 (from its coordinators' assignment) is not the
    row's, else None."""
    if found == typed:
        return None
    return RowError("所属", f"担当者のこの日の所属は「{found}」です（入力: {typed}）。")


def create_new_rows(rows, *, live, add, columns):
    """Check the new (記録ID-less) rows of one sheet -> [(index, outcome or the row's
    RowError/RowErrors)], in row order; nothing is written (the caller saves its batch when
    every row was taken, all_taken).

    rows: objects with .index, .center (the row's 所属) and .key (content_key); live: Counter
    of the content keys of the live records rows may repeat (a row repeating one is
    "already_recorded", issue 14); add(row) adds the row to the caller's batch (ActivityBatch,
    ConsultationBatch) and returns the checked record, or raises the service's
    ValidationError, told at `columns`.
    """
    already_recorded = RowsAlreadyRecorded()
    results = []
    for row in rows:
        if already_recorded(row.key, lambda key=row.key: live[key]):
            results.append((row.index, "already_recorded"))
            continue
        try:
            record = add(row)
        except ValidationError as error:
            results.append((row.index, service_errors(error, columns)))
            continue
        results.append((row.index, other_center(record.center, row.center) or "created"))
    return results


def all_taken(results):
    """Whether no row of finish()'s results [(index, outcome)] was refused."""
    return all(isinstance(outcome, str) for _index, outcome in results)
