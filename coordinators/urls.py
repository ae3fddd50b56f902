from django.urls import path

from . import activity_views, views, week_views

app_name = "coordinators"

urlpatterns = [
    path("activities/", activity_views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", week_views.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", week_views.activity_update_view, name="activity_update"),
    path("activities/<int:pk>/delete/", week_views.activity_delete_view, name="activity_delete"),
    path("activities/<int:pk>/copy/", week_views.activity_copy_view, name="activity_copy"),
    path(
        "activities/<int:pk>/save-template/",
        week_views.template_create_view,
        name="template_create",
    ),
    path("week/copy-last-week/", week_views.copy_last_week_view, name="copy_last_week"),
    path("templates/apply/", week_views.templates_apply_view, name="templates_apply"),
    path("templates/<int:pk>/delete/", week_views.template_delete_view, name="template_delete"),
    path("activities/import/", views.records_import, name="records_import"),
    path(
        "activities/import/template.xlsx",
        views.records_import_template,
        name="records_import_template",
    ),
    path("centers/", views.center_overview, name="center_overview"),
    path("resources/", views.SocialResourceListView.as_view(), name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views.resource_update, name="resource_update"),
    path("coordinators/", views.coordinator_list, name="coordinator_list"),
    path("coordinators/<int:pk>/", views.coordinator_detail, name="coordinator_detail"),
    path("master-import/", views.master_import, name="master_import"),
    path(
        "master-import/template.xlsx", views.master_import_template, name="master_import_template"
    ),
]
