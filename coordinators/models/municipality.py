"""The municipality an installation serves: its name and 全国地方公共団体コード (issue 21).

Reports carry both so a prefecture can add up the reports of several cities (rollup_reports);
the code is the six digits of 総務省's 全国地方公共団体コード: five digits and a check digit.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models

from .history import change_history

CHECK_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five):
    """The check digit of a 全国地方公共団体コード's first five digits (str of ASCII digits):
    each digit times 6, 5, 4, 3, 2, summed; 11 minus the sum's remainder by 11, its last digit
    (総務省「全国地方公共団体コード」の検査数字). 13203 -> 9 (武蔵野市 132039)."""
    remainder = sum(int(d) * w for d, w in zip(first_five, CHECK_WEIGHTS, strict=True)) % 11
    return (11 - remainder) % 10


def municipality_code_key(text):
    """A 団体コード as stored: NFKC (full-width digits as ASCII), every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def validate_municipality_code(code):
    """Raise ValidationError (in Japanese) unless `code` is six ASCII digits whose last is the
    check digit of the first five; a five-digit code is told its check digit."""
    if len(code) == 5 and code.isascii() and code.isdigit():
        raise ValidationError(
            f"団体コードは検査数字を含む6桁です。5桁の「{code}」なら「{code}{check_digit(code)}」"
            "です。"
        )
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ValidationError(f"団体コードは6桁の数字です（入力: {code}）。")
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        raise ValidationError(
            f"団体コード「{code}」の検査数字（6桁目）が合いません。"
            f"{code[:5]}なら6桁目は{expected}です。"
        )


class Municipality(models.Model):
    """The one municipality of this installation: its primary key is always 1, so a second
    row cannot exist (admin then offers only the change of the first)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField("名称", max_length=50)
    code = models.CharField(
        "団体コード",
        max_length=6,
        validators=[validate_municipality_code],
        help_text="全国地方公共団体コード（6桁、検査数字を含む）。例: 132039",
    )
    history = change_history()

    class Meta:
        verbose_name = verbose_name_plural = "自治体"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="municipality_only_one"),
        ]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def clean_fields(self, exclude=None):
        # 「１３２０３９」 or 「132 039」 typed in admin is 132039, as the import reads it
        self.code = municipality_code_key(self.code)
        super().clean_fields(exclude)


def current_municipality():
    """The installation's Municipality, or None before one is set. One query."""
    return Municipality.objects.first()
