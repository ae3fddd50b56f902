"""Change history (変更履歴) of domain records: who changed what, when, before and after."""

from django.db import connections
from django.db.models.signals import pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Who acts is stamped on the record by the services; a record without such a field falls back
# to the signed-in user of the request (HistoryRequestMiddleware) and, from a command, to nobody.
ACTING_USER_FIELDS = ("updated_by", "deleted_by", "recorded_by", "created_by", "closed_by")


def _acting_user(request=None, instance=None, **kwargs):
    if request is not None and request.user.is_authenticated:
        return request.user
    for name in ACTING_USER_FIELDS:
        user = getattr(instance, name, None)
        if user is not None:
            return user
    return None


class ChangeHistory(HistoricalRecords):
    """simple-history's HistoricalRecords that stays reachable from its model, so that
    save_with_history can write a record's one history row itself."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls._change_history = self


def change_history(**options):
    """The one way a model keeps its history, so every history reads the same."""
    return ChangeHistory(get_user=_acting_user, **options)


def save_with_history(instance, *, update_fields=None, **lists):
    """Save `instance` and set its many-to-many lists (name=[objects], e.g.
    coordinators=[Coordinator]) with exactly one history row, holding the lists as saved:
    history_type "+" for a new record, "~" otherwise.

    Left to itself, simple-history writes a row on the save and another on every change of a
    tracked list (two identical rows per created record, three for an update that swaps a
    担当者), so both steps skip it and the row is written once at the end (issue 16). A list
    not given is left as it is. Returns `instance`; errors are those of save() and set().
    """
    created = instance._state.adding
    instance.skip_history_when_saving = True
    try:
        instance.save(update_fields=update_fields)
        for name, values in lists.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving
    type(instance)._change_history.post_save(instance, created)
    return instance


# Records whose links one DELETE of bulk_update_with_history removes.
UPDATES_PER_STATEMENT = 500


def bulk_save_with_history(model, records, *, user):
    """Save many new records of `model` as save_with_history saves one, in bulk inserts: the
    records, their many-to-many lists, one history row each ("+", by `user`) and, for the
    lists the history tracks, that row's list, which simple-history's bulk helper leaves out.

    records: [(unsaved instance, {list name: [objects]})]. pre_save receivers run for each
    (bulk_create sends no signal), so text is cleaned as on a single save. Returns the saved
    instances, pks set. Needs a database that returns pks from a bulk insert (PostgreSQL,
    SQLite 3.35+). Rule source: issue 16 (20,000 rows in 30 seconds).
    """
    instances = _before_saving(model, records)
    model.objects.bulk_create(instances)
    links = _write_lists(model, records)
    rows = model.history.bulk_history_create(
        instances, default_user=user, default_change_reason=None
    )
    _write_list_history(model, rows, links)
    return instances


def bulk_update_with_history(model, records, *, fields, user):
    """Save many changed records of `model` as save_with_history saves one: `fields` (names)
    and the auto_now fields in bulk updates, each given list replaced, one history row each
    ("~", by `user`) holding the lists as saved.

    records: [(saved instance, {list name: [objects]})], every list the history tracks given
    (a list left out would be missing from the history row). Returns the instances. Rule
    source: issue 16 (an export corrected in Excel and uploaded again).
    """
    instances = _before_saving(model, records)
    if not instances:
        return instances
    now = timezone.now()
    auto_now = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    for instance in instances:
        for name in auto_now:
            setattr(instance, name, now)
    _update_rows(model, instances, [*fields, *auto_now])
    links = _write_lists(model, records, replace=True)
    rows = model.history.bulk_history_create(
        instances, update=True, default_user=user, default_change_reason=None
    )
    _write_list_history(model, rows, links)
    return instances


def _update_rows(model, instances, names):
    # One UPDATE by primary key sent with every record's values (executemany): Django's
    # bulk_update builds a CASE arm per field and record, which took minutes for 20,000.
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
        + [instance.pk]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _before_saving(model, records):
    # bulk_create and bulk_update send no pre_save: run its receivers (text cleaning) here
    instances = [instance for instance, _lists in records]
    for instance in instances:
        pre_save.send(sender=model, instance=instance, raw=False, using=model.objects.db)
    return instances


def _write_lists(model, records, replace=False):
    """Insert each record's lists -> {field: [saved link rows]}; replace: delete the links the
    records had first (UPDATES_PER_STATEMENT records a statement)."""
    links = {}
    for name in sorted({name for _instance, lists in records for name in lists}):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        if replace:
            pks = [instance.pk for instance, lists in records if name in lists]
            for start in range(0, len(pks), UPDATES_PER_STATEMENT):
                chunk = pks[start : start + UPDATES_PER_STATEMENT]
                through.objects.filter(**{f"{own}__in": chunk}).delete()
        links[field] = through.objects.bulk_create(
            [
                through(**{own: instance.pk, other: value.pk})
                for instance, lists in records
                for value in lists.get(name, ())
            ]
        )
    return links


def _write_list_history(model, rows, links):
    # What simple-history's create_historical_record_m2ms writes for one record: each link of
    # a tracked list as it stands, under the record's history row.
    row_of = {getattr(row, model._meta.pk.attname): row for row in rows}
    for field, saved in links.items():
        list_history = model._change_history.m2m_models.get(field)
        if list_history is None:
            continue
        own = f"{field.m2m_field_name()}_id"
        columns = [f.attname for f in field.remote_field.through._meta.fields]
        list_history.objects.bulk_create(
            [
                list_history(
                    history=row_of[getattr(link, own)],
                    **{column: getattr(link, column) for column in columns},
                )
                for link in saved
            ]
        )
