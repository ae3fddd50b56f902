from django.db import migrations, models
from django.db.models.deletion import PROTECT

DIVISION_GROUPS = ("高齢者支援課", "管理者")


def fill_recording_center(apps, schema_editor):
    """Meetings recorded before: the 所属 of the center-staff login that recorded them; left
    empty (the division's) for division and admin logins."""
    StaffProfile = apps.get_model("coordinators", "StaffProfile")
    User = apps.get_model("auth", "User")
    division = set(
        User.objects.filter(is_superuser=True).values_list("pk", flat=True)
    ) | set(User.objects.filter(groups__name__in=DIVISION_GROUPS).values_list("pk", flat=True))
    for profile in StaffProfile.objects.exclude(user_id__in=division):
        for name in ("Meeting", "HistoricalMeeting"):
            model = apps.get_model("councils", name)
            model._base_manager.filter(recorded_by_id=profile.user_id).update(
                center_id=profile.center_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("coordinators", "0012_facts_on_the_record"),
        ("councils", "0007_facts_on_the_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeeting",
            name="center",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=models.deletion.DO_NOTHING,
                related_name="+",
                to="coordinators.center",
                verbose_name="記録した所属",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="center",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=PROTECT,
                related_name="recorded_meetings",
                to="coordinators.center",
                verbose_name="記録した所属",
            ),
        ),
        migrations.RunPython(fill_recording_center, migrations.RunPython.noop),
    ]
