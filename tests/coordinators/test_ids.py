"""ascii_id: only ASCII digits make an id (issue 15: "²".isdigit() is True, int("²") fails)."""

import pytest

from coordinators.ids import ascii_id


@pytest.mark.parametrize(("value", "expected"), [("12", 12), ("0", 0), ("007", 7), (12, 12)])
def test_ascii_digits_are_an_id(value, expected):
    assert ascii_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "²",
        "1²",
        "١٢",
        "１２",
        "-1",
        "+1",
        " 12",
        "12 ",
        "1 OR 1=1",
        "1.0",
        "9" * 19,
        True,
    ],
)
def test_anything_else_is_no_id(value):
    assert ascii_id(value) is None
