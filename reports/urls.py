from django.urls import path

from . import closing_views, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_view, name="report"),
    path("reports/closing/", closing_views.closing_page, name="closing"),
    path("reports/closing/close/", closing_views.close_view, name="close"),
    path("reports/closing/<int:pk>/reopen/", closing_views.reopen_view, name="reopen"),
    path("reports/confirm/", closing_views.confirm_view, name="confirm"),
]
