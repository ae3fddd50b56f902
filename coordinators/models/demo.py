"""What `load_demo` made: its logins and 所属, marked so it never writes into a real city's
database (issue 17)."""

from django.db import models


class DemoMark(models.Model):
    """One login (by username) or 所属 (by name) the demo created."""

    class Kind(models.TextChoices):
        LOGIN = "login", "ログイン"
        CENTER = "center", "所属"

    kind = models.CharField("種類", max_length=10, choices=Kind)
    name = models.CharField("名前", max_length=150)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "デモデータの印"
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="demo_mark_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"
