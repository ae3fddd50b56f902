"""Many new activities written at once: the imports' way to create records (issue 16).

Each activity is checked when it is added by the very rules activity_create applies
(services.checked_new_activity), with the coordinators' assignments and each 所属's closings
read once rather than per record; save() then writes them all with bulk inserts, one history
row each, as save_with_history writes one for a single record.
"""

from coordinators.closing import OpenHalfYears
from coordinators.models import Activity
from coordinators.models.history import bulk_save_with_history, bulk_update_with_history
from coordinators.recordkeeping.edit_conflicts import ensure_unchanged

from .record_rules import RecordLookups
from .services import (
    ACTIVITY_FIELDS,
    CHANGED_BY_THE_RULES,
    checked_changed_activity,
    checked_new_activity,
)


class _AssignmentsOnDays:
    """assignments(coordinator, day) of RecordLookups, reading each coordinator's assignments
    once; those in force in the database lookup's order."""

    def __init__(self):
        self._of = {}

    def __call__(self, coordinator, day):
        assignments = self._of.get(coordinator.pk)
        if assignments is None:
            assignments = self._of[coordinator.pk] = list(
                coordinator.assignments.select_related("center").order_by(
                    "start_date", "tier", "pk"
                )
            )
        return [assignment for assignment in assignments if assignment.is_current_on(day)]


def prefetched_lookups():
    """RecordLookups for one transaction's batch: each coordinator's assignments and each
    所属's closings read once (OpenHalfYears), every later record answered from memory."""
    return RecordLookups(_AssignmentsOnDays(), OpenHalfYears())


class ActivityBatch:
    """New and changed activities by one login, checked one by one and written together.

    add(coordinators=[Coordinator], **fields) -> the unsaved, checked Activity (its 所属 and
    層 set); it raises the ValidationErrors activity_create raises and keeps nothing then.
    change(activity, version=str|None, coordinators=[Coordinator], **fields) -> the Activity
    changed in memory, by the rules of activity_update: EditConflict when `version` is not
    the record's (activity.newest_version, annotated by the caller after locking the row, as
    edit_conflicts reads it), PermissionDenied, ValidationError as there.
    save() -> the new activities, saved with bulk inserts and the changed ones with bulk
    updates: their 担当者, one history row each ("+" or "~", by the login) holding the 担当者,
    which simple-history's bulk helper leaves out. Use inside one transaction: each 所属 is
    held from its first record to the commit, so a half-year cannot be closed under the batch.
    Objects given (所属, 活動形態, 訪問先, coordinators) must come from the database.
    """

    def __init__(self, user):
        self.user = user
        self._lookups = prefetched_lookups()
        self._added, self._changed = [], []

    def __len__(self):
        return len(self._added) + len(self._changed)

    def add(self, *, coordinators, **fields):
        coordinators = list(coordinators)
        activity = checked_new_activity(
            user=self.user,
            coordinators=coordinators,
            lookups=self._lookups,
            references_checked=True,
            **fields,
        )
        self._added.append((activity, {"coordinators": coordinators}))
        return activity

    def change(self, activity, *, version, coordinators, **fields):
        if version is not None and str(getattr(activity, "newest_version", None) or 0) != str(
            version
        ):
            ensure_unchanged(activity, version)  # raises EditConflict naming what changed
        coordinators = checked_changed_activity(
            user=self.user,
            activity=activity,
            coordinators=coordinators,
            lookups=self._lookups,
            references_checked=True,
            **fields,
        )
        self._changed.append((activity, {"coordinators": coordinators}))
        return activity

    def save(self):
        saved = bulk_save_with_history(Activity, self._added, user=self.user)
        bulk_update_with_history(
            Activity,
            self._changed,
            fields=[*ACTIVITY_FIELDS, *CHANGED_BY_THE_RULES],
            user=self.user,
        )
        self._added, self._changed = [], []
        return saved
