"""A prefecture's roll-up of several municipalities' reports (issue 21).

Each city's report JSON (the report page's `?format=json`, or `export_report --format json`)
carries its municipality, its counts by national function, its coordinators and 協議体 by
tier. read_reports() checks a set of such files (one period, each municipality once, each with
a verified 団体コード, each a city-wide report) and rollup_workbook() writes one row per
municipality with the totals computed. Nothing here reads the database.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from openpyxl import Workbook

from coordinators.models import NationalFunction, validate_municipality_code

from .workbook import save_workbook, table_sheet

CITY_SCOPE = "全所属"  # report_json's "scope" of a city-wide report
FUNCTIONS = [function.label for function in NationalFunction]
TIERS = ("1", "2", "3")
HEADER = [
    "団体コード",
    "市町村",
    *FUNCTIONS,
    "合計",
    *(f"担当者 第{tier}層" for tier in TIERS),
    "協議体 第1層",
    "協議体相当 第2層",
    "協議体相当 第3層",
    "数値",
]


class RollupRefused(ValueError):
    """Files that cannot be added up: `problems` lists each as 「FILE: message」."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class CityReport:
    """One municipality's figures as its report JSON gives them."""

    file: str
    code: str
    name: str
    period: dict
    by_function: dict
    coordinators_by_tier: dict | None
    councils_by_tier: dict
    published: dict | None
    differences: bool = False  # the published figures differ from a recount since

    @property
    def state(self):
        if self.published:
            changed = "（締め後の差異あり）" if self.differences else ""
            return f"公表版 第{self.published['version']}版{changed}"
        return "締め前（いまの数値）"

    def cells(self):
        functions = [self.by_function.get(label) for label in FUNCTIONS]
        known = [n for n in functions if n is not None]
        return [
            self.code,
            self.name,
            *functions,
            sum(known) if len(known) == len(functions) else None,
            *((self.coordinators_by_tier or {}).get(tier) for tier in TIERS),
            *(self.councils_by_tier.get(tier) for tier in TIERS),
            self.state,
        ]


NOT_A_REPORT = (
    "報告のJSONではありません（報告の画面の「JSON」か export_report --format json の出力を"
    "使ってください）。"
)


def _count_map(value, keys, what):
    """{key: int or None} of `value`, a map the report JSON gives; ValueError naming `what`
    for any other shape or a count that is not a whole number (4.0 is read as 4)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{what}の形が報告のJSONと違います。")
    counts = {}
    for key in keys:
        n = value.get(key)
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            raise ValueError(f"{what}の「{key}」が件数ではありません（{n!r}）。")
        counts[key] = n
    return counts


def _city(path, data):
    """The CityReport of one parsed file, or raise ValueError with the file's problem."""
    if not isinstance(data, dict) or not isinstance(data.get("period"), dict):
        raise ValueError(NOT_A_REPORT)
    municipality = data.get("municipality")
    if not isinstance(municipality, dict) or not municipality.get("code"):
        raise ValueError(
            "団体コードがありません。市の「自治体」（団体コード）を管理画面かマスタ取込で設定し、"
            "報告を出力し直してください（締めた半期の公表版にも、いまの設定が付きます）。"
        )
    code = str(municipality["code"])
    try:
        validate_municipality_code(code)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    if data.get("scope") != CITY_SCOPE:
        raise ValueError(
            f"1つの所属（{data.get('scope')}）の報告です。市全体の報告を使ってください。"
        )
    if "by_function" not in data:
        raise ValueError(NOT_A_REPORT)
    published = data.get("published")
    if published is not None and not (
        isinstance(published, dict) and isinstance(published.get("version"), int)
    ):
        raise ValueError("published（公表版）の形が報告のJSONと違います。")
    councils = data.get("councils")
    return CityReport(
        file=path,
        code=code,
        name=str(municipality.get("name") or ""),
        period=data["period"],
        by_function=_count_map(data["by_function"], FUNCTIONS, "by_function") or {},
        coordinators_by_tier=_count_map(
            data.get("coordinators_by_tier"), TIERS, "coordinators_by_tier"
        ),
        councils_by_tier=_count_map(
            councils.get("by_tier") if isinstance(councils, dict) else None,
            TIERS,
            "councils.by_tier",
        )
        or {},
        published=published,
        differences=bool(data.get("differences_since_close")),
    )


def read_reports(paths):
    """[CityReport] of the files at `paths` (str or Path), in 団体コード order.

    Raises RollupRefused listing every problem, each naming its file: unreadable or not a
    report, no or a wrong 団体コード, a single 所属's report, a period other than the first
    file's, a municipality given twice."""
    cities, problems = [], []
    for path in map(str, paths):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
            cities.append(_city(path, data))
        except OSError:
            problems.append(f"{path}: ファイルを読めません。")
        except UnicodeDecodeError:
            problems.append(f"{path}: UTF-8で保存されたJSONではありません。")
        except json.JSONDecodeError:
            problems.append(f"{path}: JSONとして読めません。")
        except ValueError as error:
            problems.append(f"{path}: {error}")
    if cities:
        first = cities[0]
        for city in cities[1:]:
            if (city.period.get("start"), city.period.get("end")) != (
                first.period.get("start"),
                first.period.get("end"),
            ):
                problems.append(
                    f"{city.file}: 期間が違います（{city.period.get('label')}。"
                    f"{first.file} は{first.period.get('label')}）。"
                    "同じ期間の報告をそろえてください。"
                )
        seen = {}
        for city in cities:
            if city.code in seen:
                problems.append(
                    f"{city.file}: {city.name}（{city.code}）は {seen[city.code]} と"
                    "同じ自治体です。1つにしてください。"
                )
            seen.setdefault(city.code, city.file)
    if problems:
        raise RollupRefused(problems)
    return sorted(cities, key=lambda city: city.code)


def rollup_rows(cities):
    """The roll-up as rows of cells: HEADER, one row per city, 合計 (each column summed over
    the cities that give it; blank where none does), and a note naming the columns whose 合計
    leaves out a city that does not give them (a version stored before they were counted)."""
    rows = [city.cells() for city in cities]
    totals, partial = ["合計", f"{len(rows)}市町村"], []
    for column in range(2, len(HEADER) - 1):
        values = [row[column] for row in rows]
        given = [n for n in values if n is not None]
        totals.append(sum(given) if given else None)
        if given and len(given) < len(values):
            partial.append(HEADER[column])
    totals.append("")
    notes = []
    if partial:
        notes.append(
            [f"※ 空欄の市町村を含まない合計: {'、'.join(partial)}（その版では数えていません）"]
        )
    return [HEADER, *rows, totals, *notes]


def rollup_workbook(cities):
    """The .xlsx bytes of the roll-up of `cities` ([CityReport] of one period)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    period = cities[0].period.get("label", "") if cities else ""
    table_sheet(
        workbook, "市町村別", f"{period} 生活支援体制整備事業 市町村別の集計", rollup_rows(cities)
    )
    return save_workbook(workbook)
