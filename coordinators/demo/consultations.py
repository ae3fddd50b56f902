"""Demo consultations for 令和5年度上半期 and 令和6年度上半期, and a few individual-support cases
whose timelines follow the domain brief's example. Loaded once, like the demo activities."""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from coordinators.models import (
    Activity,
    ActivityForm,
    Assignment,
    CareLevel,
    CaseStep,
    Consultation,
    ConsultationOutcome,
    ConsultationRoute,
    ConsultationTopic,
    ConsulterType,
    ResourceType,
    Sex,
    SocialResource,
    SupportCase,
)
from coordinators.periods import Period

from .categories import SeededCategory

# consulter type -> topics typical for it (the older report lists topics under each type)
TOPICS_BY_TYPE = {
    "高齢者（本人）": ["活動場所", "介護保険・福祉施設", "認知症", "消費者被害"],
    "家族": ["介護保険・福祉施設", "認知症", "個別ケース", "生活保護"],
    "地域活動者": ["活動費", "講師", "プログラム内容", "他地域の取組", "活動場所", "空き家活用"],
    "ケアマネジャー": ["個別ケース", "活動場所", "地域課題・社会資源"],
    "福祉施設・事業所": ["地域課題・社会資源", "講師", "プログラム内容"],
    "その他関係機関": ["地域課題・社会資源", "他地域の取組", "その他"],
}
SUMMARIES = [
    "近所で参加できる通いの場を知りたい",
    "サロンの講師を紹介してほしい",
    "活動費の助成について知りたい",
    "物忘れが心配で相談先を知りたい",
    "空き家を地域の集まりに使えないか",
    "他市の見守り活動の事例を知りたい",
    "体操グループの会場を探している",
]
PER_HALF = {  # consultations per 所属 per half-year, roughly as small centers see them
    "ゆとりえ": 28,
    "吉祥寺本町": 22,
    "高齢者総合センター": 25,
    "吉祥寺ナーシングホーム": 18,
    "桜堤ケアハウス": 20,
    "武蔵野赤十字": 24,
    "高齢者支援課": 30,
}


def _recorder(center_name):
    usernames = {"ゆとりえ": "staff_yutorie", "吉祥寺本町": "staff_honcho"}
    username = usernames.get(center_name, "division")
    return User.objects.filter(username=username).first() or User.objects.order_by("pk").first()


@transaction.atomic
def load_demo_consultations():
    """Add demo consultations and cases once; returns (consultations, cases) created."""
    r6_first = Period.for_half(2024, 1)
    if Consultation.all_objects.filter(received_on__range=(r6_first.start, r6_first.end)).exists():
        return 0, 0
    rng = random.Random(20240402)
    routes = list(ConsultationRoute.objects.all())
    types = {t.name: t for t in ConsulterType.objects.all()}
    topics = {t.name: t for t in ConsultationTopic.objects.all()}
    outcomes = {o.name: o for o in ConsultationOutcome.objects.all()}
    assignments = list(Assignment.objects.select_related("center", "coordinator"))
    resources_by_center = {}
    for resource in SocialResource.objects.select_related("area"):
        if resource.area_id:
            resources_by_center.setdefault(resource.area.center_id, []).append(resource)

    consultations, topic_links = [], []
    for period in (Period.for_half(2023, 1), r6_first):
        days = [
            period.start + timedelta(days=n)
            for n in range((period.end - period.start).days + 1)
            if (period.start + timedelta(days=n)).weekday() < 5
        ]
        for center_name, count in PER_HALF.items():
            for _ in range(count):
                day = rng.choice(days)
                on_duty = [
                    a
                    for a in assignments
                    if a.center.name == center_name
                    and a.start_date <= day
                    and (a.end_date is None or day <= a.end_date)
                ]
                if not on_duty:
                    continue
                assignment = rng.choice(on_duty)
                type_name = rng.choice(list(TOPICS_BY_TYPE))
                outcome = rng.choice(list(outcomes.values()))
                nearby = resources_by_center.get(assignment.center_id, [])
                resource = rng.choice(nearby) if outcome.connects_resource and nearby else None
                about_a_person = type_name in {"高齢者（本人）", "家族", "ケアマネジャー"}
                consultations.append(
                    Consultation(
                        received_on=day,
                        center=assignment.center,
                        tier=assignment.tier,
                        coordinator=assignment.coordinator,
                        route=rng.choice(routes),
                        consulter_type=types[type_name],
                        outcome=outcome,
                        resource=resource,
                        summary=rng.choice(SUMMARIES),
                        subject_age=rng.randint(65, 92) if about_a_person else None,
                        subject_sex=rng.choice(list(Sex)).value if about_a_person else "",
                        care_level=rng.choice(list(CareLevel)).value if about_a_person else "",
                        recorded_by=_recorder(center_name),
                    )
                )
                topic_links.append(rng.sample(TOPICS_BY_TYPE[type_name], k=rng.choice([1, 1, 2])))
    created = Consultation.objects.bulk_create(consultations, batch_size=500)
    through = Consultation.topics.through
    through.objects.bulk_create(
        [
            through(consultation_id=c.pk, consultationtopic_id=topics[name].pk)
            for c, names in zip(created, topic_links, strict=True)
            for name in names
        ]
    )
    return len(created), _demo_cases()


def _demo_cases():
    """The domain brief's example, told three times in different areas.

    Set in 令和5年度上半期: their joint visits are 個別支援 activities, and the R6 上半期 demo
    counts must stay exactly the published ones.
    """
    care_manager = ConsulterType.objects.get(name="ケアマネジャー")
    house_type = ResourceType.objects.get(name="テンミリオンハウス")
    visit = ActivityForm.objects.get(name="訪問")
    count = 0
    for center_name, start in [
        ("ゆとりえ", date(2023, 5, 15)),
        ("吉祥寺本町", date(2023, 6, 5)),
        ("武蔵野赤十字", date(2023, 7, 10)),
    ]:
        candidates = Consultation.objects.filter(
            center__name=center_name, received_on__range=(start, date(2023, 8, 31))
        ).order_by("received_on")
        consultation = candidates.filter(consulter_type=care_manager).first() or candidates.first()
        if consultation is not None and consultation.consulter_type != care_manager:
            consultation.consulter_type = care_manager
        house = SocialResource.objects.filter(
            area__center__name=center_name, resource_type=house_type
        ).first()
        if consultation is None or house is None or hasattr(consultation, "case"):
            continue
        consultation.subject_age, consultation.care_level = 61, CareLevel.SUPPORT1
        consultation.summary = "自宅近くで日中過ごせる場所を探している（ケアマネジャーから）"
        consultation.save()
        user = consultation.recorded_by
        case = SupportCase.objects.create(
            consultation=consultation,
            center=consultation.center,
            title="60代 要支援1 自宅近くの居場所を希望",
            opened_on=consultation.received_on,
            created_by=user,
        )
        day = consultation.received_on
        CaseStep.objects.create(
            case=case,
            date=day,
            description="ケアマネジャーから、自宅近くで日中過ごせる場所の相談を受付",
            created_by=user,
        )
        joint_visit = Activity.objects.create(
            date=day + timedelta(days=7),
            center=consultation.center,
            tier=consultation.tier,
            category_id=SeededCategory.INDIVIDUAL,
            form=visit,
            counts_as_visit=visit.counts_as_visit,
            resource=house,
            duration_minutes=60,
            description="ケアマネジャーと同行しテンミリオンハウスを見学",
            recorded_by=user,
        )
        joint_visit.coordinators.set([consultation.coordinator])
        step = CaseStep.objects.create(
            case=case,
            date=day + timedelta(days=7),
            description="ケアマネジャーと本人とテンミリオンハウスを見学",
            activity=joint_visit,
            created_by=user,
        )
        step.resources.set([house])
        connected = CaseStep.objects.create(
            case=case,
            date=day + timedelta(days=21),
            description="毎週火曜日に通うようになった",
            created_by=user,
        )
        connected.resources.set([house])
        count += 1
    return count
