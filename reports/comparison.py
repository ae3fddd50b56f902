"""前年同期比: each cell of the 活動内容 table beside the same cell a year earlier (issue 19:
the 合計 row compared like the others, not last year's totals alone). Pure: no queries."""


def _compared(now, before):
    """(now, a year earlier, difference) for one cell; None stays None (not applicable)."""
    if now is None:
        return (None, None, None)
    return (now, before or 0, now - (before or 0))


def year_on_year(report):
    """The report's table against its previous_year ->
    {"rows": [{"center", "cells": [(now, before, difference) per 区分], "total": (…)}],
    "totals": {"cells": […], "total": (…)}}. The two years' rows differ where a 所属 recorded
    in one year only: it counts 0 there. A cell not applicable (2層支援 on a tier-2 row) is
    (None, None, None)."""
    previous = {row["center"].pk: row for row in report.previous_year.rows}

    def before(row, code):
        earlier = previous.get(row["center"].pk)
        if earlier is None:
            return 0
        return earlier["total"] if code is None else earlier["counts"].get(code)

    rows = [
        {
            "center": row["center"],
            "cells": [_compared(n, before(row, code)) for code, n in row["counts"].items()],
            "total": _compared(row["total"], before(row, None)),
        }
        for row in report.activity_counts.rows
    ]
    last_year = report.previous_year.totals
    totals = {
        "cells": [
            _compared(n, last_year.get(code)) for code, n in report.activity_counts.totals.items()
        ],
        "total": _compared(report.activity_counts.total, report.previous_year.total),
    }
    return {"rows": rows, "totals": totals}
