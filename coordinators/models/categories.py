"""区分: the city's own tally categories, kept as data (issue 20).

The first customer's seven are seeded by migration with numbers 1–7; another city renames,
adds or deactivates its own in admin or through the `区分` sheet of `import_master`. The number
is the code reports use (JSON `counts` keys, CSV and workbook columns); records keep it as
their column `category`, so a 区分 in use can be renamed but never deleted.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .history import change_history


class NationalFunction(models.TextChoices):
    """The functions of the national guideline a city's 区分 count toward (生活支援体制整備事業:
    資源開発・ネットワーク構築・ニーズと取組のマッチング), and その他 for what counts toward
    none."""

    RESOURCE_DEVELOPMENT = "resource_development", "資源開発"
    NETWORK = "network", "ネットワーク構築"
    MATCHING = "matching", "ニーズと取組のマッチング"
    OTHER = "other", "その他"


TIER_FIELDS = {1: "tier_1", 2: "tier_2", 3: "tier_3"}


class CategoryQuerySet(models.QuerySet):
    def for_tier(self, tier):
        """The active 区分 a 所属 of `tier` (1–3) may record, in display order."""
        return self.for_tiers([tier])

    def for_tiers(self, tiers):
        """The active 区分 any of `tiers` (1–3) may record: a 兼務 person's choice (issue 20)."""
        allowed = Q()
        for tier in tiers:
            allowed |= Q(**{TIER_FIELDS[int(tier)]: True})
        return self.filter(allowed, is_active=True)

    def meeting_default(self):
        """The 区分 a new 会議体's meetings count under when none is given: the one marked
        会議の既定, else the first active one every tier may record; None when there is none."""
        marked = [c for c in self.filter(is_active=True) if c.is_meeting_default]
        if marked:
            return marked[0]
        return self.filter(is_active=True, tier_1=True, tier_2=True, tier_3=True).first()

    def for_consultations(self):
        """The 区分 a consultation's follow-up work is recorded under: those counting toward
        ニーズと取組のマッチング (the first customer's 個別支援)."""
        return self.filter(national_function=NationalFunction.MATCHING)


class Category(models.Model):
    number = models.PositiveSmallIntegerField(
        "番号",
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(99, "番号は1から99までです。")],
        help_text="報告やファイルでの区分のコード。記録があると変えられません",
    )
    label = models.CharField("名称", max_length=50, unique=True)
    display_order = models.PositiveIntegerField("表示順", default=0)
    tier_1 = models.BooleanField("第1層で記録できる", default=True)
    tier_2 = models.BooleanField("第2層で記録できる", default=True)
    tier_3 = models.BooleanField("第3層で記録できる", default=True)
    national_function = models.CharField(
        "国の機能",
        max_length=30,
        choices=NationalFunction,
        default=NationalFunction.OTHER,
        help_text="全国の報告でこの区分を数える機能",
    )
    is_active = models.BooleanField(
        "有効",
        default=True,
        help_text="無効にすると新しい記録では選べません（過去の記録は残ります）",
    )
    # The 区分 a new 会議体 gets for its meetings' activities unless the city chooses another.
    is_meeting_default = models.BooleanField(
        "会議の既定", default=False, help_text="新しい会議体の「既定の区分」（1つだけ）"
    )
    history = change_history()

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "number"]
        verbose_name = verbose_name_plural = "区分"
        constraints = [
            models.UniqueConstraint(
                fields=["is_meeting_default"],
                condition=models.Q(is_meeting_default=True),
                name="category_one_meeting_default",
                violation_error_message="会議の既定にできる区分は1つだけです。",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def value(self):
        """The number, under the name report code has always used for a 区分's code."""
        return self.number

    def allows(self, tier):
        """Whether a 所属 of `tier` (1–3) may record this 区分."""
        return getattr(self, TIER_FIELDS[int(tier)])

    @property
    def tiers_text(self):
        """「1、2」: the tiers that may record it, as the `区分` sheet writes them."""
        return "、".join(str(t) for t, name in TIER_FIELDS.items() if getattr(self, name))

    @property
    def inactive_message(self):
        """The message at the 区分 field when a new record names an inactive one."""
        return f"「{self.label}」は使われなくなった区分です。ほかの区分を選んでください。"

    def refusal(self, tier):
        """The message at the 区分 field when a 所属 of `tier` may not record it."""
        tiers = "・".join(f"第{t}層" for t in TIER_FIELDS if self.allows(t))
        return f"「{self.label}」は{tiers}の所属だけが記録できます。"

    def clean(self):
        super().clean()
        if not (self.tier_1 or self.tier_2 or self.tier_3):
            raise ValidationError("記録できる層を1つ以上選んでください。")


def category_field(verbose_name="区分", db_column="category", **options):
    """A record's 区分: a foreign key that keeps the column it had as a number (issue 20) and
    PROTECTs the 区分 from deletion while a record has it."""
    return models.ForeignKey(
        Category,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        db_column=db_column,
        related_name="+",
        **options,
    )
