"""Templates keep the 層 of the record they were made from, and stored 職員番号 are normalised
(NFKC, no spaces) as the model now stores them (issue 20)."""

import re
import unicodedata

from django.db import migrations, models


def _key(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def normalise_staff_numbers(apps, schema_editor):
    Coordinator = apps.get_model("coordinators", "Coordinator")
    taken = set(Coordinator.objects.exclude(staff_number="").values_list("staff_number", flat=True))
    for person in Coordinator.objects.exclude(staff_number=""):
        key = _key(person.staff_number)
        if key != person.staff_number and key not in taken:  # never merge two people
            taken.add(key)
            person.staff_number = key
            person.save(update_fields=["staff_number"])


def templates_take_their_center_tier(apps, schema_editor):
    ActivityTemplate = apps.get_model("coordinators", "ActivityTemplate")
    for template in ActivityTemplate.objects.select_related("center").filter(tier__isnull=True):
        template.tier = template.center.tier
        template.save(update_fields=["tier"])


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0028_municipality"),
    ]

    operations = [
        migrations.AddField(
            model_name="activitytemplate",
            name="tier",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "第1層"), (2, "第2層"), (3, "第3層")],
                null=True,
                verbose_name="層",
            ),
        ),
        migrations.RunPython(normalise_staff_numbers, migrations.RunPython.noop),
        migrations.RunPython(templates_take_their_center_tier, migrations.RunPython.noop),
    ]
