"""Where a dated record counts and who may write it: the rules activities and consultations
share (the coordinators' 所属 and 層 on the record's date, own 所属 only for staff, closed
half-years refused, 2層支援 only for tier 1), and where those rules look things up
(RecordLookups: the database at each record, or a batch's memory, issue 16).
"""

from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError

from coordinators.closing import ensure_half_year_open
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.periods import wareki_date
from coordinators.roles import role_of


class RecordLookups(NamedTuple):
    """Where the write rules look up what a record refers to.

    assignment(coordinator, day) -> the Assignment in force that day (its center loaded) or
    None; ensure_open(center=, day=, field=) raises as closing.ensure_half_year_open does.
    IN_DATABASE asks at every record; a batch (batches.ActivityBatch) asks once per coordinator
    and 所属 and answers the rest from memory, with the same rules (issue 16).
    """

    assignment: Callable
    ensure_open: Callable


def _assignment_in_database(coordinator, day):
    return (
        coordinator.assignments.filter(current_assignment_filter(day))
        .select_related("center")
        .first()
    )


IN_DATABASE = RecordLookups(_assignment_in_database, ensure_half_year_open)


def _assignment_of(coordinators, day, lookups=IN_DATABASE):
    """The one (center, tier) all coordinators belong to on the day, or a field error."""
    if not coordinators:
        raise ValidationError({"coordinators": "担当者を1人以上選んでください。"})
    found = {}
    for coordinator in coordinators:
        assignment = lookups.assignment(coordinator, day)
        if assignment is None:
            raise ValidationError(
                {"coordinators": f"{coordinator}さんは{wareki_date(day)}にどの所属にもいません。"}
            )
        found[(assignment.center, assignment.tier)] = coordinator
    if len(found) > 1:
        centers = "、".join(
            f"{center}（{coordinator}）" for (center, _t), coordinator in found.items()
        )
        raise ValidationError(
            {"coordinators": f"担当者は同じ所属・同じ層の人にしてください: {centers}"}
        )
    return next(iter(found))


def require_center_access(user, center):
    """Raise PermissionDenied unless the login may write records of `center`: the division and
    admins write for any 所属, center staff only for their own."""
    role = role_of(user)
    if role.sees_all_centers:
        return
    if role.center is None or role.center.pk != center.pk:
        raise PermissionDenied("自分の所属以外の活動は記録・変更できません。")


def _validate_category(category, tier, kept=None):
    # The city's rules, kept on the 区分 (issue 20): the first customer's 2層支援 is tier 1
    # only; an inactive 区分 takes no new records. A record keeping the 区分 it has is never
    # refused for it: a rule changed later does not lock the records made before.
    if category.pk == kept:
        return
    if not category.is_active:
        raise ValidationError({"category": category.inactive_message})
    if not category.allows(tier):
        raise ValidationError({"category": category.refusal(tier)})


def center_for_record(
    user,
    coordinators,
    day,
    *,
    people="coordinators",
    date_field="date",
    any_center=False,
    lookups=IN_DATABASE,
):
    """Where a dated record counts: the coordinators' 所属 and 層 on that day.

    Refused (at the named form fields) when that is not the login's 所属 or the half-year is
    closed. Activities and consultations both take their 所属 from here; lookups: see
    RecordLookups.
    """
    try:
        center, tier = _assignment_of(coordinators, day, lookups)
        if not any_center:
            require_center_access(user, center)
    except PermissionDenied:
        raise ValidationError({people: "自分の所属の担当者だけを選んでください。"}) from None
    except ValidationError as error:
        raise ValidationError({people: error.message_dict["coordinators"]}) from None
    lookups.ensure_open(center=center, day=day, field=date_field)
    return center, tier


def activity_center_for(
    user, coordinators, day, category, any_center=False, lookups=IN_DATABASE, kept=None
):
    """center_for_record for an activity (category: a Category) -> (Center, tier); refused at
    "category" when the 区分 is not for that tier (the 区分's 記録できる層) or inactive,
    unless it is `kept`, the number the record being changed already has (issue 20)."""
    center, tier = center_for_record(
        user, coordinators, day, any_center=any_center, lookups=lookups
    )
    _validate_category(category, tier, kept)
    return center, tier
