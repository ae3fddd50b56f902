"""Activity records (活動記録), their forms, reusable templates, and closed half-years (締め)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from coordinators.periods import Period

from .categories import category_field
from .history import change_history
from .master import Center, Coordinator, SocialResource, Tier


class ReportRole(models.TextChoices):
    """Where an 活動形態's records are listed by date in the tier-1 activity report (issue 19):
    set on the form, never guessed from its name, so a city may call its forms anything."""

    TRAINING = "training", "研修受講"
    LECTURE = "lecture", "講師"
    HOSTED_VISIT = "hosted_visit", "視察受入"
    PUBLICITY = "publicity", "広報"


class ActivityForm(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    counts_as_visit = models.BooleanField(
        "訪問として数える", default=False, help_text="延べ件数・実件数の訪問に数える形態"
    )
    report_role = models.CharField(
        "報告での扱い",
        max_length=20,
        choices=ReportRole,
        blank=True,
        help_text="実績報告で日付つきの一覧に載せる形態（研修受講・講師・視察受入・広報）",
    )
    quantity_unit = models.CharField(
        "数量の単位",
        max_length=10,
        blank=True,
        help_text="部数などを記録する形態の単位（例: 部）。空欄なら数量は記録しない",
    )
    display_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("有効", default=True)
    history = change_history()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = verbose_name_plural = "活動形態"

    def __str__(self):
        return self.name


class AliveManager(models.Manager):
    # Soft-deleted records count nowhere, so the default manager never returns them.
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletedRecord(models.Model):
    """Who typed a record and when, kept apart from who it is credited to; deleting keeps the
    row with who deleted it and when, and the default manager hides it everywhere."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="記録者",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最終更新者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    deleted_at = models.DateTimeField("削除日時", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="削除者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AliveManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff reads a plain Manager as a field)

    class Meta:
        abstract = True


class ActivityFields(models.Model):
    """What an activity and a template of one have in common."""

    start_time = models.TimeField("開始時刻", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "所要時間（分）",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "所要時間は1分以上にしてください。"),
            MaxValueValidator(1440, "所要時間は1440分（24時間）以内にしてください。"),
        ],
    )
    # The column keeps its name and the 区分's number (issue 20): reports and files use the number.
    category = category_field()
    form = models.ForeignKey(ActivityForm, verbose_name="活動形態", on_delete=models.PROTECT)
    resource = models.ForeignKey(
        SocialResource, verbose_name="訪問先", on_delete=models.PROTECT, null=True, blank=True
    )
    place = models.CharField("場所", max_length=200, blank=True)
    participants = models.PositiveIntegerField(
        "参加人数",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100000, "参加人数が大きすぎます。")],
    )
    description = models.CharField("内容", max_length=500)
    # Counted in the 活動形態's unit (e.g. 部数 of a newsletter); only forms with a unit have it.
    quantity = models.PositiveIntegerField(
        "数量",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000, "数量が大きすぎます。")],
    )

    class Meta:
        abstract = True

    def clean(self):
        # A quantity means something only in its form's unit (部 for a newsletter): a number
        # typed for a visit would be summed as copies nowhere and silently lost.
        super().clean()
        if self.quantity is not None and self.form_id and not self.form.quantity_unit:
            raise ValidationError(
                {"quantity": f"「{self.form.name}」では数量を記録しません。空欄にしてください。"}
            )


class Activity(ActivityFields, SoftDeletedRecord):
    date = models.DateField("日付")
    # Set by the service from the coordinators' assignment on that date, never from a request.
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.PROTECT, related_name="activities"
    )
    tier = models.PositiveSmallIntegerField("層", choices=Tier)
    # What the record counts as is fixed when it is written, from its 活動形態 then: a later
    # change of the form's flag never moves a past period's visits (issue 13).
    counts_as_visit = models.BooleanField("訪問として数える", default=False, editable=False)
    coordinators = models.ManyToManyField(
        Coordinator, verbose_name="担当者", related_name="activities"
    )
    # Where a record came from, set by the services: the week page shows last week's records
    # already copied as 「コピー済」 rather than offering to count them twice (issue 14).
    copied_from = models.ForeignKey(
        "self",
        verbose_name="コピー元",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
    )
    template = models.ForeignKey(
        "ActivityTemplate",
        verbose_name="作成元テンプレート",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        editable=False,
    )
    history = change_history(m2m_fields=["coordinators"])

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = verbose_name_plural = "活動記録"
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["center", "date"], name="activity_center_date"),
            models.Index(fields=["date", "center", "category"], name="activity_report"),
            models.Index(fields=["category", "date"], name="activity_category_date"),
            models.Index(fields=["form", "date"], name="activity_form_date"),
            models.Index(fields=["resource", "date"], name="activity_resource_date"),
            # Live records only, holding every column the counts by 区分, 所属, 活動形態 and
            # month read: PostgreSQL counts a year of them from the index alone (an
            # index-only scan, when counted with COUNT(*)), 13 ms instead of 20 at 1M
            # (issue 22). activity_report stays for reads of deleted records (admin).
            models.Index(
                fields=["date", "center", "category", "form"],
                name="activity_live_counts",
                condition=Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.category} {self.description[:20]}"

    def get_absolute_url(self):
        return reverse("coordinators:activity_detail", args=[self.pk])


class Repeat(models.TextChoices):
    """How a template's work recurs (issue 18); coordinators/activities/schedules.py reads it."""

    WEEKLY = "weekly", "毎週"
    NTH_WEEKDAY = "nth", "毎月 第n曜日"
    DAY_OF_MONTH = "monthly", "毎月の日付"


class RepeatMonths(models.TextChoices):
    ALL = "all", "毎月"
    EVEN = "even", "偶数月"
    ODD = "odd", "奇数月"


class ActivityTemplate(ActivityFields):
    """Recurring work (毎週火曜 家族介護者サロン, 第2・第4水曜, 偶数月20日) saved once; the week
    page lists it on the days it is due and records it with one action."""

    WEEKDAYS = [(0, "月"), (1, "火"), (2, "水"), (3, "木"), (4, "金"), (5, "土"), (6, "日")]

    name = models.CharField("テンプレート名", max_length=100)
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.CASCADE, related_name="activity_templates"
    )
    # The 層 of the record it was made from: a 兼務 person's two tiers of one 所属 (issue 20)
    tier = models.PositiveSmallIntegerField("層", choices=Tier, null=True, blank=True)
    weekday = models.PositiveSmallIntegerField("曜日", choices=WEEKDAYS)
    repeat = models.CharField("繰り返し", max_length=10, choices=Repeat, default=Repeat.WEEKLY)
    weeks_of_month = models.CharField(
        "第何週", max_length=20, blank=True, help_text="第n曜日のとき。例: 2,4（第2・第4）"
    )
    day_of_month = models.PositiveSmallIntegerField(
        "日付",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "日付は1から31までにしてください。"),
            MaxValueValidator(31, "日付は1から31までにしてください。"),
        ],
        help_text="毎月の日付のとき。その月にない日（31日など）は月末",
    )
    months = models.CharField("月", max_length=5, choices=RepeatMonths, default=RepeatMonths.ALL)
    coordinators = models.ManyToManyField(Coordinator, verbose_name="担当者", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作成者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["center", "weekday", "start_time", "name"]
        verbose_name = verbose_name_plural = "活動テンプレート"
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="template_unique_name"),
        ]

    def __str__(self):
        return self.name


class HalfYearClosing(models.Model):
    """A half-year closed (締め) for one 所属, or for all when center is empty."""

    HALVES = [(1, "上半期"), (2, "下半期")]

    fiscal_year = models.PositiveSmallIntegerField(
        "年度（西暦）",
        help_text="4月始まりの年度を西暦で。例: 令和6年度なら 2024",
        validators=[
            MinValueValidator(2000, "2000年度以降を入力してください。"),
            MaxValueValidator(2100, "2100年度までを入力してください。"),
        ],
    )
    half = models.PositiveSmallIntegerField("半期", choices=HALVES)
    center = models.ForeignKey(
        Center,
        verbose_name="所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="空欄なら全所属",
        related_name="closings",
    )
    closed_at = models.DateTimeField("締めた日時")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="締めた人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopened_at = models.DateTimeField("解除日時", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="解除した人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopen_reason = models.CharField("再開の理由", max_length=300, blank=True)
    history = change_history()

    class Meta:
        ordering = ["-fiscal_year", "-half", "center"]
        verbose_name = verbose_name_plural = "半期の締め"
        indexes = [models.Index(fields=["fiscal_year", "half"], name="closing_period")]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "center"],
                condition=Q(reopened_at__isnull=True),
                name="closing_one_open_per_center",
            ),
        ]

    def __str__(self):
        return f"{Period.for_half(self.fiscal_year, self.half).label} {self.center or '全所属'}"

    @property
    def period(self):
        return Period.for_half(self.fiscal_year, self.half)


class HalfYearConfirmation(models.Model):
    """A 所属 confirms its records of a half-year are complete (所属確認済) before the close."""

    fiscal_year = models.PositiveSmallIntegerField("年度（西暦）")
    half = models.PositiveSmallIntegerField("半期", choices=HalfYearClosing.HALVES)
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.CASCADE, related_name="confirmations"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="確認した人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("確認日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "半期の所属確認"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "half", "center"], name="confirmation_once_per_center"
            )
        ]

    def __str__(self):
        return f"{Period.for_half(self.fiscal_year, self.half).label} {self.center}"
