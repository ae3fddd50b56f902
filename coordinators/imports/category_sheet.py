"""The `区分` sheet of マスタ取込 (issue 20): a city's whole set of 区分 in one sheet.

Columns, in order (an interface, see README): 番号, 名称, 表示順, 記録できる層 (`1`, `1、2`,
`1、2、3`; blank = every tier), 国の機能 (資源開発・ネットワーク構築・ニーズと取組のマッチング・
その他; blank = その他). A row is its 番号. The sheet is read whole before anything is written,
since it says what the set is: every 区分 it does not list is removed, or made inactive where
records, templates or 会議体 still have it (a 区分 in use is never deleted). A sheet without
rows changes nothing.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from coordinators.ids import ascii_id
from coordinators.models import Category, NationalFunction
from coordinators.periods import FULLWIDTH_DIGITS

from .typed_cells import clean_row, required_line
from .upserts import save_values
from .workbook import Cells, RowError, cell_text, choice_by_label

CATEGORY_SHEET = "区分"
CATEGORY_COLUMNS = ("番号", "名称", "表示順", "記録できる層", "国の機能")
TIER_SEPARATORS = str.maketrans({"、": ",", "，": ",", "・": ",", " ": ",", "\u3000": ","})


def _whole_number(value, column, low, high):
    text = cell_text(value)
    number = ascii_id(text.translate(FULLWIDTH_DIGITS)) if text else None
    if number is None or not low <= number <= high:
        raise RowError(
            column, f"{low}から{high}までの整数を入力してください（入力: {text or '空欄'}）。"
        )
    return number


def _tiers(value):
    """記録できる層 as typed: 「1、2」「１・２」「1,2,3」; blank = every tier -> {1, 2, 3}."""
    text = unicodedata.normalize("NFKC", cell_text(value)).replace("第", "").replace("層", "")
    if not text:
        return {1, 2, 3}
    parts = [part for part in text.translate(TIER_SEPARATORS).split(",") if part]
    if not parts or any(part not in {"1", "2", "3"} for part in parts):
        raise RowError(
            "記録できる層",
            f"1・2・3 を「、」で区切って入力してください（例: 1、2。入力: {cell_text(value)}）。",
        )
    return {int(part) for part in parts}


def category_key(row):
    """What makes two rows one 区分: its 番号 (a second row of it is refused, naming both)."""
    try:
        return ("番号", _whole_number(row[0], "番号", 1, 99))
    except RowError:
        return None  # the row reports its bad number itself


class CategoryRows:
    """The importer of the sheet: each row is read and checked; finish() writes the set."""

    def __init__(self):
        self.rows = {}  # row index -> the 区分's fields

    def __call__(self, row, index):
        row = clean_row(row)
        cell = Cells()
        number = cell(_whole_number, row[0], "番号", 1, 99)
        label = cell(required_line, row[1], "名称")
        if label and len(label) > 50:
            cell.fail("名称", f"50文字以内にしてください（{len(label)}文字）。")
        order = cell(_whole_number, row[2], "表示順", 0, 100000) if cell_text(row[2]) else None
        tiers = cell(_tiers, row[3])
        function = cell(
            choice_by_label, NationalFunction, row[4], "国の機能", NationalFunction.OTHER
        )
        cell.check()
        self.rows[index] = {
            "number": number,
            "label": label,
            "display_order": index if order is None else order,
            "tier_1": 1 in tiers,
            "tier_2": 2 in tiers,
            "tier_3": 3 in tiers,
            "national_function": function,
        }
        return None  # decided by finish(), once the whole set is known

    def finish(self, *, write=True):
        """Write the set: [(row index, "created" | "updated" | "unchanged" | RowError)]."""
        if not self.rows:
            return []
        labels = {}
        results = []
        for index, fields in self.rows.items():
            first = labels.setdefault(fields["label"], index)
            if first != index:
                results.append((index, RowError("名称", "同じ名称の区分がほかの行にもあります。")))
        if results or not write:
            return results
        stored = {c.number: c for c in Category.objects.all()}
        listed = {fields["number"] for fields in self.rows.values()}
        self._retire([c for number, c in stored.items() if number not in listed])
        # Labels are unique: a set that swaps two names passes through free names first.
        renamed = [
            stored[f["number"]]
            for f in self.rows.values()
            if f["number"] in stored and stored[f["number"]].label != f["label"]
        ]
        for category in renamed:
            Category.objects.filter(pk=category.pk).update(label=f"（名称変更中 {category.pk}）")
        for index, fields in self.rows.items():
            try:
                with transaction.atomic():
                    # a listed 区分 is active again, if it was retired before
                    values = {**fields, "is_active": True}
                    outcome = save_values(Category, stored.get(fields["number"]), {}, values)[1]
            except ValidationError as error:
                outcome = error
                if "label" in getattr(error, "message_dict", {}):
                    # the name of a 区分 kept inactive (its records have it)
                    outcome = RowError(
                        "名称",
                        f"「{fields['label']}」という区分がすでにあります（無効のものを含む）。"
                        "その区分の番号で入力するか、別の名称にしてください。",
                    )
            results.append((index, outcome))
        return results

    @staticmethod
    def _retire(categories):
        for category in categories:
            try:
                with transaction.atomic():
                    category.delete()
            except ProtectedError:
                # records (or templates, or 会議体) have it: kept for them, not offered
                category.is_active = False
                category.is_meeting_default = False
                category.save()
