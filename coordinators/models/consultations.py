"""Consultations (相談対応), individual-support cases (個別支援ケース) and the access records that
every read of their personal data leaves behind."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from .activities import Activity, SoftDeletedRecord
from .history import change_history
from .master import Center, Coordinator, PickList, ResourceState, SocialResource, Tier


class Choice(PickList):
    """A pick-list entry that can also be retired from new records."""

    is_active = models.BooleanField("有効", default=True)

    class Meta(PickList.Meta):
        abstract = True


class ConsultationRoute(Choice):
    history = change_history()

    class Meta(Choice.Meta):
        verbose_name = verbose_name_plural = "相談経路"


class ConsulterType(Choice):
    history = change_history()

    class Meta(Choice.Meta):
        verbose_name = verbose_name_plural = "相談者種別"


class ConsultationTopic(Choice):
    history = change_history()

    class Meta(Choice.Meta):
        verbose_name = verbose_name_plural = "相談内容"


class ConsultationOutcome(Choice):
    connects_resource = models.BooleanField(
        "社会資源につないだ", default=False, help_text="つないだ社会資源を記録する結果"
    )
    counts_as_referral = models.BooleanField(
        "つないだ件数に数える",
        default=False,
        help_text="実績報告の「つないだ件数」に数える結果（他機関・社会資源への紹介）",
    )
    history = change_history()

    class Meta(Choice.Meta):
        verbose_name = verbose_name_plural = "対応結果"


class Sex(models.TextChoices):
    MALE = "male", "男性"
    FEMALE = "female", "女性"
    OTHER = "other", "その他・不明"


class CareLevel(models.TextChoices):
    SUPPORT1 = "support1", "要支援1"
    SUPPORT2 = "support2", "要支援2"
    CARE1 = "care1", "要介護1"
    CARE2 = "care2", "要介護2"
    CARE3 = "care3", "要介護3"
    CARE4 = "care4", "要介護4"
    CARE5 = "care5", "要介護5"
    NONE = "none", "非該当"
    UNKNOWN = "unknown", "不明"


class Consultation(SoftDeletedRecord):
    received_on = models.DateField("受付日")
    # Set by the service from the coordinator's assignment on that date, as for activities.
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.PROTECT, related_name="consultations"
    )
    tier = models.PositiveSmallIntegerField("層", choices=Tier)
    coordinator = models.ForeignKey(
        Coordinator, verbose_name="担当者", on_delete=models.PROTECT, related_name="consultations"
    )
    route = models.ForeignKey(ConsultationRoute, verbose_name="相談経路", on_delete=models.PROTECT)
    consulter_type = models.ForeignKey(
        ConsulterType, verbose_name="相談者種別", on_delete=models.PROTECT
    )
    topics = models.ManyToManyField(ConsultationTopic, verbose_name="相談内容")
    outcome = models.ForeignKey(
        ConsultationOutcome, verbose_name="対応結果", on_delete=models.PROTECT
    )
    resource = models.ForeignKey(
        SocialResource,
        verbose_name="つないだ社会資源",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
    )
    summary = models.CharField(
        "概要",
        max_length=500,
        blank=True,
        help_text="個人が特定される氏名・住所は書かないでください。",
    )
    subject_age = models.PositiveSmallIntegerField(
        "年齢",
        null=True,
        blank=True,
        validators=[MaxValueValidator(130, "年齢は130歳以下で入力してください。")],
    )
    subject_sex = models.CharField("性別", max_length=10, choices=Sex, blank=True)
    care_level = models.CharField("要介護度", max_length=10, choices=CareLevel, blank=True)
    history = change_history(m2m_fields=["topics"])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = verbose_name_plural = "相談記録"
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["center", "received_on"], name="consultation_center_date"),
            models.Index(fields=["received_on", "center"], name="consultation_report"),
        ]

    def __str__(self):
        return f"{self.received_on} {self.consulter_type} {self.route}"

    def get_absolute_url(self):
        return reverse("coordinators:consultation_detail", args=[self.pk])


class CaseStatus(models.TextChoices):
    OPEN = "open", "対応中"
    CLOSED = "closed", "終了"


class SupportCase(models.Model):
    """An individual-support case opened from a consultation, with a timeline of steps."""

    consultation = models.OneToOneField(
        Consultation, verbose_name="きっかけの相談", on_delete=models.PROTECT, related_name="case"
    )
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(
        "見出し",
        max_length=100,
        help_text="例: 70代女性 要支援1 近所の通いの場を希望（氏名は書かない）",
    )
    status = models.CharField("状態", max_length=10, choices=CaseStatus, default=CaseStatus.OPEN)
    opened_on = models.DateField("開始日")
    closed_on = models.DateField("終了日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作成者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    history = change_history()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = verbose_name_plural = "個別支援ケース"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coordinators:case_detail", args=[self.pk])


class CaseStep(models.Model):
    case = models.ForeignKey(
        SupportCase, verbose_name="ケース", on_delete=models.CASCADE, related_name="steps"
    )
    date = models.DateField("日付")
    description = models.CharField("内容", max_length=300)
    activity = models.ForeignKey(
        Activity,
        verbose_name="活動記録",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_steps",
    )
    resources = models.ManyToManyField(
        SocialResource, verbose_name="つないだ社会資源", blank=True, related_name="case_steps"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="記録者", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)
    history = change_history(m2m_fields=["resources"])

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = verbose_name_plural = "ケースの経過"

    def __str__(self):
        return f"{self.date} {self.description}"


ACCESS_RECORD_RETENTION_YEARS = 5


class AppendOnlyQuerySet(models.QuerySet):
    """An audit trail is only ever added to; the one deletion is of rows past retention."""

    def update(self, **kwargs):
        raise PermissionDenied("個人情報の閲覧記録は変更できません。")

    def delete(self):
        raise PermissionDenied("個人情報の閲覧記録は削除できません。")

    def expired(self, today):
        """Rows older than the retention period."""
        try:
            cutoff = today.replace(year=today.year - ACCESS_RECORD_RETENTION_YEARS)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - ACCESS_RECORD_RETENTION_YEARS, day=28)
        return self.filter(at__date__lt=cutoff)

    def purge_expired(self, today):
        """Delete the rows past retention; returns how many."""
        deleted, _ = models.QuerySet.delete(self.expired(today))
        return deleted


class AccessRecord(models.Model):
    """Who read or exported personal data, when, what and from where. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="利用者", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=20)
    target = models.CharField("対象", max_length=200)
    path = models.CharField("URL", max_length=500)
    address = models.GenericIPAddressField("接続元", null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = "個人情報の閲覧記録"

    def __str__(self):
        return f"{self.at} {self.user} {self.action} {self.target}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("個人情報の閲覧記録は変更できません。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("個人情報の閲覧記録は削除できません。")


class ResourceStateChange(models.Model):
    """A social resource's state history: 準備中 → 活動中 → 休止 …, with who and when."""

    resource = models.ForeignKey(
        SocialResource,
        verbose_name="社会資源",
        on_delete=models.CASCADE,
        related_name="state_changes",
    )
    state = models.CharField("状態", max_length=20, choices=ResourceState)
    changed_on = models.DateField("日付")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="変更者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = verbose_name_plural = "社会資源の状態履歴"

    def __str__(self):
        return f"{self.resource} {self.state} {self.changed_on}"
