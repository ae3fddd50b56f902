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

    @property
    def state(self):
        if self.published:
            return f"公表版 第{self.published['version']}版"
        return "締め前（いまの数値）"

    def cells(self):
        functions = [self.by_function.get(label, 0) for label in FUNCTIONS]
        people = self.coordinators_by_tier or {}
        return [
            self.code,
            self.name,
            *functions,
            sum(functions),
            *(people.get(tier) for tier in TIERS),
            *(self.councils_by_tier.get(tier) for tier in TIERS),
            self.state,
        ]


def _city(path, data):
    """The CityReport of one parsed file, or raise ValueError with the file's problem."""
    municipality = data.get("municipality") or {}
    code = str(municipality.get("code") or "")
    if not code:
        raise ValueError(
            "団体コードがありません。市の「自治体」（団体コード）を設定して出力し直してください。"
        )
    try:
        validate_municipality_code(code)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    if data.get("scope") != CITY_SCOPE:
        raise ValueError(
            f"1つの所属（{data.get('scope')}）の報告です。市全体の報告を使ってください。"
        )
    if "by_function" not in data or "period" not in data:
        raise ValueError("報告のJSONではありません（by_function・period がありません）。")
    return CityReport(
        file=path,
        code=code,
        name=municipality.get("name") or "",
        period=data["period"],
        by_function=data["by_function"],
        coordinators_by_tier=data.get("coordinators_by_tier"),
        councils_by_tier=(data.get("councils") or {}).get("by_tier") or {},
        published=data.get("published"),
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


def _total(values):
    numbers = [value for value in values if isinstance(value, int)]
    return sum(numbers) if numbers else None


def rollup_rows(cities):
    """The roll-up as rows of cells: HEADER, one row per city, 合計 (each column summed
    over the cities that give it; blank where none does)."""
    rows = [city.cells() for city in cities]
    totals = ["合計", f"{len(rows)}市町村"]
    for column in range(2, len(HEADER) - 1):
        totals.append(_total(row[column] for row in rows))
    totals.append("")
    return [HEADER, *rows, totals]


def rollup_workbook(cities):
    """The .xlsx bytes of the roll-up of `cities` ([CityReport] of one period)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    period = cities[0].period.get("label", "") if cities else ""
    table_sheet(
        workbook, "市町村別", f"{period} 生活支援体制整備事業 市町村別の集計", rollup_rows(cities)
    )
    return save_workbook(workbook)
