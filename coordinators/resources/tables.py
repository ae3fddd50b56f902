import django_tables2 as tables

from coordinators.models import SocialResource


class SocialResourceTable(tables.Table):
    name = tables.Column(linkify=True)
    area = tables.Column(
        verbose_name="日常生活圏域", accessor="area__name", order_by=("area__name",)
    )
    is_subsidised = tables.BooleanColumn(verbose_name="市補助事業", yesno="○,外")

    class Meta:
        model = SocialResource
        fields = (
            "name",
            "resource_type",
            "state",
            "area",
            "town",
            "operator",
            "schedule",
            "is_subsidised",
        )
        empty_text = "条件に合う社会資源はありません。"
        attrs = {"class": "table"}
