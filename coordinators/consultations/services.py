"""Every write of consultations and individual-support cases.

Consultations follow the rules of activities (所属 and 層 from the coordinator's assignment on
the date, own 所属 only for staff, closed half-years refused) through center_for_record, and
are dated inside periods.record_date_range (issue 15).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coordinators.activities.record_rules import (
    IN_DATABASE,
    Post,
    center_for_record,
    require_center_access,
)
from coordinators.closing import ensure_half_year_open
from coordinators.models import CaseStatus, CaseStep, Category, Consultation, SupportCase
from coordinators.models.history import save_with_history
from coordinators.periods import ensure_record_date
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged

CONSULTATION_FIELDS = (
    "received_on",
    "route",
    "consulter_type",
    "outcome",
    "resource",
    "summary",
    "subject_age",
    "subject_sex",
    "care_level",
)


@transaction.atomic
def consultation_create(*, user, coordinator, topics, **fields):
    """Record a consultation; its 所属 comes from the coordinator's assignment on that date.

    Raises ValidationError at "received_on" for a date outside periods.record_date_range
    (issue 15) or in a closed half-year. consultation_repeat comes through here, the imports
    through checked_new_consultation (batches.ConsultationBatch).
    """
    topics = list(topics)
    consultation = checked_new_consultation(
        user=user, coordinator=coordinator, topics=topics, **fields
    )
    save_with_history(consultation, topics=topics)
    return consultation


# Consultation's foreign keys, each a row full_clean looks up (a query per key and record).
REFERENCES = tuple(field.name for field in Consultation._meta.concrete_fields if field.is_relation)


def checked_new_consultation(
    *, user, coordinator, topics, lookups=IN_DATABASE, references_checked=False, post=None, **fields
):
    """The unsaved Consultation consultation_create would write, every rule checked: its 所属
    and 層 from the coordinator's assignment on fields["received_on"], at least one of
    `topics` (a list of ConsultationTopic), summary stripped.

    Raises the ValidationErrors of consultation_create. lookups: see
    activities.record_rules.RecordLookups; references_checked: every related object came from
    the database, so full_clean need not look each up again (a batch, issue 16). post: where
    it counts when the coordinator holds two posts at once (record_rules.Post, issue 20).
    """
    ensure_record_date(fields.get("received_on"), field="received_on")
    center, tier = center_for_record(
        user,
        [coordinator],
        fields["received_on"],
        people="coordinator",
        date_field="received_on",
        lookups=lookups,
        wishes=[post],
    )
    if not topics:
        raise ValidationError({"topics": "相談内容を1つ以上選んでください。"})
    consultation = Consultation(
        center=center,
        tier=tier,
        coordinator=coordinator,
        recorded_by=user,
        **{name: fields[name] for name in CONSULTATION_FIELDS if name in fields},
    )
    consultation.summary = (consultation.summary or "").strip()
    consultation.full_clean(exclude=REFERENCES if references_checked else None)
    return consultation


@transaction.atomic
def consultation_update(
    *, user, consultation, coordinator=None, topics=None, version=None, post=None, **fields
):
    """Change a consultation; its 所属 and 層 follow the coordinator's assignment on the date.

    Raises EditConflict (stale `version`), PermissionDenied (another 所属's) and
    ValidationError keyed by field (closed half-year or a date outside
    periods.record_date_range at received_on, coordinator of no or another 所属). Returns the
    saved Consultation.
    """
    ensure_unchanged(consultation, version)
    require_center_access(user, consultation.center)
    ensure_record_date(fields.get("received_on", consultation.received_on), field="received_on")
    ensure_half_year_open(
        center=consultation.center, day=consultation.received_on, field="received_on"
    )
    had = Post(consultation.center, consultation.tier)
    for name in CONSULTATION_FIELDS:
        if name in fields:
            setattr(consultation, name, fields[name])
    consultation.coordinator = coordinator or consultation.coordinator
    center, tier = center_for_record(
        user,
        [consultation.coordinator],
        consultation.received_on,
        people="coordinator",
        date_field="received_on",
        wishes=[post, had],
    )
    consultation.center, consultation.tier, consultation.updated_by = center, tier, user
    consultation.full_clean()
    lists = {}
    if topics is not None:
        lists["topics"] = list(topics)
        if not lists["topics"]:
            raise ValidationError({"topics": "相談内容を1つ以上選んでください。"})
    save_with_history(consultation, **lists)
    return consultation


@transaction.atomic
def consultation_delete(*, user, consultation):
    """Soft-delete a consultation (who and when kept); refused with ValidationError while a
    case is open on it or its half-year is closed."""
    require_center_access(user, consultation.center)
    ensure_half_year_open(
        center=consultation.center, day=consultation.received_on, field="received_on"
    )
    if hasattr(consultation, "case"):
        raise ValidationError("ケースが開かれている相談は削除できません。")
    consultation.deleted_at = timezone.now()
    consultation.deleted_by = user
    consultation.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return consultation


def consultation_repeat(*, user, consultation):
    """同じ内容をもう1件: the same consultation again, for counting many alike."""
    require_center_access(user, consultation.center)
    return consultation_create(
        user=user,
        coordinator=consultation.coordinator,
        topics=consultation.topics.all(),
        post=Post(consultation.center, consultation.tier),
        **{name: getattr(consultation, name) for name in CONSULTATION_FIELDS},
    )


@transaction.atomic
def case_open(*, user, consultation, title):
    """Open an individual-support case from a consultation; its first step is the consultation."""
    require_center_access(user, consultation.center)
    if SupportCase.objects.filter(consultation=consultation).exists():
        raise ValidationError("この相談からはすでにケースが開かれています。")
    case = SupportCase(
        consultation=consultation,
        center=consultation.center,
        title=title.strip(),
        opened_on=consultation.received_on,
        created_by=user,
    )
    case.full_clean()
    case.save()
    CaseStep.objects.create(
        case=case,
        date=consultation.received_on,
        description=f"{consultation.consulter_type}から相談を受付（{consultation.route}）"
        + (f": {consultation.summary}" if consultation.summary else ""),
        created_by=user,
    )
    return case


@transaction.atomic
def case_step_add(*, user, case, date, description, resources=(), activity=None):
    """Add a dated step; a linked activity must be this 所属's and of a 区分 counting toward
    ニーズと取組のマッチング (the first customer's 個別支援; Category.objects.for_consultations)."""
    require_center_access(user, case.center)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("終了したケースには経過を追加できません。")
    matching = Category.objects.for_consultations()
    if activity is not None and (
        activity.center_id != case.center_id
        or not matching.filter(pk=activity.category_id).exists()
    ):
        labels = "」「".join(c.label for c in matching)
        raise ValidationError({"activity": f"この所属の「{labels}」の活動記録を選んでください。"})
    step = CaseStep(
        case=case, date=date, description=description.strip(), activity=activity, created_by=user
    )
    step.full_clean()
    save_with_history(step, resources=resources)
    return step


def case_connect_resource(*, user, case, resource, date=None):
    """Record in one click that the person was connected to a resource."""
    return case_step_add(
        user=user,
        case=case,
        date=date or timezone.localdate(),
        description=f"「{resource.name}」につないだ",
        resources=[resource],
    )


@transaction.atomic
def case_close(*, user, case, closed_on=None):
    """Mark a case 終了 on `closed_on` (default: today in Asia/Tokyo); ValidationError if it is
    already closed, PermissionDenied for another 所属's case."""
    require_center_access(user, case.center)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("このケースはすでに終了しています。")
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on or timezone.localdate()
    case.save(update_fields=["status", "closed_on"])
    return case
