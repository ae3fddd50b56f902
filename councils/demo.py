"""Demo councils, meetings and regional issues.

令和6年度上半期 gets what the city published: the tier-1 council met once and the tier-2
協議体相当 meetings total 76 across the six centers. Their activities are part of the
published activity table: the demo activities are generated after them, for what is left of
each cell. About ten regional issues travel along their path with a meeting behind every stage.
Loaded once: nothing is added when the demo's councils already have meetings.
"""

from datetime import date, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from coordinators.demo.categories import SeededCategory
from coordinators.demo.city import AREAS, DIVISION_NAME
from coordinators.models import Area, Assignment, Center
from coordinators.organisation.selectors import current_assignment_filter

from .models import Council, CouncilKind, CouncilTier, IssueTheme, Meeting, Stage
from .services import issue_advance, issue_raise, meeting_create

# (name pattern, kind, default category, meetings per center in R6 上半期; ゆとりえ has more)
TIER2_COUNCILS = [
    ("{area} 地域ケア会議", "地域ケア会議", SeededCategory.FACT_FINDING, 2),
    ("{nick} 居場所づくり準備会", "居場所づくり準備会", SeededCategory.OPERATION, 4),
    ("{nick} 地域懇談会", "地域フォーラム（地域懇談会）", SeededCategory.FACT_FINDING, 2),
    ("{nick} 地域団体連絡会", "地域団体会議", SeededCategory.OPERATION, 4),
]
EXTRA_MEETINGS = {"ゆとりえ": 4}  # more 地域団体連絡会: 16 + 5 × 12 = 76 in all

ISSUES = [
    # (title, theme, raising center, furthest stage)
    ("買物に行けない高齢者が増えている", "移動・買物", "ゆとりえ", Stage.CITY_ACTION),
    ("坂の多い地区で外出の足がない", "移動・買物", "吉祥寺本町", Stage.REPORTED),
    ("男性が参加できる居場所が少ない", "居場所", "高齢者総合センター", Stage.ADVISED),
    ("サロンの担い手が高齢化している", "担い手", "吉祥寺ナーシングホーム", Stage.GATHERED),
    ("認知症の人と家族が集える場がない", "認知症", "桜堤ケアハウス", Stage.RESOLVED),
    ("空き家を地域の拠点に使いたい", "空き家", "武蔵野赤十字", Stage.GATHERED),
    ("一人暮らし高齢者の見守りが手薄", "見守り", "ゆとりえ", Stage.RAISED),
    ("地域の活動情報が高齢者に届かない", "情報発信", "吉祥寺本町", Stage.CONTINUED),
    ("集合住宅で孤立する高齢者がいる", "見守り", "桜堤ケアハウス", Stage.RAISED),
    ("体操グループの会場が確保できない", "居場所", "武蔵野赤十字", Stage.REPORTED),
]


def _weekdays_in(start, end, count, offset):
    """count weekdays spread evenly between start and end, shifted by offset days."""
    span = (end - start).days
    days = []
    for n in range(count):
        day = start + timedelta(days=(span * (2 * n + 1)) // (2 * count) + offset % 5)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        days.append(day)
    return days


def _on_duty(center, day):
    return [
        a.coordinator
        for a in Assignment.objects.filter(center=center)
        .filter(current_assignment_filter(day))
        .select_related("coordinator")
    ]


@transaction.atomic
def load_demo_councils():
    """Councils for the demo city, R6 上半期 meetings as published, and regional issues."""
    kinds = {kind.name: kind for kind in CouncilKind.objects.all()}
    division = Center.objects.get(name=DIVISION_NAME)
    recorder = User.objects.filter(username="division").first() or User.objects.first()
    city, _ = Council.objects.get_or_create(
        name="地域包括ケア推進協議会",
        defaults={
            "tier": CouncilTier.FIRST,
            "kind": kinds["地域包括ケア推進協議会"],
            "default_category_id": SeededCategory.OPERATION,
        },
    )
    link, _ = Council.objects.get_or_create(
        name="生活支援コーディネーター連携会議",
        defaults={
            "tier": CouncilTier.BETWEEN,
            "kind": kinds["SC連携会議"],
            "default_category_id": SeededCategory.OPERATION,
        },
    )
    tier2 = {}
    for area_name, center_name, nick, _towns in AREAS:
        center = Center.objects.get(name=center_name)
        area = Area.objects.get(name=area_name)
        for pattern, kind, category, _count in TIER2_COUNCILS:
            council, _ = Council.objects.get_or_create(
                name=pattern.format(area=area_name.removesuffix("圏域"), nick=nick),
                defaults={
                    "tier": CouncilTier.SECOND,
                    "kind": kinds[kind],
                    "center": center,
                    "area": area,
                    "counts_as_equivalent": True,
                    "default_category_id": category,
                },
            )
            tier2.setdefault(center_name, []).append(council)
    if Meeting.all_objects.exists():
        return 0, 0

    period_start, period_end = date(2024, 4, 1), date(2024, 9, 30)
    raising = {}
    meetings = 0
    for center_name, councils in tier2.items():
        center = Center.objects.get(name=center_name)
        for index, ((_p, _k, _c, count), council) in enumerate(
            zip(TIER2_COUNCILS, councils, strict=True)
        ):
            if council.kind.name == "地域団体会議":
                count += EXTRA_MEETINGS.get(center_name, 0)
            for day in _weekdays_in(period_start, period_end, count, index):
                meeting = meeting_create(
                    user=recorder,
                    council=council,
                    date=day,
                    coordinators=_on_duty(center, day),
                    start_time=time(14),
                    end_time=time(15, 30),
                    other_participants=8,
                    organisations="民生委員、町会、地区社協",
                    agenda=f"{council.kind}：地域の状況共有",
                )
                raising.setdefault(center_name, meeting)
                meetings += 1
        # A 所属's own councils' meetings are its to change, as if its staff recorded them.
        Meeting.objects.filter(council__center=center).update(center=center)

    everyone = lambda day: [  # noqa: E731
        c for center in Center.objects.filter(is_active=True) for c in _on_duty(center, day)
    ]
    link_june = meeting_create(
        user=recorder,
        council=link,
        date=date(2024, 6, 24),
        coordinators=everyone(date(2024, 6, 24)),
        agenda="各圏域の地域課題の集約",
    )
    link_sept = meeting_create(
        user=recorder,
        council=link,
        date=date(2024, 9, 24),
        coordinators=everyone(date(2024, 9, 24)),
        agenda="地域課題の進捗確認",
    )
    council_aug = meeting_create(
        user=recorder,
        council=city,
        date=date(2024, 8, 20),
        coordinators=_on_duty(division, date(2024, 8, 20)),
        agenda="生活支援体制整備事業の報告（第2層からの地域課題）",
        other_participants=18,
    )
    council_nov = meeting_create(
        user=recorder,
        council=city,
        date=date(2024, 11, 12),
        coordinators=_on_duty(division, date(2024, 11, 12)),
        agenda="地域課題への提言のとりまとめ",
        other_participants=18,
    )
    stage_meetings = {
        Stage.GATHERED: link_june,
        Stage.REPORTED: council_aug,
        Stage.ADVISED: council_nov,
        Stage.CITY_ACTION: council_nov,
        Stage.RESOLVED: link_sept,
        Stage.CONTINUED: link_sept,
    }
    themes = {theme.name: theme for theme in IssueTheme.objects.all()}
    for title, theme, center_name, furthest in ISSUES:
        meeting = raising[center_name]
        issue = issue_raise(
            user=recorder,
            meeting=meeting,
            title=title,
            themes=[themes[theme]],
            areas=Area.objects.filter(center__name=center_name),
        )
        stages = [
            s
            for s in Stage
            if Stage.RAISED < s <= furthest and s not in (Stage.RESOLVED, Stage.CONTINUED)
        ]
        if furthest in (Stage.RESOLVED, Stage.CONTINUED):
            stages = [Stage.GATHERED, furthest]
        for stage in stages:
            behind = stage_meetings[stage]
            issue_advance(user=recorder, issue=issue, stage=stage, date=behind.date, meeting=behind)
    return meetings + 4, len(ISSUES)


def demo_lines():
    """Load the councils' demo and say what was added: [line] for `load_demo` to print."""
    meetings, issues = load_demo_councils()
    if not meetings:
        return []
    return [
        f"会議を{meetings}件（令和6年度上半期の協議体相当76件・推進協議会1件を含む）、"
        f"地域課題を{issues}件追加しました。"
    ]
