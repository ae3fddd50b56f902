"""Where a dated record counts and who may write it: the rules activities and consultations
share (the coordinators' 所属 and 層 on the record's date, own 所属 only for staff, closed
half-years refused, 2層支援 only for tier 1), and where those rules look things up
(RecordLookups: the database at each record, or a batch's memory, issue 16).
"""

from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError

from coordinators.closing import ensure_half_year_open
from coordinators.models import Tier
from coordinators.organisation.selectors import current_assignment_filter
from coordinators.periods import wareki_date
from coordinators.roles import role_of


class RecordLookups(NamedTuple):
    """Where the write rules look up what a record refers to.

    assignments(coordinator, day) -> [Assignment] in force that day (their center loaded; two
    or more for a 兼務 person, issue 20); ensure_open(center=, day=, field=) raises as
    closing.ensure_half_year_open does. IN_DATABASE asks at every record; a batch
    (batches.ActivityBatch) asks once per coordinator and 所属 and answers the rest from
    memory, with the same rules (issue 16).
    """

    assignments: Callable
    ensure_open: Callable


def _assignments_in_database(coordinator, day):
    return list(
        coordinator.assignments.filter(current_assignment_filter(day))
        .select_related("center")
        .order_by("start_date", "tier", "pk")
    )


IN_DATABASE = RecordLookups(_assignments_in_database, ensure_half_year_open)


class Post(NamedTuple):
    """Where a record counts, or a wish for it: a 所属 (Center) and a 層 (1–3); either may be
    None in a wish ("this 所属, whichever 層")."""

    center: object = None
    tier: int | None = None

    def fits(self, post):
        return (self.center is None or self.center.pk == post.center.pk) and (
            self.tier is None or self.tier == post.tier
        )

    def __str__(self):
        return f"{self.center}（第{self.tier}層）"


class _AllowedTiers(NamedTuple):
    """A wish for the tiers a 区分 may be recorded at."""

    tiers: frozenset

    def fits(self, post):
        return post.tier in self.tiers


def _post_of(coordinators, day, lookups=IN_DATABASE, wishes=()):
    """The one Post all coordinators hold on the day -> Post, or a field error.

    A person holding two posts at once (兼務, issue 20) has the record counted for the post
    each of `wishes` narrows it to, in turn (Posts, objects with fits(Post), or None; most
    decisive first: the form's choice, the record's own post, the 区分's tiers, the login's
    所属); a record that still fits two is refused, naming them, never counted by guess."""
    if not coordinators:
        raise ValidationError({"coordinators": "担当者を1人以上選んでください。"})
    held = {}
    for coordinator in coordinators:
        posts = [Post(a.center, a.tier) for a in lookups.assignments(coordinator, day)]
        if not posts:
            raise ValidationError(
                {"coordinators": f"{coordinator}さんは{wareki_date(day)}にどの所属にもいません。"}
            )
        held[coordinator] = posts
    shared = [
        post
        for post in next(iter(held.values()))
        if all(any(post.fits(other) for other in posts) for posts in held.values())
    ]
    if not shared:
        centers = "、".join(f"{posts[0].center}（{person}）" for person, posts in held.items())
        raise ValidationError(
            {"coordinators": f"担当者は同じ所属・同じ層の人にしてください: {centers}"}
        )
    for wish in wishes:
        # a Post wish narrows by its 所属, then by its 層, each only where it leaves a post
        steps = [Post(wish.center), Post(tier=wish.tier)] if isinstance(wish, Post) else [wish]
        for step in steps if wish is not None else ():
            fitting = [post for post in shared if step.fits(post)]
            if fitting:
                shared = fitting
    if len(shared) > 1:
        people = "、".join(f"{person}さん" for person in coordinators)
        choices = "と".join(str(post) for post in shared)
        raise ValidationError(
            {
                "coordinators": f"{people}は{wareki_date(day)}に{choices}を兼務しているため、"
                "どちらの記録か決められません。その所属の週の記録の画面から（層が2つなら"
                "「記録する層（兼務）」も選んで）記録してください。"
            }
        )
    return shared[0]


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
    wishes=(),
    allows=None,
):
    """Where a dated record counts: the Post (所属, 層) its coordinators hold on that day ->
    (Center, tier).

    Refused (at the named form fields) when that is not the login's 所属 or the half-year is
    closed. Activities and consultations both take their 所属 from here; lookups: see
    RecordLookups. For a 兼務 person (issue 20) the post is chosen by `wishes` (see _post_of),
    then by `allows(tier)` (the 区分's tiers), then by the login's 所属.
    """
    allowed = _AllowedTiers(frozenset(t for t in Tier if allows(t))) if allows else None
    wishes = [*wishes, allowed, Post(role_of(user).center)]
    try:
        center, tier = _post_of(coordinators, day, lookups, wishes)
        if not any_center:
            require_center_access(user, center)
    except PermissionDenied:
        raise ValidationError({people: "自分の所属の担当者だけを選んでください。"}) from None
    except ValidationError as error:
        raise ValidationError({people: error.message_dict["coordinators"]}) from None
    lookups.ensure_open(center=center, day=day, field=date_field)
    return center, tier


def activity_center_for(
    user,
    coordinators,
    day,
    category,
    any_center=False,
    lookups=IN_DATABASE,
    kept=None,
    wishes=(),
):
    """center_for_record for an activity (category: a Category) -> (Center, tier); refused at
    "category" when the 区分 is not for that tier (the 区分's 記録できる層) or inactive,
    unless it is `kept`, the number the record being changed already has (issue 20).
    wishes: see _post_of."""
    center, tier = center_for_record(
        user,
        coordinators,
        day,
        any_center=any_center,
        lookups=lookups,
        wishes=wishes,
        allows=category.allows,
    )
    _validate_category(category, tier, kept)
    return center, tier
