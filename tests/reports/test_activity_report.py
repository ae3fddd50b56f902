"""The tier-1 coordinator's half-year activity report (domain brief §8, issue 19): from a
half-year like the one the city's tier-1 coordinator reported (55 visits to 29 places, 86
hours, 95 consultations, 15 meetings), the report states those figures, on the page and in
the Word file."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from docx import Document

from coordinators.activities.services import activity_create
from coordinators.consultations.services import consultation_create
from coordinators.demo.categories import SeededCategory
from coordinators.models import (
    ActivityForm,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
)
from coordinators.periods import Period
from councils.models import Council, CouncilKind, CouncilTier
from councils.services import meeting_create
from reports.activity_report import activity_report, activity_report_blocks
from tests.builders import category_of
from tests.factories import AssignmentFactory, SocialResourceFactory

pytestmark = pytest.mark.django_db

R6H1 = Period.for_half(2024, 1)
WEEKDAYS = [
    day for day in (date(2024, 4, 1) + timedelta(days=n) for n in range(180)) if day.weekday() < 5
]


@pytest.fixture
def tier1_half_year(carol, ito, division_center, area_a):
    """ito, the division's tier-1 coordinator: 55 visits to 29 salons for 5,160 minutes,
    95 consultations (42 来所・電話), 15 meetings (11 地域ケア会議, 4 地域団体会議) and a
    newsletter of 500 copies every even month."""
    visit = ActivityForm.objects.get(name="訪問")
    salons = [SocialResourceFactory(name=f"サロン{n:02}", area=area_a) for n in range(29)]
    for n in range(55):
        activity_create(
            user=carol,
            coordinators=[ito],
            date=WEEKDAYS[n],
            category=category_of(SeededCategory.OPERATION),
            form=visit,
            resource=salons[n % 29],
            duration_minutes=94 if n < 50 else 92,  # 4,700 + 460 = 5,160 minutes = 86 hours
            description="サロン訪問",
        )
    newsletter = ActivityForm.objects.get(name="広報誌・チラシ発行")
    for month in (4, 6, 8):
        activity_create(
            user=carol,
            coordinators=[ito],
            date=date(2024, month, 10),
            category=category_of(SeededCategory.AWARENESS),
            form=newsletter,
            quantity=500,
            description=f"ささえあい通信 {month}月号",
        )
    activity_create(
        user=carol,
        coordinators=[ito],
        date=date(2024, 7, 5),
        category=category_of(SeededCategory.TRAINING),
        form=ActivityForm.objects.get(name="講師・講話"),
        description="サロンでの健康講座",
    )
    routes = list(ConsultationRoute.objects.all())
    kinds = {kind.name: kind for kind in ConsulterType.objects.all()}
    topic = ConsultationTopic.objects.get(name="活動場所")
    referral = ConsultationOutcome.objects.get(name="社会資源につないだ")
    advice = ConsultationOutcome.objects.get(name="情報提供・助言で終了")
    by_type = [("高齢者（本人）", 13), ("地域活動者", 50), ("ケアマネジャー", 11)]
    by_type += [("福祉施設・事業所", 9), ("その他関係機関", 12)]
    people = [name for name, n in by_type for _ in range(n)]
    for n, name in enumerate(people):
        consultation_create(
            user=carol,
            coordinator=ito,
            topics=[topic],
            received_on=WEEKDAYS[n % len(WEEKDAYS)],
            route=routes[0] if n < 42 else routes[1],
            consulter_type=kinds[name],
            outcome=referral if n % 10 == 0 else advice,
            summary="活動場所の相談",
        )
    councils = {}
    for kind, tier, count in (("地域ケア会議", CouncilTier.SECOND, 11), ("地域団体会議", 2, 4)):
        councils[kind] = Council.objects.create(
            name=f"{kind}（全市）",
            tier=tier,
            kind=CouncilKind.objects.get(name=kind),
            counts_as_equivalent=True,
            default_category_id=SeededCategory.FACT_FINDING,
        )
        for n in range(count):
            meeting_create(
                user=carol,
                council=councils[kind],
                date=WEEKDAYS[60 + n * 3 + (0 if kind == "地域ケア会議" else 1)],
                coordinators=[ito],
                agenda="地域の見守り",
            )
    return ito


def test_the_tier1_report_states_the_half_years_figures(tier1_half_year, division_center):
    report = activity_report(R6H1, division_center, tier1_half_year)
    assert report.visits["count"] == 55
    assert report.visits["distinct_places"] == 29
    assert report.visits["hours"] == 86
    assert report.visits["average_minutes"] == 94
    assert report.consultations["total"] == 95
    assert report.meetings["total"] == 15
    text = "\n".join(block.get("text", "") for block in activity_report_blocks(report))
    assert (
        "サロン・団体等への訪問は延べ55件（実29件）、総時間86時間、1件あたり平均約94分でした。"
        in text
    )
    assert "相談対応は95件（来所・電話 42件、訪問・活動先で 53件）でした。" in text
    assert "○地域活動者 50件（活動場所 50件）、うち他機関・社会資源へつないだもの5件" in text
    assert "会議への出席は15回（地域ケア会議 11回、地域団体会議 4回）でした。" in text
    assert "広報誌・チラシ発行は3件、計1,500部でした。" in text


def test_the_tier1_report_lists_the_dated_activities_in_the_word_file(
    client_for, carol, tier1_half_year, division_center
):
    url = reverse("reports:activity_report")
    query = f"?period=R6上半期&center={division_center.pk}&coordinator={tier1_half_year.pk}"
    page = client_for(carol).get(url + query).content.decode()
    assert "延べ55件（実29件）" in page
    assert "サロンでの健康講座" in page  # 講師, by the form's report role
    report_page = client_for(carol).get(
        reverse("reports:report") + f"?period=R6上半期&center={division_center.pk}"
    )
    assert "広報誌・チラシ発行: 3件、計1,500部" in report_page.content.decode()
    content = client_for(carol).get(url + query + "&format=docx").content
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "会議への出席は15回（地域ケア会議 11回、地域団体会議 4回）でした。" in paragraphs
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "ささえあい通信 6月号" in cells
    assert "500部" in cells
    assert "令和6年7月5日" in cells


def test_a_renamed_form_keeps_its_place_in_the_lists(carol, ito, division_center):
    """The lists follow the form's report role, not its name."""
    form = ActivityForm.objects.get(name="視察受入")
    form.name = "視察・見学の受け入れ"
    form.save()
    activity_create(
        user=carol,
        coordinators=[ito],
        date=date(2024, 5, 20),
        category=category_of(SeededCategory.AWARENESS),
        form=form,
        description="他市からの視察",
    )
    lists = activity_report(R6H1, division_center).role_lists
    assert [item["description"] for item in lists["視察受入"]] == ["他市からの視察"]


def test_a_coordinator_who_moved_is_listed_where_they_served_then(
    client_for, carol, center_a, center_b
):
    moved = AssignmentFactory(
        coordinator__name="中村 由美",
        center=center_a,
        start_date=date(2020, 4, 1),
        end_date=date(2023, 3, 31),
    ).coordinator
    AssignmentFactory(coordinator=moved, center=center_b, start_date=date(2023, 4, 1))
    activity_create(
        user=carol,
        coordinators=[moved],
        date=date(2024, 6, 3),
        category=category_of(SeededCategory.OPERATION),
        form=ActivityForm.objects.get(name="訪問"),
        description="移ってからの訪問",
    )
    url = reverse("reports:activity_report") + f"?period=R6上半期&center={center_b.pk}"
    response = client_for(carol).get(url + f"&coordinator={moved.pk}")
    assert response.status_code == 200
    assert list(response.context["coordinators"]) == [moved]
    assert response.context["report"].visits["count"] == 1
    at_a = client_for(carol).get(
        reverse("reports:activity_report") + f"?period=R6上半期&center={center_a.pk}"
    )
    assert moved not in list(at_a.context["coordinators"])  # not at A in that half-year
