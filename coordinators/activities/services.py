"""Every write of activity records: create, change, soft-delete, copy, templates.

Rules enforced here and nowhere else: the 所属 and 層 come from the coordinators' assignment on
the activity's date, and whether it counts as a visit from its 活動形態, both fixed when the
record is written (issue 13: a past period never reads today's flags); 2層支援 only for
tier 1; staff write only for their own 所属; closed half-years refuse every change (through
closing.ensure_half_year_open); a record is dated inside periods.record_date_range
(平成27年4月1日 to the end of next fiscal year, issue 15); a meeting's activities change only
with the meeting and are never copied or made templates, and a record keeps where it came from
(the record it was copied from, the template it was made from) so nothing is counted twice
(issue 14). Where a record counts and who may write it: record_rules.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coordinators.closing import ensure_half_year_open
from coordinators.models import Activity, ActivityTemplate
from coordinators.models.history import save_with_history
from coordinators.periods import ensure_record_date
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged

from .record_rules import (
    IN_DATABASE,
    Post,
    activity_center_for,
    require_center_access,
)
from .schedules import due_days, validate_schedule

ACTIVITY_FIELDS = (
    "date",
    "start_time",
    "duration_minutes",
    "category",
    "form",
    "resource",
    "place",
    "participants",
    "description",
    "quantity",
)


# Activity's foreign keys, each a row full_clean looks up (a query per key and record).
REFERENCES = tuple(field.name for field in Activity._meta.concrete_fields if field.is_relation)


def _counts_as_visit(activity):
    return activity.form_id is not None and activity.form.counts_as_visit


def _belongs_to_a_meeting(activity):
    # Activity.meetings is the reverse of the councils' Meeting.activities; its manager hides
    # soft-deleted meetings, so a deleted meeting no longer holds its activities. A batch's
    # records come with them prefetched as the list live_meetings (Prefetch to_attr).
    live_meetings = getattr(activity, "live_meetings", None)
    if live_meetings is not None:
        return bool(live_meetings)
    return bool(activity.pk) and activity.meetings.exists()


def _refuse_meeting_activity(activity):
    # The meeting and its activities must never disagree: they change together, from the meeting.
    if _belongs_to_a_meeting(activity):
        raise ValidationError(
            "この活動は会議の記録から作られています。会議の画面で変更してください。"
        )


@transaction.atomic
def activity_create(
    *, user, coordinators, for_meeting=False, copied_from=None, template=None, post=None, **fields
):
    """Record one activity credited to the given coordinators; the login is kept as recorder.

    for_meeting: called by the meeting services, which have already checked that the login
    may record the meeting; its activities are credited to every attending 所属.
    copied_from (Activity) / template (ActivityTemplate): where the record came from, kept on
    it so the week page knows what is already copied (issue 14); None for a typed record.
    post (record_rules.Post or None): where the record should count when a coordinator holds
    two posts at once (兼務, issue 20): the week page's 所属 and 層, a copy's or template's.
    Raises ValidationError at "date" for a date outside periods.record_date_range (issue 15)
    or in a closed half-year; copies, templates, meetings and the week page come through here,
    the imports through checked_new_activity (batches.ActivityBatch).
    """
    coordinators = list(coordinators)
    activity = checked_new_activity(
        user=user,
        coordinators=coordinators,
        for_meeting=for_meeting,
        copied_from=copied_from,
        template=template,
        post=post,
        **fields,
    )
    save_with_history(activity, coordinators=coordinators)
    return activity


def checked_new_activity(
    *,
    user,
    coordinators,
    for_meeting=False,
    copied_from=None,
    template=None,
    lookups=IN_DATABASE,
    references_checked=False,
    post=None,
    **fields,
):
    """The unsaved Activity activity_create would write, every rule checked: its 所属 and 層
    from the coordinators' assignment on fields["date"], counts_as_visit from its 活動形態,
    place stripped. coordinators: a list of Coordinator.

    Raises the ValidationErrors of activity_create. lookups: see RecordLookups;
    references_checked: the caller found every related object (所属, 活動形態, 訪問先, login)
    in the database itself, so full_clean need not ask again for each (a batch, issue 16).
    """
    ensure_record_date(fields.get("date"))
    center, tier = activity_center_for(
        user,
        coordinators,
        fields["date"],
        fields["category"],
        any_center=for_meeting,
        lookups=lookups,
        wishes=[post],
    )
    fields["place"] = (fields.get("place") or "").strip()
    activity = Activity(
        center=center,
        tier=tier,
        recorded_by=user,
        copied_from=copied_from,
        template=template,
        **{name: fields[name] for name in ACTIVITY_FIELDS if name in fields},
    )
    activity.counts_as_visit = _counts_as_visit(activity)
    activity.full_clean(exclude=REFERENCES if references_checked else None)
    return activity


@transaction.atomic
def activity_update(
    *, user, activity, coordinators=None, for_meeting=False, version=None, post=None, **fields
):
    """Change an activity; both its old and its new date must lie in open half-years, and the
    new one inside periods.record_date_range (ValidationError at "date", issue 15).

    version: of the record the user's page was drawn from (see edit_conflicts). post: as for
    activity_create; without it a 兼務 person's record keeps the post it has.
    """
    ensure_unchanged(activity, version)
    coordinators = checked_changed_activity(
        user=user,
        activity=activity,
        coordinators=coordinators,
        for_meeting=for_meeting,
        post=post,
        **fields,
    )
    save_with_history(activity, coordinators=coordinators)
    return activity


# What a change of an activity writes besides its ACTIVITY_FIELDS (a batch's bulk update).
CHANGED_BY_THE_RULES = ("center", "tier", "updated_by", "counts_as_visit")


def checked_changed_activity(
    *,
    user,
    activity,
    coordinators=None,
    for_meeting=False,
    lookups=IN_DATABASE,
    references_checked=False,
    post=None,
    **fields,
):
    """Apply `fields` to `activity` in memory with every rule of activity_update but the
    version check (the caller's, edit_conflicts) -> the coordinators it is credited to, a
    list. Its 所属, 層, counts_as_visit and updated_by are set again from the rules.

    Raises PermissionDenied (another 所属's record), ValidationError without a field (a
    meeting's activity) and the field errors of checked_new_activity; the activity is then
    left changed in memory and must not be saved. lookups, references_checked: as there.
    """
    if not for_meeting:
        require_center_access(user, activity.center)
        _refuse_meeting_activity(activity)
    ensure_record_date(fields.get("date", activity.date))
    lookups.ensure_open(center=activity.center, day=activity.date, field="date")
    coordinators = (
        list(coordinators) if coordinators is not None else list(activity.coordinators.all())
    )
    kept = activity.category_id
    had = Post(activity.center, activity.tier)
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.place = (activity.place or "").strip()
    center, tier = activity_center_for(
        user,
        coordinators,
        activity.date,
        activity.category,
        any_center=for_meeting,
        lookups=lookups,
        kept=kept,
        wishes=[post, had],
    )
    activity.center, activity.tier, activity.updated_by = center, tier, user
    activity.counts_as_visit = _counts_as_visit(activity)
    activity.full_clean(exclude=REFERENCES if references_checked else None)
    return coordinators


@transaction.atomic
def activity_delete(*, user, activity, for_meeting=False):
    """Soft-delete: the row stays with who deleted it and when, and counts nowhere."""
    if not for_meeting:
        require_center_access(user, activity.center)
        _refuse_meeting_activity(activity)
    ensure_half_year_open(center=activity.center, day=activity.date)
    activity.deleted_at = timezone.now()
    activity.deleted_by = user
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    return activity


def shared_fields(source):
    """What an activity and a template have in common, of `source` (either) -> {field name:
    value}, the day left out: what a copy, a template or a record from a template carries."""
    return {name: getattr(source, name) for name in ACTIVITY_FIELDS if name != "date"}


def activity_copy(*, user, activity, to_date):
    """The same activity again on to_date (a date), for the coordinators' assignment on that
    day -> the new Activity, with copied_from=activity.

    Refused with ValidationError (no field) for a meeting's activity: a copy would count a
    会議・協議体出席 with no meeting behind it; a second meeting is recorded from the meeting
    pages (issue 14). PermissionDenied for another 所属's activity.
    """
    require_center_access(user, activity.center)
    if _belongs_to_a_meeting(activity):
        raise ValidationError(
            "会議の活動記録はコピーできません。別の日の会議は会議の画面で記録してください。"
        )
    return activity_create(
        user=user,
        coordinators=activity.coordinators.all(),
        date=to_date,
        copied_from=activity,
        post=Post(activity.center, activity.tier),
        **shared_fields(activity),
    )


@transaction.atomic
def activities_copy_forward(*, user, activities, days=7):
    """Copy exactly the given activities a number of days later ("copy last week"), all or
    nothing -> [Activity], each with copied_from set.

    Copies what it is given, even one copied before: the week page decides what is offered and
    ticked (a record already copied into the week shows as 「コピー済」, issue 14). Raises the
    ValidationError of activity_copy (a meeting's activity, a closed half-year) for any one.
    """
    return [
        activity_copy(user=user, activity=activity, to_date=activity.date + timedelta(days=days))
        for activity in activities
    ]


@transaction.atomic
def template_create_from_activity(*, user, activity, name):
    """Save an activity as a template for its weekday, to be applied to later weeks
    -> ActivityTemplate.

    ValidationError at "name" when it is empty or taken in the 所属; without a field for a
    meeting's activity, whose weekly repeats are meetings, recorded from the meeting pages
    (issue 14).
    """
    require_center_access(user, activity.center)
    if _belongs_to_a_meeting(activity):
        raise ValidationError(
            "会議の活動記録はテンプレートにできません。会議は会議の画面で記録してください。"
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": "テンプレート名を入力してください。"})
    if ActivityTemplate.objects.filter(center=activity.center, name=name).exists():
        raise ValidationError({"name": f"テンプレート「{name}」はすでにあります。"})
    template = ActivityTemplate(
        name=name,
        center=activity.center,
        tier=activity.tier,
        weekday=activity.date.weekday(),
        created_by=user,
        **shared_fields(activity),
    )
    template.full_clean()
    template.save()
    template.coordinators.set(activity.coordinators.all())
    return template


@transaction.atomic
def templates_apply(*, user, templates, monday):
    """Record each template on the day it is due in the week starting on `monday` (a date;
    schedules.is_due: 毎週, 第n曜日, 毎月の日付; at most once a week) -> [Activity], each with
    template set; all or nothing. A template with a live record anywhere in that week is
    skipped, so recording the schedule twice, or after moving an entry to another day, counts
    nothing twice (issue 18)."""
    recorded = set(
        Activity.objects.filter(
            template__in=[template.pk for template in templates],
            date__range=(monday, monday + timedelta(days=6)),
            deleted_at__isnull=True,
        ).values_list("template_id", flat=True)
    )
    created = []
    for template in templates:
        require_center_access(user, template.center)
        if template.pk in recorded:  # this week's occurrence, on whatever day it was recorded
            continue
        for day in due_days(template, monday):
            created.append(
                activity_create(
                    user=user,
                    coordinators=template.coordinators.all(),
                    date=day,
                    template=template,
                    post=Post(template.center, template.tier),
                    **shared_fields(template),
                )
            )
    return created


@transaction.atomic
def template_schedule_update(
    *, user, template, repeat, weekday, weeks_of_month, day_of_month, months
):
    """Set when a template recurs (issue 18): repeat (Repeat: weekly, nth, monthly), weekday
    (0 = 月), weeks_of_month ("2,4" for 第2・第4), day_of_month (1–31), months (RepeatMonths).

    Raises PermissionDenied for another 所属's template and ValidationError keyed by field
    for an incomplete or impossible schedule (nothing saved). Returns the template."""
    require_center_access(user, template.center)
    template.repeat = repeat
    template.weekday = weekday
    template.weeks_of_month = (weeks_of_month or "").strip()
    template.day_of_month = day_of_month
    template.months = months
    template.full_clean(exclude=["coordinators"])
    validate_schedule(template)
    template.save(update_fields=["repeat", "weekday", "weeks_of_month", "day_of_month", "months"])
    return template


@transaction.atomic
def template_delete(*, user, template):
    """Delete an activity template of the login's 所属 (PermissionDenied for another's).

    The records made from it stay as they are and lose only the link (on_delete=SET_NULL).
    """
    require_center_access(user, template.center)
    template.delete()
