"""A record's change history as a person reads it: who, when, what changed from what to what.

Everything is fetched in a fixed number of queries (the history rows, one per many-to-many
field, one per kind of related record to name), however long the history is.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

# Who and when are the entry's own columns; repeating them as changed fields is noise.
BOOKKEEPING_FIELDS = {"id", "created_at", "updated_at", "updated_by", "deleted_at", "deleted_by"}
# Before issue 16 a save wrote the record and then its many-to-many lists as separate rows
# with the same field values (services now write one row, models.history.save_with_history);
# such older rows by one person within this window are one change.
SAME_CHANGE_WINDOW = datetime.timedelta(seconds=5)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime.datetime
    user: object
    action: str
    version: int  # the newest history row the entry covers
    changes: list[Change] = field(default_factory=list)
    # The first entry of a record made before its history was kept (demo data, bulk loads):
    # what it was before this change is not known, so the entry shows the record as it became.
    baseline: bool = False

    @property
    def shows_whole_record(self):
        return self.action == "作成" or self.baseline


def history_entries(record):
    """The record's changes, newest first."""
    model = type(record)
    rows = list(record.history.select_related("history_user").order_by("history_date", "pk"))
    if not rows:
        return []
    tracked = [
        f
        for f in model._meta.concrete_fields
        if f.name not in BOOKKEEPING_FIELDS and not f.primary_key
    ]
    m2m_fields = list(rows[0]._history_m2m_fields)
    m2m_values = _m2m_values(rows, m2m_fields)

    raw_entries = []
    previous = None
    for group in _same_change_groups(rows, model._meta.concrete_fields):
        last = group[-1]
        state = {f.name: getattr(last, f.attname) for f in tracked}
        state.update({f.name: m2m_values[last.pk][f.name] for f in m2m_fields})
        deleted = getattr(last, "deleted_at", None) is not None
        if previous is None:
            action = "作成" if group[0].history_type == "+" else "変更"
            changed = [(f, None, state[f.name]) for f in [*tracked, *m2m_fields] if state[f.name]]
        else:
            previous_state, was_deleted = previous
            changed = [
                (f, previous_state[f.name], state[f.name])
                for f in [*tracked, *m2m_fields]
                if previous_state[f.name] != state[f.name]
            ]
            if deleted and not was_deleted:
                action = "削除"
            elif was_deleted and not deleted:
                action = "復元"
            else:
                action = "変更"
            if action == "変更" and not changed:
                previous = (state, deleted)
                continue
        raw_entries.append((group[0].history_date, last.history_user, action, last.pk, changed))
        previous = (state, deleted)

    names = _related_names(raw_entries)
    entries = [
        Entry(
            at=at,
            user=user,
            action=action,
            version=version,
            baseline=index == 0 and action != "作成",
            changes=[
                Change(
                    label=str(f.verbose_name),
                    before=_shown(f, before, names),
                    after=_shown(f, after, names),
                )
                for f, before, after in changed
            ],
        )
        for index, (at, user, action, version, changed) in enumerate(raw_entries)
    ]
    entries.reverse()
    return entries


def _same_change_groups(rows, fields):
    def values(row):
        return [getattr(row, f.attname) for f in fields]

    group = [rows[0]]
    for row in rows[1:]:
        if (
            row.history_type == "~"
            and row.history_user_id == group[0].history_user_id
            and row.history_date - group[0].history_date <= SAME_CHANGE_WINDOW
            and values(row) == values(group[-1])
        ):
            group.append(row)
        else:
            yield group
            group = [row]
    yield group


def _m2m_values(rows, m2m_fields):
    values = defaultdict(dict)
    for row in rows:
        for f in m2m_fields:
            values[row.pk][f.name] = frozenset()
    for f in m2m_fields:
        through = getattr(rows[0], f.name).model
        target = f.m2m_reverse_field_name()
        found = defaultdict(set)
        for history_id, target_id in through.objects.filter(
            history__in=[row.pk for row in rows]
        ).values_list("history_id", f"{target}_id"):
            found[history_id].add(target_id)
        for history_id, ids in found.items():
            values[history_id][f.name] = frozenset(ids)
    return values


def _related_names(raw_entries):
    wanted = defaultdict(set)
    for *_when_who_what, changed in raw_entries:
        for f, before, after in changed:
            if f.is_relation:
                for value in (before, after):
                    if isinstance(value, frozenset):
                        wanted[f.related_model].update(value)
                    elif value is not None:
                        wanted[f.related_model].add(value)
    return {
        related: {obj.pk: _name_of(obj) for obj in related._base_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }


def _name_of(obj):
    full_name = getattr(obj, "get_full_name", None)
    if full_name is not None:
        return full_name() or obj.get_username()
    return str(obj)


def _shown(f, value, names):
    if value is None or value == "" or value == frozenset():
        return ""
    if f.is_relation:
        known = names.get(f.related_model, {})
        ids = sorted(value) if isinstance(value, frozenset) else [value]
        return "、".join(known.get(pk, f"（削除済み #{pk}）") for pk in ids)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "はい" if value else "いいえ"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
