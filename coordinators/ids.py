"""Ids read from URLs and posts (`?center=`, `?edit=`, `?table=`, `?version=`, ticked rows).

Only ASCII digits make an id. str.isdigit() is also True for "²" or "١", which int() then
refuses or reads as another number, so a view that checked with isdigit() and queried answered
500 (issue 15). Every view reads an id through ascii_id and answers 404 (or ignores the row)
for None.
"""

import re

# 18 digits stay below 2**63, the largest key a database column holds.
_ID = re.compile(r"[0-9]{1,18}")


def ascii_id(value):
    """`value` (str, int or None, as read from request.GET/POST) as an int id, or None.

    "12" -> 12, 12 -> 12; None for None, "", "²", "１２" (full-width), "-1", "1 OR 1=1",
    " 12", and numbers of 19 digits or more. Never raises. Rule source: issue 15.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**18 else None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    return int(value)
