"""A partial index of live activities holding what the counts by 区分, 所属, 活動形態 and month
read, so PostgreSQL counts a period from the index alone (issue 22). Built in about a second
at 1,000,000 activities; writes wait for it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0029_template_tier"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["date", "center", "category", "form"],
                name="activity_live_counts",
            ),
        ),
    ]
