"""The 自治体 sheet of import_master (issue 21): the municipality's name and 団体コード."""

from django.core.exceptions import ValidationError

from coordinators.models import Municipality, current_municipality, validate_municipality_code
from coordinators.periods import FULLWIDTH_DIGITS

from .typed_cells import clean_row, line_text, required_line
from .upserts import save_values
from .workbook import Cells, RowError

MUNICIPALITY_SHEET = "自治体"
MUNICIPALITY_COLUMNS = ("名称", "団体コード")


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
        return save_values(Municipality, stored, {}, {"name": name, "code": code})[1]
