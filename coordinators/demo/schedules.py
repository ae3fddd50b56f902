"""Demo templates with schedules (issue 18), so a new user sees recurring work come to the
week page: a weekly salon, a meeting-free 第2・第4 visit and an even-month newsletter."""

from datetime import time

from django.contrib.auth.models import User
from django.db import transaction

from coordinators.models import (
    ActivityForm,
    ActivityTemplate,
    Assignment,
    Center,
    Repeat,
    RepeatMonths,
)

from .categories import SeededCategory

CENTER = "吉祥寺本町"
LOGIN = "staff_honcho"
TEMPLATES = [
    # name, form, category, description, schedule, start, minutes
    (
        "毎週火曜 家族介護者サロン",
        "訪問",
        SeededCategory.OPERATION,
        "家族介護者サロンに参加し運営を支援",
        {"repeat": Repeat.WEEKLY, "weekday": 1},
        time(10, 0),
        90,
    ),
    (
        "第2・第4水曜 いきいきサロン見学",
        "訪問",
        SeededCategory.FACT_FINDING,
        "いきいきサロンを訪問し参加者の様子を把握",
        {"repeat": Repeat.NTH_WEEKDAY, "weekday": 2, "weeks_of_month": "2,4"},
        time(13, 30),
        60,
    ),
    (
        "偶数月20日 支え合い通信の発行",
        "広報誌・チラシ発行",
        SeededCategory.AWARENESS,
        "地域の支え合い通信を発行し配布",
        {"repeat": Repeat.DAY_OF_MONTH, "weekday": 0, "day_of_month": 20},
        time(9, 30),
        120,
    ),
]


@transaction.atomic
def load_demo_templates():
    """Add the demo templates the center lacks (by name); returns how many were added."""
    center = Center.objects.filter(name=CENTER).first()
    login = User.objects.filter(username=LOGIN).first()
    if center is None or login is None:
        return 0
    coordinators = [a.coordinator for a in Assignment.objects.filter(center=center)][:1]
    added = 0
    for name, form, category, description, schedule, start, minutes in TEMPLATES:
        if ActivityTemplate.objects.filter(center=center, name=name).exists():
            continue
        template = ActivityTemplate.objects.create(
            name=name,
            center=center,
            tier=center.tier,
            created_by=login,
            form=ActivityForm.objects.get(name=form),
            category_id=category,
            description=description,
            start_time=start,
            duration_minutes=minutes,
            months=RepeatMonths.EVEN if schedule["repeat"] == Repeat.DAY_OF_MONTH else "all",
            **schedule,
        )
        template.coordinators.set(coordinators)
        added += 1
    return added
