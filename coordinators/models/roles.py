"""Which auth group gives which role (issue 20): roles are found by a code, not by a group's
name, so a city may call its groups what it likes (its division 「地域福祉課」, say)."""

from django.contrib.auth.models import Group
from django.db import models


class RoleCode(models.TextChoices):
    STAFF = "staff", "センター職員"
    DIVISION = "division", "事務局（市の担当課）"
    ADMIN = "admin", "管理者"


class RoleGroup(models.Model):
    """The one group that gives a role; created with the seeded groups (migration 0022)."""

    code = models.CharField("役割", max_length=20, choices=RoleCode, unique=True)
    group = models.OneToOneField(
        Group, verbose_name="グループ", on_delete=models.CASCADE, related_name="sasaeai_role"
    )

    class Meta:
        verbose_name = verbose_name_plural = "役割のグループ"

    def __str__(self):
        return f"{self.get_code_display()}: {self.group.name}"
