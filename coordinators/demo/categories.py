"""The first customer's seven 区分 by name, as migration 0023 seeds them (numbers 1–7).

Only the demo, its benchmarks and the tests name them: the product reads 区分 from the data."""

from django.db import models


class SeededCategory(models.IntegerChoices):
    TRAINING = 1, "担い手の養成"
    FACT_FINDING = 2, "実態把握"
    LAUNCH = 3, "立上支援"
    OPERATION = 4, "運営支援"
    AWARENESS = 5, "啓発"
    INDIVIDUAL = 6, "個別支援"
    TIER2_SUPPORT = 7, "2層支援（1層のみ）"
