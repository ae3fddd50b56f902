"""Writing one master row: create or update by name (folded), count what happened, and the
cell readers the master sheets share (○ marks, 表示順, a column a file may lack)."""

from coordinators.ids import ascii_id
from coordinators.periods import FULLWIDTH_DIGITS
from coordinators.text import AmbiguousName

from .workbook import RowError, cell_text

YES_MARKS = {"○", "〇", "◯", "o", "O"}


def upsert(model, key, values, index=None, column="名称", within=None):
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
    return save_values(model, obj, key, values, index)


def save_values(model, obj, key, values, index=None):
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


def display_order_cell(value):
    """表示順 as typed -> int ≥ 0, or None when blank. Raises RowError at 表示順."""
    text = cell_text(value)
    if not text:
        return None
    # ASCII digits only after folding full-width ones: "²".isdigit() is True, int("²") fails
    number = ascii_id(text.translate(FULLWIDTH_DIGITS))
    if number is None:
        raise RowError("表示順", f"0以上の整数を入力してください（入力: {text}）。")
    return number


def yes_mark(value, column):
    """A ○ column (○, 〇, ◯, o) -> bool; blank is False. Raises RowError at `column`."""
    text = cell_text(value)
    if text and text not in YES_MARKS:
        raise RowError(column, f"○ か空欄にしてください（入力: {text}）。")
    return bool(text)


def optional_cell(row, position):
    """The cell at `position` of a row, or None where the file has no such column."""
    return row[position] if len(row) > position else None
