from django.urls import path

from . import views

urlpatterns = [
    path("week/", views.week, name="week"),
    path("activities/new/", views.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/edit/", views.activity_update_view, name="activity_update"),
    path("activities/<int:pk>/delete/", views.activity_delete_view, name="activity_delete"),
    path("activities/<int:pk>/copy/", views.activity_copy_view, name="activity_copy"),
    path(
        "activities/<int:pk>/save-template/",
        views.template_create_view,
        name="template_create",
    ),
    path("week/copy-last-week/", views.copy_last_week_view, name="copy_last_week"),
    path("templates/apply/", views.templates_apply_view, name="templates_apply"),
    path("templates/<int:pk>/delete/", views.template_delete_view, name="template_delete"),
    path("templates/<int:pk>/schedule/", views.template_schedule_view, name="template_schedule"),
    path("consultations/new/", views.consultation_quick_create, name="consultation_create"),
    path(
        "consultations/<int:pk>/repeat/",
        views.consultation_repeat_view,
        name="consultation_repeat",
    ),
    path(
        "consultations/<int:pk>/delete/",
        views.consultation_delete_view,
        name="consultation_delete",
    ),
]
