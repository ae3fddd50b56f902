"""Sheets that other apps add to the two workbook imports.

The coordinators app knows nothing of the apps built on it, yet one master workbook sets up a
whole city (its 協議体 included) and one records workbook carries every kind of record (会議記録
included). So an app that owns such a sheet registers it here from its AppConfig.ready(); the
imports then read, write and template it after their own sheets, in the order registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExtraSheet:
    """One sheet another app owns.

    name: the sheet name (an interface cities depend on, see README).
    columns: the header row, in order.
    importer: for the master workbook, (row: tuple of cell values, index: int) -> "created",
        "updated" or "unchanged", raising RowError/RowErrors; for the records workbook, a
        factory (user or None) -> such an importer, since records are written as a login.
    pick_lists: () -> {column letter: [choices]} for the template's drop-downs, read each
        time a template is built so it shows today's master data.
    """

    name: str
    columns: tuple[str, ...]
    importer: Callable
    pick_lists: Callable[[], dict[str, list[str]]] = field(default=dict)


MASTER_SHEETS: dict[str, ExtraSheet] = {}
RECORDS_SHEETS: dict[str, ExtraSheet] = {}


def add_master_sheet(sheet: ExtraSheet) -> None:
    """Add `sheet` to マスタ取込 after 社会資源; registering the same name again replaces it."""
    MASTER_SHEETS[sheet.name] = sheet


def add_records_sheet(sheet: ExtraSheet) -> None:
    """Add `sheet` to 活動記録の取込 after 相談記録; the same name again replaces it."""
    RECORDS_SHEETS[sheet.name] = sheet


def pick_lists_of(sheets) -> dict[tuple[str, str], list[str]]:
    """{(sheet name, column letter): choices} of the given ExtraSheets, for build_template."""
    return {
        (sheet.name, column): choices
        for sheet in sheets
        for column, choices in sheet.pick_lists().items()
    }
