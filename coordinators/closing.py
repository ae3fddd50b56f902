"""Closed half-years (締め): the one rule every write path for dated records calls.

Once the division closes a half-year for a 所属 (or for all), nothing dated inside it may be
created, changed or deleted until it is reopened. Forms, admin, imports and services all call
ensure_half_year_open(); none checks closings on its own.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Center, HalfYearClosing, HalfYearConfirmation, division_name
from .periods import Period, fiscal_year_of, wareki_date
from .roles import role_of

# Called with each new closing inside the close's transaction: the reports app stores the
# published version of the closed figures there (coordinators may not import reports).
AFTER_CLOSE: list = []


def add_after_close(listener):
    """Call `listener(closing)` after every close, in its transaction; a listener that
    raises undoes the close. Registering the same function twice calls it once."""
    if listener not in AFTER_CLOSE:
        AFTER_CLOSE.append(listener)


def _half_of(day):
    return 1 if 4 <= day.month <= 9 else 2


def _closings_in_force(center):
    # Closings not reopened that cover this 所属 (its own, or all 所属), the earliest first.
    return (
        HalfYearClosing.objects.filter(reopened_at__isnull=True)
        .filter(Q(center=center) | Q(center__isnull=True))
        .select_related("closed_by", "center")
        .order_by("closed_at")
    )


def closing_for(center, day):
    """The closing in force for this 所属 on this day, or None."""
    return (
        _closings_in_force(center)
        .filter(fiscal_year=fiscal_year_of(day), half=_half_of(day))
        .first()
    )


def closed_message(closing):
    """The refusal shown for a write into a closed half-year: which half-year and 所属, when
    (和暦, Asia/Tokyo) and by whom it was closed."""
    who = closing.closed_by.get_full_name() or closing.closed_by.get_username()
    scope = closing.center.name if closing.center else "全所属"
    when = wareki_date(closing.closed_at)
    return (
        f"{closing.period.label}（{scope}）は{when}に{who}さんが締めたため、"
        "この期間の記録は登録・変更・削除できません。"
    )


def _hold_for_writing(center):
    """Writers hold their 所属 shared until they commit and a close holds it exclusively, so
    a close waits for the writes in flight and every write after it sees it: a write and a
    close of the same half-year never both pass. Writers do not wait for one another.

    SQLite runs one write transaction at a time, which gives the same guarantee by itself.
    """
    if connection.vendor == "postgresql" and transaction.get_connection().in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {Center._meta.db_table} WHERE id = %s FOR SHARE", [center.pk]
            )


def _hold_for_closing(center):
    centers = Center.objects.all() if center is None else Center.objects.filter(pk=center.pk)
    # In id order, so two closes never wait for each other in a circle.
    list(centers.select_for_update().order_by("pk").values_list("pk", flat=True))


def ensure_half_year_open(*, center, day, field="date"):
    """Raise a ValidationError naming the closed half-year, since when and by whom.

    Called inside the write's transaction; the 所属 stays held until it commits.
    """
    _hold_for_writing(center)
    closing = closing_for(center, day)
    if closing is not None:
        raise ValidationError({field: closed_message(closing)}, code="closed")


class OpenHalfYears:
    """ensure_half_year_open for the many records of one transaction (an import, issue 16):
    each 所属 is held and its closings read once, at its first record, rather than per record.

    Call as ensure_half_year_open(center=, day=, field=); it raises the same ValidationError.
    A close waits for the hold, so closings read after it stay true until the commit.
    """

    def __init__(self):
        self._closings_of = {}

    def __call__(self, *, center, day, field="date"):
        closings = self._closings_of.get(center.pk)
        if closings is None:
            _hold_for_writing(center)
            closings = self._closings_of[center.pk] = list(_closings_in_force(center))
        fiscal_year, half = fiscal_year_of(day), _half_of(day)
        for closing in closings:  # the first by closed_at, as closing_for finds it
            if closing.fiscal_year == fiscal_year and closing.half == half:
                raise ValidationError({field: closed_message(closing)}, code="closed")


@transaction.atomic
def half_year_close(*, user, fiscal_year, half, center=None):
    """Close a half-year for one 所属 or for all; only the division may."""
    if not role_of(user).sees_all_centers:
        raise PermissionDenied(f"半期を締められるのは{division_name()}だけです。")
    _hold_for_closing(center)
    existing = HalfYearClosing.objects.filter(
        fiscal_year=fiscal_year, half=half, center=center, reopened_at__isnull=True
    ).first()
    if existing:
        raise ValidationError(f"{Period.for_half(fiscal_year, half).label}はすでに締めています。")
    closing = HalfYearClosing.objects.create(
        fiscal_year=fiscal_year, half=half, center=center, closed_at=timezone.now(), closed_by=user
    )
    for listener in AFTER_CLOSE:
        listener(closing)
    return closing


@transaction.atomic
def half_year_reopen(*, user, closing, reason):
    """Reopen a closed half-year with a written reason; the closing stays on record with who
    reopened it, when and why."""
    if not role_of(user).sees_all_centers:
        raise PermissionDenied(f"締めを解除できるのは{division_name()}だけです。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "再開の理由を書いてください。"})
    closing.reopened_at = timezone.now()
    closing.reopened_by = user
    closing.reopen_reason = reason.strip()
    closing.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return closing


@transaction.atomic
def half_year_confirm(*, user, fiscal_year, half, center):
    """The 所属 confirms its records of the half-year are complete (所属確認済)."""
    role = role_of(user)
    if not role.sees_all_centers and (role.center is None or role.center.pk != center.pk):
        raise PermissionDenied("自分の所属の記録だけを確認できます。")
    confirmation, _ = HalfYearConfirmation.objects.get_or_create(
        fiscal_year=fiscal_year, half=half, center=center, defaults={"confirmed_by": user}
    )
    return confirmation


def signoff_states(fiscal_year, half, centers):
    """Per 所属: 入力中 → 所属確認済 → 締め済, with who and when, and the last reopening."""
    closings = list(
        HalfYearClosing.objects.filter(fiscal_year=fiscal_year, half=half).select_related(
            "closed_by", "reopened_by", "center"
        )
    )
    confirmations = {
        c.center_id: c
        for c in HalfYearConfirmation.objects.filter(
            fiscal_year=fiscal_year, half=half
        ).select_related("confirmed_by")
    }
    states = []
    for center in centers:
        mine = [c for c in closings if c.center_id in (None, center.pk)]
        open_closing = next((c for c in mine if c.reopened_at is None), None)
        reopened = max(
            (c for c in mine if c.reopened_at is not None),
            key=lambda c: c.reopened_at,
            default=None,
        )
        confirmation = confirmations.get(center.pk)
        state = "締め済" if open_closing else "所属確認済" if confirmation else "入力中"
        states.append(
            {
                "center": center,
                "state": state,
                "closing": open_closing,
                "confirmation": confirmation,
                "reopened": None if open_closing else reopened,
            }
        )
    return states
