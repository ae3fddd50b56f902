"""Remove control characters (C0 and C1 but tab and line breaks) from the text already stored
(issue 15): since then they are removed at input, and one of them in a stored 内容 or 名称 made
the Excel exports fail. The access records and change history are audit trails, kept as they
were written."""

import re

from django.db import migrations, models

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same class as a database regular expression. PostgreSQL text cannot hold NUL, and its
# regular expressions take no NUL escape, so there the class starts at \x01.
PATTERNS = {
    "postgresql": r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",
    "sqlite": r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",  # Python's re, registered by Django
}
AUDIT_TRAILS = {"accessrecord"}


def remove_control_characters(apps, schema_editor):
    pattern = PATTERNS.get(schema_editor.connection.vendor)
    for model in apps.get_app_config("coordinators").get_models():
        name = model._meta.model_name
        if name in AUDIT_TRAILS or name.startswith("historical"):
            continue
        rows = model._base_manager.using(schema_editor.connection.alias)
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            column = field.attname
            if pattern:
                candidates = rows.filter(**{f"{column}__regex": pattern})
            else:  # another database: read the column (a one-off, however long)
                candidates = rows.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
            for pk, value in candidates.values_list("pk", column).iterator():
                if value and CONTROL_CHARACTERS.search(value):
                    rows.filter(pk=pk).update(**{column: CONTROL_CHARACTERS.sub("", value)})


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0013_activity_origin"),
    ]

    operations = [
        migrations.RunPython(remove_control_characters, migrations.RunPython.noop),
    ]
