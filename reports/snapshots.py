"""A Report as plain JSON data and back, and what differs between two of them (issue 13).

Closing a half-year stores snapshot_of(report) for each scope; a closed scope is then shown
from report_from(snapshot), so the screen, CSV, workbook and JSON of a published version read
the same figures and labels as when it was closed, whatever changed since. Like the renderers,
nothing here queries the database.
"""

from types import SimpleNamespace

from coordinators.models import NationalFunction
from coordinators.periods import Period
from councils.models import Stage

from .selectors import ActivityTable, Report, ReportCategory, by_national_function

FORMAT = 4  # bump when the shape changes; report_from reads every format it ever wrote
# What format 1 (before issue 19) did not store: read back empty, and never a difference.
ADDED_IN_FORMAT_2 = ("by_coordinator", "quantities", "role_lists", "equivalent_by_center")
# Formats 1 and 2 were written while the 区分 were the first customer's seven, fixed in code;
# from format 3 (issue 20: 区分 as data) a snapshot stores its own [number, label] list.
CATEGORIES_BEFORE_FORMAT_3 = (
    (1, "担い手の養成"),
    (2, "実態把握"),
    (3, "立上支援"),
    (4, "運営支援"),
    (5, "啓発"),
    (6, "個別支援"),
    (7, "2層支援（1層のみ）"),
)
# Before format 4 (issue 21) a snapshot stored no national function per 区分: those versions
# count through the seeded default cross-walk of the seven; any other number as その他.
FUNCTIONS_BEFORE_FORMAT_4 = {
    1: NationalFunction.RESOURCE_DEVELOPMENT,
    2: NationalFunction.NETWORK,
    3: NationalFunction.RESOURCE_DEVELOPMENT,
    4: NationalFunction.RESOURCE_DEVELOPMENT,
    5: NationalFunction.OTHER,
    6: NationalFunction.MATCHING,
    7: NationalFunction.NETWORK,
}
# What format 4 added: not stored before, never a difference then.
ADDED_IN_FORMAT_4 = ("coordinators_by_tier", "by_function")


def _named(obj):
    return {"pk": obj.pk, "name": obj.name}


def _table(table):
    return {
        "rows": [
            {
                "center": _named(row["center"]),
                "tier": row["tier"],
                "counts": {str(code): n for code, n in row["counts"].items()},
                "total": row["total"],
            }
            for row in table.rows
        ],
        "totals": {str(code): n for code, n in table.totals.items()},
        "total": table.total,
    }


def snapshot_of(report):
    """Every figure and label of `report` as JSON-safe data:
    {"format", "period": {"fiscal_year", "half"}, "center": {"pk", "name"} or None,
    "categories": [[number, label, national function]] (the 区分 columns as named and
    cross-walked then), "municipality": {"name", "code"} or None, "activity_counts",
    "previous_year", "by_form", "by_coordinator", "visits", "consultations", "councils" (with
    "by_tier"), "coordinators_by_tier", "monthly", "quantities", "role_lists"}. Only
    half-year reports are published."""
    councils = report.councils
    return {
        "format": FORMAT,
        "period": {"fiscal_year": report.period.fiscal_year, "half": report.period.half},
        "center": _named(report.center) if report.center else None,
        "categories": [[c.value, c.label, c.function] for c in report.categories],
        "municipality": report.municipality,
        "coordinators_by_tier": report.coordinators_by_tier,
        "activity_counts": _table(report.activity_counts),
        "previous_year": _table(report.previous_year),
        "by_form": {
            "centers": [_named(c) for c in report.by_form["centers"]],
            "rows": [
                {"form": _named(row["form"]), "counts": row["counts"], "total": row["total"]}
                for row in report.by_form["rows"]
            ],
        },
        "by_coordinator": [
            {
                "center": _named(row["center"]),
                "coordinator": row["coordinator"],
                "counts": {str(code): n for code, n in row["counts"].items()},
                "total": row["total"],
            }
            for row in report.by_coordinator
        ],
        "visits": {**report.visits, "top_places": [list(p) for p in report.visits["top_places"]]},
        "consultations": {
            "total": report.consultations["total"],
            **{key: _pairs_of(report.consultations[key]) for key in ORDERED_CONSULTATIONS},
            "topics_by_type": [
                [name, [list(pair) for pair in pairs]]
                for name, pairs in report.consultations["topics_by_type"].items()
            ],
        },
        "councils": {
            **councils,
            "equivalent_by_center": _pairs_of(councils["equivalent_by_center"]),
            "by_kind": [list(pair) for pair in councils["by_kind"]],
            "issues_by_stage": [[int(stage), n] for stage, n in councils["issues_by_stage"]],
        },
        "monthly": [
            {"month": row["month"].code, "counts": row["counts"]} for row in report.monthly
        ],
        "quantities": [dict(row) for row in report.quantities],
        "role_lists": [[role, list(items)] for role, items in report.role_lists.items()],
    }


# Maps whose order is the pick-list's are stored as [label, n] pairs: PostgreSQL's jsonb keeps
# no key order, so a map would come back sorted by its keys' length and bytes (issue 19).
ORDERED_CONSULTATIONS = ("by_route", "by_consulter_type", "by_topic", "by_outcome")
ORDERED_CONSULTATIONS += ("referred_by_type",)


def _pairs_of(mapping):
    return [[key, value] for key, value in mapping.items()]


def _mapping(stored):
    """A map stored as [key, value] pairs (format 2) or as an object (format 1), in order."""
    return dict(stored) if isinstance(stored, list) else dict(stored or {})


def _thing(data):
    return SimpleNamespace(**data) if data else None


def categories_of(snapshot):
    """The 区分 columns a snapshot was taken with: [ReportCategory] in their order then, each
    with the national function it counted toward. Before format 4 none was stored: the
    first customer's seven (formats 1–2, and a format 3 holding just them) count through the
    seeded default cross-walk; a city's own 区分 stored by format 3 have no known function
    (None), and its national figures read back blank rather than guessed."""
    stored = snapshot.get("categories") or CATEGORIES_BEFORE_FORMAT_3
    seeded = [tuple(pair[:2]) for pair in stored] == list(CATEGORIES_BEFORE_FORMAT_3)
    return [
        ReportCategory(
            int(number),
            label,
            function=function[0]
            if function
            else (FUNCTIONS_BEFORE_FORMAT_4[int(number)] if seeded else None),
        )
        for number, label, *function in stored
    ]


def _councils_by_tier(councils):
    # before format 4: tiers 1 and 2 as counted then; tier 3 was not counted
    stored = councils.get("by_tier")
    if stored is not None:
        return {str(tier): n for tier, n in stored.items()}
    return {"1": councils["tier1_council"], "2": councils["tier2_equivalent"], "3": None}


def _by_code(counts, order):
    # {"1": n, …} back in the columns' order, however the database kept the keys
    ranks = {code: index for index, code in enumerate(order)}
    ordered = sorted(
        counts.items(), key=lambda item: (ranks.get(int(item[0]), len(ranks)), int(item[0]))
    )
    return {int(code): n for code, n in ordered}


def _table_from(data, order):
    return ActivityTable(
        rows=[
            {
                "center": _thing(row["center"]),
                "tier": row["tier"],
                "counts": _by_code(row["counts"], order),
                "total": row["total"],
            }
            for row in data["rows"]
        ],
        totals=_by_code(data["totals"], order),
        total=data["total"],
    )


def _coordinator_rows(snapshot, order=()):
    if snapshot.get("format", 1) < 2:
        return []  # format 1 kept names and totals of one 所属 only, not by 区分
    return [
        {
            **row,
            "center": _thing(row["center"]),
            "counts": _by_code(row["counts"], order),
        }
        for row in snapshot["by_coordinator"]
    ]


def report_from(snapshot):
    """The Report a snapshot was taken of, with 所属 and 活動形態 as plain objects that carry
    the pk and name they had then; renderers and templates read it like a live one. What an
    older format did not store (ADDED_IN_FORMAT_2) reads back empty."""
    councils = {
        **snapshot["councils"],
        "equivalent_by_center": _mapping(snapshot["councils"].get("equivalent_by_center")),
    }
    consultations = snapshot["consultations"]
    categories = categories_of(snapshot)
    order = [c.value for c in categories]
    return Report(
        period=Period.for_half(snapshot["period"]["fiscal_year"], snapshot["period"]["half"]),
        center=_thing(snapshot["center"]),
        categories=categories,
        activity_counts=_table_from(snapshot["activity_counts"], order),
        previous_year=_table_from(snapshot["previous_year"], order),
        by_form={
            "centers": [_thing(c) for c in snapshot["by_form"]["centers"]],
            "rows": [{**row, "form": _thing(row["form"])} for row in snapshot["by_form"]["rows"]],
        },
        by_coordinator=_coordinator_rows(snapshot, order),
        visits={
            **snapshot["visits"],
            "top_places": [tuple(p) for p in snapshot["visits"]["top_places"]],
        },
        consultations={
            "total": consultations["total"],
            **{key: _mapping(consultations.get(key)) for key in ORDERED_CONSULTATIONS},
            "topics_by_type": {
                name: [tuple(pair) for pair in pairs]
                for name, pairs in _mapping(consultations["topics_by_type"]).items()
            },
        },
        councils={
            **councils,
            "by_tier": _councils_by_tier(councils),
            "by_kind": [tuple(pair) for pair in councils["by_kind"]],
            "issues_by_stage": [(Stage(value), n) for value, n in councils["issues_by_stage"]],
        },
        monthly=[
            {"month": Period.for_month(*map(int, row["month"].split("-"))), "counts": row["counts"]}
            for row in snapshot["monthly"]
        ],
        quantities=snapshot.get("quantities", []),
        role_lists=_mapping(snapshot.get("role_lists")),
        municipality=snapshot.get("municipality"),
        coordinators_by_tier=snapshot.get("coordinators_by_tier"),
    )


def _cells(snapshot):
    """{(section, key): number} of every figure, rows keyed by their labels, so that a 所属
    or 活動形態 that appears on one side only still lines up with the other."""
    cells = {}

    def table(section, data):
        for row in data["rows"]:
            for code, n in row["counts"].items():
                cells[(section, f"{row['center']['name']}・{code}")] = n
            cells[(section, f"{row['center']['name']}・合計")] = row["total"]
        for code, n in data["totals"].items():
            cells[(section, f"合計・{code}")] = n
        cells[(section, "合計")] = data["total"]

    table("activity_counts", snapshot["activity_counts"])
    table("previous_year", snapshot["previous_year"])
    names = [c["name"] for c in snapshot["by_form"]["centers"]]
    for row in snapshot["by_form"]["rows"]:
        for name, n in zip(names, row["counts"], strict=True):
            cells[("by_form", f"{row['form']['name']}・{name}")] = n
        cells[("by_form", f"{row['form']['name']}・合計")] = row["total"]
    for row in _coordinator_rows(snapshot):
        person = f"{row['center'].name}・{row['coordinator']}"
        for code, n in row["counts"].items():
            cells[("by_coordinator", f"{person}・{code}")] = n
        cells[("by_coordinator", f"{person}・合計")] = row["total"]
    for row in snapshot.get("quantities", []):
        cells[("quantities", f"{row['form']}・件数")] = row["count"]
        cells[("quantities", f"{row['form']}・数量")] = row["quantity"]
    for role, items in _mapping(snapshot.get("role_lists")).items():
        cells[("role_lists", role)] = len(items)
    visits = snapshot["visits"]
    for key in ("count", "distinct_places", "hours", "average_minutes"):
        cells[("visits", key)] = visits[key]
    for name, n in visits["top_places"]:
        cells[("visits", f"top_places・{name}")] = n
    consultations = snapshot["consultations"]
    cells[("consultations", "total")] = consultations["total"]
    for key in ("by_route", "by_consulter_type", "by_topic", "by_outcome"):
        for label, n in _mapping(consultations[key]).items():
            cells[("consultations", f"{key}・{label}")] = n
    councils = snapshot["councils"]
    for key in ("tier1_council", "tier2_equivalent", "attendances", "issues_raised"):
        cells[("councils", key)] = councils[key]
    for name, n in _mapping(councils.get("equivalent_by_center")).items():
        cells[("councils", f"equivalent_by_center・{name}")] = n
    for name, n in _mapping(consultations.get("referred_by_type")).items():
        cells[("consultations", f"referred_by_type・{name}")] = n
    for kind, n in councils["by_kind"]:
        cells[("councils", f"by_kind・{kind}")] = n
    for stage, n in councils["issues_by_stage"]:
        cells[("councils", f"issues_by_stage・{Stage(stage).label}")] = n
    # tiers 1 and 2 of by_tier are tier1_council and tier2_equivalent: one change, one line
    cells[("councils", "by_tier・第3層")] = _councils_by_tier(councils)["3"]
    for tier, n in (snapshot.get("coordinators_by_tier") or {}).items():
        cells[("coordinators_by_tier", f"第{tier}層")] = n
    columns = categories_of(snapshot)
    totals = {int(code): n for code, n in snapshot["activity_counts"]["totals"].items()}
    for label, n in by_national_function(columns, totals).items():
        cells[("by_function", label)] = n
    for row in snapshot["monthly"]:
        for category, n in zip(columns, row["counts"] or [None] * len(columns), strict=True):
            cells[("monthly", f"{row['month']}・{category.value}")] = n
    return cells


def _older_format_left_out(cells, stored):
    """`cells` without what the stored snapshot's format did not keep: a version published
    before issue 19 (or 21) differs from a recount only in what it stored."""
    version = stored.get("format", 1)
    left_out = (ADDED_IN_FORMAT_2 if version < 2 else ()) + (
        ADDED_IN_FORMAT_4 if version < 4 else ()
    )
    return {
        (section, key): n
        for (section, key), n in cells.items()
        if section not in left_out
        and not key.startswith(left_out)
        and not (version < 2 and key.startswith("referred_by_type"))
        and not (version < 4 and key.startswith("by_tier"))
    }


def differences(stored, now):
    """[{"section", "key", "stored", "now"}] of every figure that differs between a stored
    snapshot and one of the same scope computed now; a figure on one side only counts as
    None on the other (a zero row that vanished is no difference: 0 and None are equal
    here). Empty when the figures are the same."""
    before = _older_format_left_out(_cells(stored), stored)
    after = _older_format_left_out(_cells(now), stored)
    found = []
    for section, key in sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1])):
        old, new = before.get((section, key)), after.get((section, key))
        if (old or 0) != (new or 0):
            found.append({"section": section, "key": key, "stored": old, "now": new})
    return found


SECTION_LABELS = {
    "activity_counts": "活動内容ごとの実施件数",
    "previous_year": "前年同期",
    "by_form": "活動形態別",
    "by_coordinator": "担当者別",
    "visits": "訪問",
    "consultations": "相談対応",
    "councils": "協議体・会議",
    "monthly": "月別の推移",
    "by_function": "国の機能別",
    "coordinators_by_tier": "層別の担当者数",
    "quantities": "数量",
    "role_lists": "日付つきの一覧",
}
KEY_WORDS = {
    "count": "延べ件数",
    "distinct_places": "実件数",
    "hours": "合計時間",
    "average_minutes": "平均（分）",
    "top_places": "主な訪問先",
    "total": "合計",
    "by_route": "相談経路",
    "by_consulter_type": "相談者種別",
    "by_topic": "相談内容",
    "by_outcome": "対応結果",
    "tier1_council": "第1層 協議体",
    "tier2_equivalent": "第2層 協議体相当",
    "attendances": "出席のべ人数",
    "issues_raised": "地域課題（提起）",
    "by_kind": "会議",
    "issues_by_stage": "地域課題",
    "equivalent_by_center": "所属別 協議体相当",
    "referred_by_type": "つないだ件数",
    "by_tier": "層別 協議体",
}


def _shown_part(part, labels):
    if len(part) == 7 and part[4] == "-" and part.replace("-", "").isdigit():  # 2024-04
        return Period.for_month(int(part[:4]), int(part[5:])).label
    return labels.get(part) or KEY_WORDS.get(part, part)


def difference_shown(difference, categories=()):
    """One entry of differences() as the screen shows it: (表, 項目, stored, now) in Japanese,
    区分 numbers named by `categories` (the stored version's report.categories); the JSON
    keeps the keys as they are."""
    labels = {str(c.value): c.label for c in categories}
    key = "・".join(_shown_part(part, labels) for part in difference["key"].split("・"))
    section = SECTION_LABELS.get(difference["section"], difference["section"])
    return section, key, difference["stored"], difference["now"]
