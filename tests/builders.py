"""Builders the tests share: records made through the services as a user would make them, the
POST data of the main forms, a workbook in memory, and every URL of the project with sample
arguments. Test modules import these from here, never from one another."""

import io
import re
from datetime import date, time

import openpyxl
from django.urls import URLPattern, URLResolver, get_resolver

from coordinators.activities.services import activity_create
from coordinators.consultations.services import consultation_create
from coordinators.demo.categories import SeededCategory
from coordinators.imports.master import SHEETS as MASTER_SHEETS
from coordinators.imports.records import SHEETS as RECORD_SHEETS
from coordinators.models import (
    ActivityForm,
    Category,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
)
from coordinators.recordkeeping.edit_conflicts import current_version
from councils.services import meeting_create

MONDAY = date(2024, 6, 10)  # a Monday in 令和6年度上半期, which the tests keep open


DAY = MONDAY  # a Monday in 令和6年度上半期


def category_of(number):
    """The seeded 区分 row of a number (SeededCategory.OPERATION or 4); a row is passed on."""
    if isinstance(number, Category):
        return number
    return Category.objects.get(pk=int(number))


def record(user, coordinators, day=DAY, category=SeededCategory.FACT_FINDING, **extra):
    return activity_create(
        user=user,
        coordinators=coordinators,
        date=day,
        category=category_of(category),
        form=ActivityForm.objects.get(name="訪問"),
        description=extra.pop("description", "サロン訪問"),
        **extra,
    )


def make(user, coordinator, day=MONDAY, description="サロン訪問", category=2, **extra):
    return activity_create(
        user=user,
        coordinators=[coordinator],
        date=day,
        category=category_of(category),
        **{"form": ActivityForm.objects.get(name="訪問"), **extra},
        description=description,
    )


def entry(sato, visit, **changes):
    data = {
        "date": MONDAY.isoformat(),
        "start_time": "10:00",
        "duration_minutes": "90",
        "category": "2",
        "form": visit.pk,
        "coordinators": [sato.pk],
        "resource": "",
        "place": "",
        "participants": "",
        "description": "家族介護者サロンに参加",
    }
    data.update(changes)
    return data


def record_meeting(user, council, coordinators, day=date(2024, 6, 12), **extra):
    """A meeting made through meeting_create, one activity per attending 所属."""
    if "category" in extra:
        extra["category"] = category_of(extra["category"])
    return meeting_create(
        user=user,
        council=council,
        date=day,
        coordinators=coordinators,
        agenda=extra.pop("agenda", "地域の見守り"),
        **extra,
    )


def consult(user, coordinator, day=MONDAY, outcome="情報提供・助言で終了", **extra):
    return consultation_create(
        user=user,
        coordinator=coordinator,
        received_on=day,
        route=ConsultationRoute.objects.get(name="来所・電話"),
        consulter_type=ConsulterType.objects.get(name="ケアマネジャー"),
        topics=ConsultationTopic.objects.filter(name__in=["個別ケース", "活動場所"]),
        outcome=ConsultationOutcome.objects.get(name=outcome),
        **extra,
    )


def quick_post(sato, **changes):
    data = {
        "center": sato.assignments.get().center_id,
        "consultation-received_on": MONDAY.isoformat(),
        "consultation-route": ConsultationRoute.objects.get(name="来所・電話").pk,
        "consultation-consulter_type": ConsulterType.objects.get(name="家族").pk,
        "consultation-topics": [ConsultationTopic.objects.get(name="認知症").pk],
        "consultation-outcome": ConsultationOutcome.objects.get(name="情報提供・助言で終了").pk,
        "consultation-resource": "",
        "consultation-coordinator": sato.pk,
    }
    data.update(changes)
    return data


def resource_post_data(resource, **changes):
    """The edit form of `resource` as its page sends it (with the version read now), with
    `changes` typed over it."""
    data = {
        "version": current_version(resource),
        "name": resource.name,
        "resource_type": resource.resource_type_id,
        "state": resource.state,
        "area": resource.area_id or "",
        "town": resource.town_id or "",
        "address": resource.address,
        "operator": resource.operator,
        "schedule": resource.schedule,
        "launched_on": "",
        "notes": resource.notes,
    }
    data.update(changes)
    return data


def book(sheets):
    """An .xlsx file as bytes: {sheet name: [row tuples]}, written as given (headers included)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(rows_by_sheet, headers=None):
    """A master workbook: each sheet gets the header row マスタ取込 expects (or `headers`)."""
    return book(
        {
            name: [(headers or {}).get(name, MASTER_SHEETS.get(name, ("見出し",))), *rows]
            for name, rows in rows_by_sheet.items()
        }
    )


def good_row(day="2024/6/10", **changes):
    """One valid 活動記録 row for the records import, in the sheet's column order."""
    row = {
        "日付": day,
        "開始時刻": "10:00",
        "所要時間（分）": 90,
        "所属": "センターA",
        "担当者": "佐藤 花子、高橋 美咲",
        "区分": "実態把握",
        "活動形態": "訪問",
        "訪問先": "東町ひだまり",
        "場所": "",
        "参加人数": 12,
        "内容": "サロンに参加し様子を確認",
    }
    row.update(changes)
    return [row[column] for column in RECORD_SHEETS["活動記録"]]


def workbook(rows, sheet="活動記録"):
    """A records workbook of one sheet with the 活動記録 header row."""
    return book({sheet: [RECORD_SHEETS["活動記録"], *rows]})


def consultation_row(**changes):
    """One valid 相談記録 row for the records import, in the sheet's column order."""
    row = {
        "受付日": "R6.6.10",
        "所属": "センターA",
        "担当者": "佐藤 花子",
        "相談経路": "来所・電話",
        "相談者種別": "ケアマネジャー",
        "相談内容": "個別ケース、活動場所",
        "対応結果": "社会資源につないだ",
        "年齢": 61,
        "性別": "女性",
        "要介護度": "要支援1",
        "概要": "近くの通いの場を探している",
    }
    row.update(changes)
    return [row[column] for column in RECORD_SHEETS["相談記録"]]


def consultation_workbook(rows):
    """A records workbook of the 相談記録 sheet alone."""
    return book({"相談記録": [RECORD_SHEETS["相談記録"], *rows]})


SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "1", "uuid": "0" * 32}


def _example(pattern):
    text = str(pattern.pattern)
    # regex routes (admin): the first alternative of a group, "1" for a free group
    text = re.sub(r"\(\?P<\w+>([\w-]+)(?:\|[^)]*)?\)", r"\1", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from walk(pattern.url_patterns, prefix + _example(pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, "/" + prefix + _example(pattern)


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[1])


# 開始時刻 as staff type them, and what they mean (issue 15): the same on screens and imports.
START_TIMES_AS_TYPED = [
    ("10時", time(10)),
    ("10時30分", time(10, 30)),
    ("1030", time(10, 30)),
    ("９：３０", time(9, 30)),
]
