"""The 実績報告's text, written in the product (issue 19): who may write which section, when it
is fixed, and the division's 「確定」 that publishes the city's document with its figures.

A 所属 writes its 主な取組 and 課題 (CENTER_SECTIONS); they are fixed when its half-year is
closed, and stored with the 所属's published version then (services._publish). The division
writes every section for the city; once every 所属 is closed it 確定s the document, which
stores the city's text and each 所属's with the city's newest published version. Reopening a
所属 and closing it again publishes a new version, whose document is 確定 anew.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordinators.activities.record_rules import require_center_access
from coordinators.closing import closed_message, closing_for, ensure_half_year_open
from coordinators.ids import ascii_id
from coordinators.models import Assignment, Tier, division_name
from coordinators.models.history import save_with_history
from coordinators.organisation.selectors import assignments_during
from coordinators.periods import Period, wareki_date
from coordinators.recordkeeping.edit_conflicts import EditConflict
from coordinators.roles import role_of, visible_to

from .models import CENTER_SECTIONS, WHOLE_YEAR, PublishedReport, ReportText, Section
from .published import frozen_version, open_centers
from .selectors import report_centers


def texts_for_user(user):
    """The ReportText rows a login may read (QuerySet): all for the division, its own 所属's
    for center staff (the city's text is the division's, as its report is)."""
    return visible_to(user, ReportText.objects.all())


def period_of(text):
    """The Period a ReportText row belongs to."""
    if text.half == WHOLE_YEAR:
        return Period.for_fiscal_year(text.fiscal_year)
    return Period.for_half(text.fiscal_year, text.half)


def history_rows(period, center=None):
    """{Section value: ReportText pk} of a scope's written sections, for their 変更履歴 links."""
    return dict(_stored(period, center).values_list("section", "pk"))


def sections_for(center):
    """The sections a scope writes: CENTER_SECTIONS for a 所属, every Section for the city."""
    return list(CENTER_SECTIONS) if center is not None else list(Section)


def _half(period):
    return period.half if period.kind == "half" else WHOLE_YEAR


def _stored(period, center):
    return ReportText.objects.filter(
        fiscal_year=period.fiscal_year, half=_half(period), center=center
    )


def texts_for(period, center=None):
    """{Section value: text} written for a period (half-year or fiscal year) and scope (a
    Center, or None for the city); a section not written yet is left out."""
    return {row.section: row.text for row in _stored(period, center) if row.text.strip()}


def center_texts(period, centers):
    """{center pk: {Section value: text}} of several 所属 in one query; 所属 without any text
    are left out (the division's list of who has not written theirs)."""
    found = {}
    for row in ReportText.objects.filter(
        fiscal_year=period.fiscal_year, half=_half(period), center__in=centers
    ):
        if row.text.strip():
            found.setdefault(row.center_id, {})[row.section] = row.text
    return found


def previous_year_draft(period, center=None):
    """The texts of the same half (or fiscal year) a year earlier, {Section value: text}: what a
    new period's form starts from, saved only when the user saves it."""
    if period.kind == "half":
        earlier = Period.for_half(period.fiscal_year - 1, period.half)
    else:
        earlier = Period.for_fiscal_year(period.fiscal_year - 1)
    return texts_for(earlier, center)


def fixed_document(period):
    """The city's newest PublishedReport of a half-year whose document is 確定 and whose 所属
    are all still closed, or None (the text is then a draft)."""
    if period.kind != "half":
        return None
    version = frozen_version(period, None)
    return version if version is not None and version.document_fixed_at else None


def _fixed_message(version):
    who = version.document_fixed_by.get_full_name() or version.document_fixed_by.get_username()
    return (
        f"{version.period.label}の実績報告は{wareki_date(version.document_fixed_at)}に"
        f"{who}さんが確定したため、文章は変更できません（{version.label}）。"
    )


def why_fixed(period, center=None):
    """The message saying why a scope's text can no longer be changed, or None: a 所属's
    half-year is closed, or the city's document is 確定."""
    if period.kind != "half":
        return None
    if center is not None:
        closing = closing_for(center, period.start)
        return closed_message(closing) if closing is not None else None
    version = fixed_document(period)
    return _fixed_message(version) if version is not None else None


def texts_version(period, center=None):
    """The version of a scope's texts the page was drawn from: the newest change-history id
    of its sections, "0" before any is written (edit_conflicts' versions, issue 17)."""
    newest = (
        ReportText.history.filter(fiscal_year=period.fiscal_year, half=_half(period), center=center)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return str(newest or 0)


def _name(user):
    if user is None:
        return "システム"
    return (user.get_full_name() or user.get_username()) + "さん"


def _ensure_unchanged(period, center, version):
    if version is None or texts_version(period, center) == str(version):
        return
    newer = (
        ReportText.history.filter(fiscal_year=period.fiscal_year, half=_half(period), center=center)
        .filter(pk__gt=ascii_id(str(version)) or 0)
        .select_related("history_user")
        .order_by("pk")
    )
    told = "、".join(
        f"{_name(row.history_user)}が{timezone.localtime(row.history_date):%H:%M}に"
        f"「{Section(row.section).label}」を"
        for row in newer
    )
    raise EditConflict(
        f"この文章は、画面を開いた後に変更されました（{told}変更）。あなたの入力はまだ保存して"
        "いません。内容を確かめて、このまま上書きする場合はもう一度保存してください。",
        texts_version(period, center),
    )


@transaction.atomic
def save_texts(*, user, period, center, texts, version=None):
    """Write a scope's sections: texts is {Section value: str}; sections of another scope are
    refused, unchanged ones not rewritten -> the number of sections changed. version: the
    texts_version the page was drawn from (None: not checked).

    Raises PermissionDenied (city text by a 所属; another 所属's text), ValidationError
    without a field when the text is fixed (why_fixed), and EditConflict when someone saved
    the scope's texts after `version`. Each change leaves a history row.
    """
    if center is None and not role_of(user).sees_all_centers:
        raise PermissionDenied(f"市全体の文章は{division_name()}が書きます。")
    if center is not None:
        require_center_access(user, center)
        if period.kind == "half":
            # held like a record's write, so a close waits for it (coordinators.closing)
            ensure_half_year_open(center=center, day=period.start, field="__all__")
    reason = why_fixed(period, center)
    if reason:
        raise ValidationError(reason)
    allowed = sections_for(center)
    # ordered by pk: the model order joins 所属, and FOR UPDATE refuses an outer join
    stored = {
        row.section: row for row in _stored(period, center).order_by("pk").select_for_update()
    }
    _ensure_unchanged(period, center, version)
    changed = 0
    for section, text in texts.items():
        if section not in allowed:
            raise ValidationError(f"「{Section(section).label}」はこの範囲では書けません。")
        text = (text or "").replace("\r\n", "\n").strip()
        row = stored.get(section)
        if row is not None and row.text == text:
            continue
        if row is None:
            if not text:
                continue
            row = ReportText(
                fiscal_year=period.fiscal_year, half=_half(period), center=center, section=section
            )
        row.text, row.updated_by = text, user
        row.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                save_with_history(row)
        except IntegrityError:
            # two first saves of one section at once: the later one is told, as a conflict
            raise EditConflict(
                "同じ文章を別の画面で同時に保存したため、あなたの入力はまだ保存していません。"
                "内容を確かめて、もう一度保存してください。",
                texts_version(period, center),
            ) from None
        changed += 1
    return changed


def narrative_at_close(period, center):
    """What a 所属's published version stores of its text when its half-year closes."""
    return texts_for(period, center)


@transaction.atomic
def fix_document(*, user, period, version=None):
    """「確定」: store the city's text and each 所属's with the city's newest published version
    of a half-year -> that PublishedReport.

    version: the version number the page showed (None: not checked). Raises
    PermissionDenied for anyone but the division, ValidationError when a 所属 is still open
    (naming them), when the period is not a half-year, when a newer version than the one
    shown was published meanwhile, or when this version's document is already 確定.
    """
    if not role_of(user).sees_all_centers:
        raise PermissionDenied(f"実績報告を確定できるのは{division_name()}だけです。")
    if period.kind != "half":
        raise ValidationError("確定は半期ごとです。「R6上半期」のように半期を選んでください。")
    centers = list(report_centers(period))
    still_open = [c.name for c in open_centers(period, centers)]
    if still_open or not centers:
        names = "、".join(still_open)
        raise ValidationError(
            f"すべての所属を締めてから確定してください（締めていない所属: {names}）。"
        )
    newest = PublishedReport.objects.select_for_update().get(pk=frozen_version(period, None).pk)
    if version is not None and newest.version != version:
        raise ValidationError(
            f"表示していた第{version}版の後に{newest.label}が公表されています。"
            "実績報告の画面を開き直してから確定してください。"
        )
    if newest.document_fixed_at:
        raise ValidationError(_fixed_message(newest))
    version = newest
    published = {
        row.center_id: row
        for row in PublishedReport.objects.filter(
            fiscal_year=period.fiscal_year, half=period.half, center__in=centers
        ).order_by("version")
    }
    version.narrative = {
        "city": texts_for(period, None),
        # [所属名, texts] pairs in the table's order: jsonb keeps no key order
        "centers": [
            [
                c.name,
                published[c.pk].narrative
                if c.pk in published and published[c.pk].narrative is not None
                else texts_for(period, c),
            ]
            for c in centers
        ],
    }
    version.document_fixed_at, version.document_fixed_by = timezone.now(), user
    version.save(update_fields=["narrative", "document_fixed_at", "document_fixed_by"])
    return version


def situation_sentence(period):
    """The sentence offered for 本市の状況 (the division edits it before saving): how many
    coordinators of each tier served in the period and where, from the assignments in force
    at any time in it. E.g. 「本市では、第1層の生活支援コーディネーターを高齢者支援課に1人、
    第2層の生活支援コーディネーターを地域包括支援センター7か所に計7人配置しています。」"""
    held = (
        Assignment.objects.filter(assignments_during(period.start, period.end))
        .values_list(
            "tier",
            "center__name",
            "center__kind__display_order",
            "center__kind__name",
            "coordinator",
        )
        .order_by()
        .distinct()
    )
    tiers = {}
    for tier, center, kind_order, kind, person in held:
        places, people = tiers.setdefault(tier, ({}, set()))
        places.setdefault((kind_order, kind), set()).add(center)
        people.add(person)
    if not tiers:
        return ""
    parts = []
    for tier in sorted(tiers):
        places, people = tiers[tier]
        where = "、".join(
            next(iter(names)) if len(names) == 1 else f"{kind}{len(names)}か所"
            for (_order, kind), names in sorted(places.items())
        )
        count = (
            f"{len(people)}人"
            if len(places) == 1 and len(next(iter(places.values()))) == 1
            else f"計{len(people)}人"
        )
        parts.append(f"{Tier(tier).label}の生活支援コーディネーターを{where}に{count}")
    return f"本市では、{'、'.join(parts)}配置しています。"


def starting_texts(period, center=None):
    """What a scope's form starts from -> ({Section value: text}, a note saying where it came
    from or None): the texts written, else the same half of the previous year as a draft;
    for the city's 本市の状況 with nothing written, the sentence made from the assignments."""
    stored = texts_for(period, center)
    if stored or why_fixed(period, center):
        # a fixed text is shown as it is, never with last year's draft in its place
        return stored, None
    draft = previous_year_draft(period, center)
    note = None
    if draft:
        note = "前年度の同じ期間の文章を下書きとして入れています。保存するまで記録されません。"
    if center is None and not draft.get(Section.COORDINATOR_SITUATION):
        sentence = situation_sentence(period)
        if sentence:
            draft[Section.COORDINATOR_SITUATION] = sentence
            note = (
                "担当者の配置から作った文を下書きとして入れています。保存するまで記録されません。"
            )
    return draft, note
