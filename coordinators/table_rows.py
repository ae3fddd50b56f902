"""List rows written straight from the records in Python (issue 22).

django-tables2 stays the definition of each list's columns, headers, sorting and downloads;
its cell machinery took ~100 ms for 50 rows, and a plain template of the same cells still ~7 ms
(PostgreSQL, 50 rows of 12 cells). Here a row is one f-string: every text from a record goes
through html.escape (what Django's escape does, without its check for lazy strings, which these
never are). tests/coordinators/test_light_tables.py fails when a table's rows and django-tables2's
own cells disagree."""

from html import escape

from django.urls import reverse
from django.utils.safestring import mark_safe

DASH = "—"  # an empty cell, as the tables' default


def pk_url(name):
    """reverse(name, args=[pk]) for any number of pks at the cost of one reverse (~30 µs
    each on a page of 100 rows) -> a function pk -> URL path (str). `name` must take one
    integer argument."""
    marker = "987654321"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def shown(value, empty=(None, "")):
    """A cell's text, escaped: str(value), or 「—」 where value is one of `empty` (None for
    numbers, where 0 is a value; None and "" for text)."""
    return DASH if value in empty else escape(str(value))


def tbody(table, row):
    """The <tr> of each record on `table`'s page written by `row(record) -> str`, or one row of
    the table's empty text -> SafeString."""
    rows = [row(bound.record) for bound in table.paginated_rows]
    if not rows:
        return mark_safe(
            f'<tr><td colspan="{len(table.columns)}">{escape(str(table.empty_text))}</td></tr>'
        )
    return mark_safe("\n".join(rows))
