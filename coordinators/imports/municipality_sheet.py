"""The 自治体 sheet of import_master (issue 21): the municipality's name and 団体コード."""

from django.core.exceptions import ValidationError

from coordinators.models import Municipality, current_municipality, validate_municipality_code
from coordinators.models.municipality import check_digit, municipality_code_key

from .typed_cells import clean_row, line_text, required_line
from .upserts import save_values
from .workbook import Cells, RowError

MUNICIPALITY_SHEET = "自治体"
MUNICIPALITY_COLUMNS = ("名称", "団体コード")


def _municipality_code(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
        if number is not None and 100000 <= number <= 999999:
            return _valid(str(number))
        if number is not None and 0 < number < 100000:
            # Excel drops a leading 0 (北海道 01…), or it is a 5-digit code: which, it cannot tell
            five = f"{number:05d}"
            raise RowError(
                "団体コード",
                f"団体コードが数値の{number}になっています。先頭の0が消えたのなら「0{five}」"
                f"を、5桁のコードなら検査数字を付けた「{five}{check_digit(five)}」を、"
                "文字列（セルの書式を文字列に）で入力してください。",
            )
    text = municipality_code_key(line_text(value))
    if not text:
        raise RowError("団体コード", "団体コード（6桁）を入力してください。")
    return _valid(text)


def _valid(code):
    try:
        validate_municipality_code(code)
    except ValidationError as error:
        raise RowError("団体コード", error.messages[0]) from None
    return code


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
        return save_values(Municipality, stored, {}, {"name": name, "code": code})[1]
