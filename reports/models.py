"""Published versions of the half-year report (issue 13): the figures and labels of one scope
(a 所属, or the city) as they stood when its half-year was closed, kept for good."""

from django.conf import settings
from django.db import models

from coordinators.models import Center
from coordinators.periods import Period


class PublishedReport(models.Model):
    """第n版 of a scope's half-year report, stored when the half-year was closed for it."""

    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    half = models.PositiveSmallIntegerField("半期", choices=[(1, "上半期"), (2, "下半期")])
    center = models.ForeignKey(
        Center,
        verbose_name="所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="空欄なら市全体",
        related_name="published_reports",
    )
    version = models.PositiveSmallIntegerField("版")
    published_at = models.DateTimeField("締めた日時")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="締めた人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("再開の理由", max_length=300, blank=True)
    # reports.snapshots.snapshot_of(report): every figure and label the renderers show.
    snapshot = models.JSONField("数値と表示名")

    class Meta:
        ordering = ["fiscal_year", "half", "center", "version"]
        verbose_name = verbose_name_plural = "公表した報告"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "center", "version"], name="published_version_once"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "version"],
                condition=models.Q(center__isnull=True),
                name="published_city_version_once",
            ),
        ]

    def __str__(self):
        return f"{self.period.label} {self.center or '市全体'} 第{self.version}版"

    @property
    def period(self):
        return Period.for_half(self.fiscal_year, self.half)

    @property
    def label(self):
        return f"第{self.version}版"
