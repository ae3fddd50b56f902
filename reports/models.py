"""Published versions of the half-year report (issue 13): the figures and labels of one scope
(a 所属, or the city) as they stood when its half-year was closed, kept for good."""

from django.conf import settings
from django.db import models

from coordinators.models import Center
from coordinators.models.history import change_history
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
    # The 実績報告's text as published (issue 19): a 所属's {section: text} stored when its
    # half-year closes; the city's {"city": {section: text}, "centers": [[name, {section: text}]]}
    # stored when the division 確定s the document. None: no text published with this version.
    narrative = models.JSONField("実績報告の文章", null=True, blank=True)
    document_fixed_at = models.DateTimeField("実績報告の確定日時", null=True, blank=True)
    document_fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="実績報告を確定した人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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


class Section(models.TextChoices):
    """The parts of the 実績報告 written in words (domain brief §8). A 所属 writes
    MAIN_WORK and CHALLENGES for itself; the division writes every section for the city."""

    OVERVIEW = "overview", "事業の概要"
    COORDINATOR_SITUATION = "coordinator_situation", "生活支援コーディネーター 本市の状況"
    MAIN_WORK = "main_work", "主な取組"
    COUNCIL_SITUATION = "council_situation", "協議体 本市の状況"
    CHALLENGES = "challenges", "課題及び今後の方向性"


CENTER_SECTIONS = (Section.MAIN_WORK, Section.CHALLENGES)
WHOLE_YEAR = 0  # ReportText.half of a fiscal-year document


class ReportText(models.Model):
    """One section's text of the 実績報告 for one period (a half-year, or the fiscal year as
    WHOLE_YEAR) and one scope (a 所属, or None for the city). Plain text: lines starting with
    ○ or ・ are bullets, (1) (2) … numbered themes (reports.document reads them)."""

    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    half = models.PositiveSmallIntegerField(
        "期間", choices=[(WHOLE_YEAR, "年度"), (1, "上半期"), (2, "下半期")]
    )
    center = models.ForeignKey(
        Center,
        verbose_name="所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="空欄なら市全体",
        related_name="report_texts",
    )
    section = models.CharField("項目", max_length=30, choices=Section)
    text = models.TextField("文章", max_length=20000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最終更新者",
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("最終更新日時", auto_now=True)
    history = change_history()

    class Meta:
        ordering = ["fiscal_year", "half", "center", "section"]
        verbose_name = verbose_name_plural = "実績報告の文章"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "center", "section"], name="report_text_once"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "section"],
                condition=models.Q(center__isnull=True),
                name="report_city_text_once",
            ),
        ]

    def __str__(self):
        scope = self.center or "市全体"
        return (
            f"{self.fiscal_year}年度 {self.get_half_display()} {scope} {self.get_section_display()}"
        )
