"""Master data: 所属, 日常生活圏域 and 町名, coordinators with their assignment history,
social resources, and the link from a login to its 所属."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .history import change_history


class CenterKind(models.Model):
    """A kind of 所属 (issue 20): 地域包括支援センター and 高齢者支援課 are seeded; a city adds its
    own (社会福祉協議会, 市直営, 地区社協 …) in admin or by naming it in the 所属 sheet."""

    name = models.CharField("名称", max_length=50, unique=True)
    display_order = models.PositiveIntegerField("表示順", default=0)
    history = change_history()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = verbose_name_plural = "所属の種別"

    def __str__(self):
        return self.name


class Tier(models.IntegerChoices):
    """The tiers of the programme: 第1層 (the municipality), 第2層 (a daily-life area), 第3層
    (a neighbourhood; issue 20: some cities place coordinators there)."""

    FIRST = 1, "第1層"
    SECOND = 2, "第2層"
    THIRD = 3, "第3層"


class ResourceState(models.TextChoices):
    PREPARING = "preparing", "準備中"
    ACTIVE = "active", "活動中"
    PAUSED = "paused", "休止"
    ENDED = "ended", "終了"


class Center(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.ForeignKey(
        CenterKind, verbose_name="種別", on_delete=models.PROTECT, related_name="centers"
    )
    tier = models.PositiveSmallIntegerField("層", choices=Tier)
    # The division (the first customer's 高齢者支援課, another city's 社会福祉協議会 …): its name
    # is what every screen and file calls the division (issue 20).
    is_secretariat = models.BooleanField(
        "事務局", default=False, help_text="事業の事務局（市の担当課など）。市に1つだけ"
    )
    display_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("有効", default=True)
    history = change_history()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = verbose_name_plural = "所属"
        constraints = [
            models.UniqueConstraint(
                fields=["is_secretariat"],
                condition=Q(is_secretariat=True),
                name="center_one_secretariat",
                violation_error_message="事務局にできる所属は1つだけです。",
            ),
        ]

    def __str__(self):
        return self.name


class Area(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    center = models.ForeignKey(
        Center, verbose_name="担当する所属", on_delete=models.PROTECT, related_name="areas"
    )
    display_order = models.PositiveIntegerField("表示順", default=0)
    history = change_history()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = verbose_name_plural = "日常生活圏域"

    def __str__(self):
        return self.name


class Town(models.Model):
    name = models.CharField("町名", max_length=100)
    area = models.ForeignKey(
        Area, verbose_name="日常生活圏域", on_delete=models.CASCADE, related_name="towns"
    )
    display_order = models.PositiveIntegerField("表示順", default=0)
    history = change_history()

    class Meta:
        ordering = ["area__display_order", "display_order", "name"]
        verbose_name = verbose_name_plural = "町名"
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="town_unique_in_area"),
        ]

    def __str__(self):
        return self.name


def staff_number_key(text):
    """A 職員番号 as stored: NFKC (full-width digits and letters as ASCII), spaces removed, so
    「１０２３」 and 「A 1023」 are 1023 and A1023 wherever typed (issue 20)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


class Coordinator(models.Model):
    """A person: identified by 職員番号 where the city gives one, else by 氏名 + ふりがな, so two
    people of one name can both be registered (issue 20)."""

    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    staff_number = models.CharField(
        "職員番号",
        max_length=20,
        blank=True,
        help_text="同じ氏名の人を見分ける番号（市の職員番号など）。空欄なら氏名とふりがなで見分けます",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="ログインアカウント",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinator",
    )
    history = change_history()

    class Meta:
        ordering = ["kana", "name"]
        verbose_name = verbose_name_plural = "生活支援コーディネーター"
        constraints = [
            models.UniqueConstraint(
                fields=["staff_number"],
                condition=~Q(staff_number=""),
                name="coordinator_unique_staff_number",
                violation_error_message="この職員番号の人はすでに登録されています。",
            ),
            models.UniqueConstraint(
                fields=["name", "kana"],
                condition=Q(staff_number=""),
                name="coordinator_unique_name_without_number",
                violation_error_message=(
                    "同じ氏名・ふりがなの人がいます。別の人なら職員番号を入力してください。"
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # stored normalised whatever path writes it (admin, imports, the shell)
        self.staff_number = staff_number_key(self.staff_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coordinators:coordinator_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.staff_number = staff_number_key(self.staff_number)

    def assignments_on(self, day):
        """The assignments in force on `day`: two or more for a 兼務 person (issue 20). Reads
        self.assignments.all(), so a prefetched history costs no query."""
        return [a for a in self.assignments.all() if a.is_current_on(day)]

    @property
    def qualified_name(self):
        """「佐藤 花子（1023）」: the name with what tells it from another of the same name
        (職員番号, else ふりがな), for pick-lists and messages where both may appear."""
        detail = self.staff_number or self.kana
        return f"{self.name}（{detail}）" if detail else self.name


class Assignment(models.Model):
    """One stretch of a coordinator at one 所属 and tier: told apart by person + 所属 + 層 +
    開始日 (issue 20).

    Records keep the assignment valid on their own date, so moving a person never rewrites history.
    A person holds one assignment at a time unless one of two overlapping ones is marked 兼務
    (a tier-1 and tier-2 coordinator at once, common in small towns; issue 20).
    """

    coordinator = models.ForeignKey(
        Coordinator, verbose_name="担当者", on_delete=models.CASCADE, related_name="assignments"
    )
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.PROTECT, related_name="assignments"
    )
    tier = models.PositiveSmallIntegerField("層", choices=Tier)
    start_date = models.DateField("開始日")
    end_date = models.DateField("終了日", null=True, blank=True, help_text="在任中は空欄")
    is_concurrent = models.BooleanField(
        "兼務", default=False, help_text="ほかの所属・層と同時に担当するとき（兼務）"
    )
    history = change_history()

    class Meta:
        ordering = ["coordinator", "start_date", "tier"]
        verbose_name = verbose_name_plural = "所属履歴"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
                violation_error_message="終了日は開始日以降の日付にしてください。",
            ),
            models.UniqueConstraint(
                fields=["coordinator", "center", "tier", "start_date"],
                name="assignment_unique_post_start",
                violation_error_message="同じ人・所属・層・開始日の所属履歴がすでにあります。",
            ),
        ]

    def __str__(self):
        return f"{self.coordinator} {self.center}（{self.get_tier_display()}）"

    def overlaps(self, other):
        far = self.start_date.max
        return self.start_date <= (other.end_date or far) and other.start_date <= (
            self.end_date or far
        )

    def is_current_on(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def post(self):
        """(center id, tier): where a record of this assignment counts."""
        return (self.center_id, self.tier)


def _may_overlap(first, second):
    # 兼務 on either row lets two posts run at once; the same 所属 and 層 twice never does
    return (first.is_concurrent or second.is_concurrent) and first.post != second.post


def find_overlapping_assignments(assignments):
    """Pairs [(Assignment, Assignment)] of one coordinator's assignments covering the same day
    that may not: one 所属 at a time unless one of the two is 兼務 (issue 20), and never the same
    所属 and 層 twice at once."""
    ordered = sorted(assignments, key=lambda a: a.start_date)
    return [
        (first, second)
        for index, first in enumerate(ordered)
        for second in ordered[index + 1 :]
        if first.overlaps(second) and not _may_overlap(first, second)
    ]


class PickList(models.Model):
    """A named, ordered entry of a list that cities rename or extend in admin."""

    name = models.CharField("名称", max_length=50, unique=True)
    display_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        abstract = True
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class ResourceType(PickList):
    history = change_history()

    class Meta(PickList.Meta):
        verbose_name = verbose_name_plural = "社会資源の種別"


class SocialResource(models.Model):
    # Told apart by 名称 + 圏域 (issue 20): two 「ふれあいサロン」 in different 町 may exist.
    name = models.CharField("名称", max_length=200)
    resource_type = models.ForeignKey(
        ResourceType, verbose_name="種別", on_delete=models.PROTECT, related_name="resources"
    )
    area = models.ForeignKey(
        Area,
        verbose_name="日常生活圏域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
    )
    town = models.ForeignKey(
        Town,
        verbose_name="町名",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
    )
    address = models.CharField("住所", max_length=200, blank=True)
    operator = models.CharField("運営主体", max_length=200, blank=True)
    schedule = models.CharField(
        "開催日時", max_length=200, blank=True, help_text="例: 毎週火曜 10:00〜12:00"
    )
    state = models.CharField(
        "状態", max_length=20, choices=ResourceState, default=ResourceState.ACTIVE
    )
    launched_on = models.DateField("開始日", null=True, blank=True)
    is_subsidised = models.BooleanField(
        "市補助事業", default=False, help_text="市の補助事業でなければ外す（市補助事業外）"
    )
    notes = models.TextField(
        "備考", blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最終更新者",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = change_history()

    class Meta:
        ordering = ["resource_type__display_order", "name"]
        verbose_name = verbose_name_plural = "社会資源"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "area"],
                name="resource_unique_name_in_area",
                violation_error_message="同じ圏域に同じ名称の社会資源があります。",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(area__isnull=True),
                name="resource_unique_name_without_area",
                violation_error_message="圏域のない同じ名称の社会資源があります。",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coordinators:resource_detail", args=[self.pk])

    @property
    def qualified_name(self):
        """「ふれあいサロン（東圏域）」: the name with its 圏域 (「（圏域なし）」 without one),
        where another of the same name may stand beside it (pick-lists, messages, files).
        Reads `area` (select_related it)."""
        return self.qualify(self.name, self.area.name if self.area_id else None)

    @staticmethod
    def qualify(name, area_name):
        """qualified_name from plain values (a name and its 圏域's name or None), for lists
        read with values_list: 「ふれあいサロン（東圏域）」, 「ふれあいサロン（圏域なし）」."""
        return f"{name}（{area_name or '圏域なし'}）"

    def clean(self):
        if self.town_id and self.area_id and self.town.area_id != self.area_id:
            raise ValidationError({"town": f"町名「{self.town}」は「{self.area}」にありません。"})
        if self.town_id and not self.area_id:
            self.area = self.town.area


class StaffProfile(models.Model):
    """Which 所属 a center-staff login belongs to; it scopes everything that login sees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="ログインアカウント",
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    center = models.ForeignKey(
        Center, verbose_name="所属", on_delete=models.PROTECT, related_name="staff_profiles"
    )
    history = change_history()

    class Meta:
        verbose_name = verbose_name_plural = "職員の所属"

    def __str__(self):
        return f"{self.user} ({self.center})"


def division_name():
    """What every screen, message and file calls the division (issue 20): the name of the 所属
    marked 事務局 (the first customer's 高齢者支援課), else 「事務局」. One query."""
    found = Center.objects.filter(is_secretariat=True).values_list("name", flat=True).first()
    return found or "事務局"
