"""The demo city's 実績報告 text for 令和6年度上半期 (domain brief §8), written before the demo
closes that half-year, so a new user sees a whole document and may 「確定」 it."""

from django.contrib.auth.models import User
from django.db import transaction

from coordinators.models import Center
from coordinators.periods import Period

from .models import ReportText, Section
from .texts import situation_sentence

R6_FIRST_HALF = Period.for_half(2024, 1)

CITY = {
    Section.OVERVIEW: (
        "高齢者が住み慣れた地域で自分らしく暮らし続けられるよう、生活支援コーディネーターと"
        "協議体が、地域の支え合いの活動を見つけ、つなぎ、育てる事業です。\n"
        "生活支援コーディネーターは地域の資源と困りごとを把握し、担い手の養成や活動の立ち上げ・"
        "運営を支援します。協議体は、地域の関係者が課題を話し合い、取組につなげる場です。"
    ),
    Section.MAIN_WORK: (
        "○サロン代表者向けに、運営の工夫を共有する説明会を開催しました。\n"
        "○第2層コーディネーターと地区別の会議を行い、各地域の課題を共有しました。\n"
        "○フレイル予防のイベントと、サロンでの健康講座を実施しました。\n"
        "○オンラインの居場所づくりを試行しました。"
    ),
    Section.COUNCIL_SITUATION: (
        "第1層協議体は市の地域福祉の会議が担い、第2層では地域ケア会議、居場所づくり準備会、"
        "地域懇談会、地域団体会議を協議体相当の会議として数えています。\n"
        "第2層で話し合われた地域課題は、第1層協議体を経て市の施策につなげます。"
    ),
    Section.CHALLENGES: (
        "(1) サロン活動の継続\n"
        "参加者と担い手の高齢化が進み、活動を続けることが難しいサロンが出てきています。"
        "新しい担い手の養成と、運営の負担を軽くする支援を続けます。\n"
        "(2) フレイル予防\n"
        "サロンや通いの場で、体操と栄養・口腔の講座を組み合わせた取組を広げます。\n"
        "(3) 高齢者のICT活用\n"
        "オンラインの居場所の試行を踏まえ、スマートフォン講座と組み合わせて進めます。"
    ),
}

CENTER_WORK = (
    "○担当地域のサロンを訪問し、運営の相談に応じました。\n"
    "○地域ケア会議で、買物や移動の困りごとを話し合いました。"
)
CENTER_CHALLENGES = "担い手の高齢化が進むサロンへの支援と、男性の参加の場づくりが課題です。"


def load_demo_texts():
    """Write the demo's text for 令和6年度上半期 once (nothing when any exists) -> lines."""
    period = R6_FIRST_HALF
    if ReportText.objects.filter(fiscal_year=period.fiscal_year, half=period.half).exists():
        return []
    division = User.objects.get(username="division")
    texts = {None: {**CITY, Section.COORDINATOR_SITUATION: situation_sentence(period)}}
    for center in Center.objects.all():
        texts[center] = {Section.MAIN_WORK: CENTER_WORK, Section.CHALLENGES: CENTER_CHALLENGES}
    with transaction.atomic():
        # Written directly, like the demo's records: as if typed before the half-year closed.
        for center, sections in texts.items():
            for section, text in sections.items():
                ReportText.objects.create(
                    fiscal_year=period.fiscal_year,
                    half=period.half,
                    center=center,
                    section=section,
                    text=text,
                    updated_by=division,
                )
    return [f"{period.label}の実績報告の文章（市全体と{len(texts) - 1}所属）を追加しました。"]
