from html import escape

import django_tables2 as tables

from coordinators.excel import shown_datetime
from coordinators.models import AccessRecord, Consultation, SupportCase
from coordinators.periods import wareki_date
from coordinators.table_rows import DASH, pk_url, shown, tbody


class WarekiDateColumn(tables.Column):
    def render(self, value):
        return wareki_date(value)

    def value(self, value):
        return value


class ConsultationTable(tables.Table):
    # one day's in the order they were entered, whatever index the database reads
    received_on = WarekiDateColumn(
        linkify=True, attrs={"td": {"class": "nowrap"}}, order_by=("received_on", "pk")
    )
    topics = tables.ManyToManyColumn(verbose_name="相談内容", separator="、", orderable=False)
    resource = tables.Column(verbose_name="つないだ社会資源")

    class Meta:
        model = Consultation
        fields = (
            "received_on",
            "center",
            "coordinator",
            "route",
            "consulter_type",
            "topics",
            "outcome",
            "resource",
            "subject_age",
            "subject_sex",
            "care_level",
            "summary",
        )
        order_by = ("-received_on",)
        empty_text = "条件に合う相談記録はありません。"
        attrs = {"class": "table"}
        # the rows drawn straight from the records, the columns as above (issue 22)
        template_name = "coordinators/tables/consultations.html"

    def body_html(self):
        """This page's rows written from the records (table_rows, issue 22): the cells the
        columns above write on screen -> SafeString."""
        record_url = pk_url("coordinators:consultation_detail")

        def row(c):
            topics = "、".join(escape(str(t)) for t in c.topics.all()) or DASH
            return (
                f'<tr><td class="nowrap"><a href="{record_url(c.pk)}">'
                f"{wareki_date(c.received_on)}</a></td><td>{escape(str(c.center))}</td>"
                f"<td>{escape(str(c.coordinator))}</td><td>{escape(str(c.route))}</td>"
                f"<td>{escape(str(c.consulter_type))}</td><td>{topics}</td>"
                f"<td>{escape(str(c.outcome))}</td><td>{shown(c.resource, (None,))}</td>"
                f"<td>{shown(c.subject_age, (None,))}</td>"
                f"<td>{shown(c.get_subject_sex_display())}</td>"
                f"<td>{shown(c.get_care_level_display())}</td><td>{shown(c.summary)}</td></tr>"
            )

        return tbody(self, row)

    def value_topics(self, record):
        return "、".join(topic.name for topic in record.topics.all())


class CaseTable(tables.Table):
    opened_on = WarekiDateColumn(verbose_name="開始日")
    title = tables.Column(linkify=True)
    consulter = tables.Column(
        verbose_name="相談者種別", accessor="consultation__consulter_type__name", orderable=False
    )

    class Meta:
        model = SupportCase
        fields = ("opened_on", "title", "center", "status", "consulter", "closed_on")
        order_by = ("-opened_on",)
        empty_text = "ケースはありません。"
        attrs = {"class": "table"}


class AccessRecordTable(tables.Table):
    user = tables.Column(verbose_name="利用者", accessor="user__username")

    class Meta:
        model = AccessRecord
        fields = ("at", "user", "action", "target", "path", "address")
        order_by = ("-at",)
        attrs = {"class": "table"}

    def render_at(self, value):
        return shown_datetime(value)

    def value_at(self, value):
        # the instant itself: a date-time cell in Japan time in Excel, as shown in CSV
        return value
