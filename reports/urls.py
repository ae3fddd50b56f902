from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import activity_views, closing_views, document_views, texts, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_view, name="report"),
    path("reports/closing/", closing_views.closing_page, name="closing"),
    path("reports/closing/close/", closing_views.close_view, name="close"),
    path("reports/closing/<int:pk>/reopen/", closing_views.reopen_view, name="reopen"),
    path("reports/confirm/", closing_views.confirm_view, name="confirm"),
    path("reports/document/", document_views.document_view, name="document"),
    path("reports/document/fix/", document_views.fix_view, name="fix_document"),
    path("reports/texts/", document_views.texts_view, name="texts"),
    path("reports/texts/<int:pk>/", document_views.text_detail, name="text_detail"),
    history_path(
        "reports/texts/<int:pk>/history/",
        name="text_history",
        records=texts.texts_for_user,
        kind="実績報告の文章",
        detail_url="reports:text_detail",
    ),
    path("reports/activity/", activity_views.activity_report_view, name="activity_report"),
]
