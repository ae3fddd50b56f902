"""Councils (協議体), their meetings, and regional issues (地域課題) on their way to the city."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from coordinators.models import (
    Activity,
    Area,
    Category,
    Center,
    Coordinator,
    SocialResource,
)
from coordinators.models.activities import SoftDeletedRecord
from coordinators.models.categories import category_field
from coordinators.models.history import change_history
from coordinators.models.master import PickList


class CouncilTier(models.IntegerChoices):
    """A council's tier, or the liaison between tiers 1 and 2 (SC連携会議). BETWEEN was 3 until
    issue 20 gave 3 to 第3層 (councils migration 0010 moved the stored 3s); 12 keeps it after
    第2層 in every ordering."""

    FIRST = 1, "第1層"
    SECOND = 2, "第2層"
    THIRD = 3, "第3層"
    BETWEEN = 12, "第1層・第2層の連携"


class CouncilKind(models.Model):
    """地域包括ケア推進協議会, SC連携会議, 地域ケア会議 … : data a city may extend in admin."""

    name = models.CharField("名称", max_length=50, unique=True)
    tier = models.PositiveSmallIntegerField("層", choices=CouncilTier)
    display_order = models.PositiveIntegerField("表示順", default=0)
    history = change_history()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = verbose_name_plural = "協議体の種別"

    def __str__(self):
        return self.name


def meeting_default_category():
    """The number of the 区分 a new 会議体 starts with (Category.objects.meeting_default)."""
    found = Category.objects.meeting_default()
    return found.pk if found else None


class Council(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    tier = models.PositiveSmallIntegerField("層", choices=CouncilTier)
    kind = models.ForeignKey(CouncilKind, verbose_name="種別", on_delete=models.PROTECT)
    center = models.ForeignKey(
        Center,
        verbose_name="所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="空欄なら市全体",
        related_name="councils",
    )
    area = models.ForeignKey(
        Area,
        verbose_name="日常生活圏域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="圏域ごとの会議（地域ケア会議など）の場合",
        related_name="councils",
    )
    counts_as_equivalent = models.BooleanField(
        "協議体相当", default=False, help_text="第2層の協議体相当として数える会議体"
    )
    # The column keeps its name and the 区分's number (issue 20).
    default_category = category_field(
        "既定の区分", db_column="default_category", default=meeting_default_category
    )
    is_active = models.BooleanField("有効", default=True)
    history = change_history()

    class Meta:
        ordering = ["tier", "kind__display_order", "name"]
        verbose_name = verbose_name_plural = "協議体"

    def __str__(self):
        return self.name


class Meeting(SoftDeletedRecord):
    council = models.ForeignKey(
        Council, verbose_name="会議体", on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField("開催日")
    # What the meeting counts as is fixed when it is written, from its 会議体 then: a later
    # change of the council's tier or 協議体相当 never moves a past period's counts (issue 13).
    council_tier = models.PositiveSmallIntegerField(
        "会議体の層", choices=CouncilTier, default=CouncilTier.SECOND, editable=False
    )
    counts_as_equivalent = models.BooleanField("協議体相当", default=False, editable=False)
    # The 所属 that recorded the meeting (empty: the division). The meeting's own fields belong
    # to it and the division; every other 所属 changes only its own attendance (issue 14).
    center = models.ForeignKey(
        Center,
        verbose_name="記録した所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="recorded_meetings",
    )
    start_time = models.TimeField("開始時刻", null=True, blank=True)
    end_time = models.TimeField("終了時刻", null=True, blank=True)
    place = models.CharField("場所", max_length=200, blank=True)
    resource = models.ForeignKey(
        SocialResource,
        verbose_name="会場（社会資源）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    coordinators = models.ManyToManyField(
        Coordinator, verbose_name="出席した担当者", related_name="meetings"
    )
    category = category_field()
    other_participants = models.PositiveIntegerField("その他の参加人数", null=True, blank=True)
    organisations = models.CharField("参加団体", max_length=300, blank=True)
    agenda = models.CharField("議題", max_length=300)
    summary = models.TextField(
        "概要",
        blank=True,
        max_length=4000,
        validators=[MaxLengthValidator(4000)],  # TextField's max_length binds forms only
        help_text="個別事例を扱う場合も氏名・住所は書かないでください。",
    )
    # One activity per attending 所属, kept in step by the meeting services.
    activities = models.ManyToManyField(
        Activity, verbose_name="活動記録", related_name="meetings", blank=True
    )
    history = change_history(m2m_fields=["coordinators"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = verbose_name_plural = "会議"
        base_manager_name = "all_objects"
        indexes = [models.Index(fields=["date", "council"], name="meeting_date_council")]

    def __str__(self):
        return f"{self.date} {self.council}"

    def get_absolute_url(self):
        return reverse("councils:meeting_detail", args=[self.pk])


class IssueTheme(PickList):
    history = change_history()

    class Meta(PickList.Meta):
        verbose_name = verbose_name_plural = "地域課題のテーマ"


class Stage(models.IntegerChoices):
    """The path of a regional issue, in order."""

    RAISED = 1, "提起"
    GATHERED = 2, "集約"
    REPORTED = 3, "報告"
    ADVISED = 4, "提言・答申"
    CITY_ACTION = 5, "市の対応"
    RESOLVED = 6, "解決"
    CONTINUED = 7, "継続検討"


class RegionalIssue(models.Model):
    title = models.CharField("課題", max_length=150)
    description = models.TextField(
        "内容", blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    areas = models.ManyToManyField(Area, verbose_name="日常生活圏域", blank=True)
    themes = models.ManyToManyField(IssueTheme, verbose_name="テーマ", blank=True)
    # The furthest stage reached, kept by the services so the pipeline filters in the database.
    stage = models.PositiveSmallIntegerField("段階", choices=Stage, default=Stage.RAISED)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="統合先",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    history = change_history(m2m_fields=["areas", "themes"])

    class Meta:
        ordering = ["stage", "-created_at"]
        verbose_name = verbose_name_plural = "地域課題"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("councils:issue_detail", args=[self.pk])


class IssueStep(models.Model):
    issue = models.ForeignKey(
        RegionalIssue, verbose_name="地域課題", on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.PositiveSmallIntegerField("段階", choices=Stage)
    date = models.DateField("日付")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name="会議",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issue_steps",
    )
    note = models.CharField("メモ", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)
    history = change_history()

    class Meta:
        ordering = ["date", "stage", "pk"]
        verbose_name = verbose_name_plural = "地域課題の経過"

    def __str__(self):
        return f"{self.issue} {self.get_stage_display()} {self.date}"
