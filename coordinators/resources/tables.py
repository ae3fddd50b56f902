import django_tables2 as tables

from coordinators.models import SocialResource

SUBSIDISED = ("○", "外")  # 市補助事業 or 市補助事業外, on the screen and in the files


class SocialResourceTable(tables.Table):
    name = tables.Column(linkify=True)
    area = tables.Column(
        verbose_name="日常生活圏域", accessor="area__name", order_by=("area__name",)
    )
    is_subsidised = tables.BooleanColumn(verbose_name="市補助事業", yesno=SUBSIDISED)

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
        # the rows drawn straight from the records, the columns as above (issue 22)
        template_name = "coordinators/tables/resources.html"

    def value_is_subsidised(self, value):
        # as on the screen (BooleanColumn's own export value is "True"/"False")
        return SUBSIDISED[0] if value else SUBSIDISED[1]
