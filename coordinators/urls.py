from django.urls import path

from . import activity_views, consultation_views, views, week_views
from .activity_selectors import activities_for_user
from .consultation_selectors import cases_for_user, consultations_for_user
from .history_views import record_history
from .selectors import coordinators_for_user, resources_for_user

app_name = "coordinators"

urlpatterns = [
    path("week/", week_views.week, name="week"),
    path("activities/", activity_views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", week_views.activity_create_view, name="activity_create"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", week_views.activity_update_view, name="activity_update"),
    path("activities/<int:pk>/delete/", week_views.activity_delete_view, name="activity_delete"),
    path(
        "activities/<int:pk>/history/",
        record_history,
        {
            "records": activities_for_user,
            "kind": "活動記録",
            "detail_url": "coordinators:activity_detail",
        },
        name="activity_history",
    ),
    path(
        "consultations/<int:pk>/history/",
        record_history,
        {
            "records": consultations_for_user,
            "kind": "相談記録",
            "detail_url": "coordinators:consultation_detail",
            "personal": True,
        },
        name="consultation_history",
    ),
    path(
        "cases/<int:pk>/history/",
        record_history,
        {
            "records": cases_for_user,
            "kind": "個別支援ケース",
            "detail_url": "coordinators:case_detail",
            "personal": True,
        },
        name="case_history",
    ),
    path(
        "resources/<int:pk>/history/",
        record_history,
        {
            "records": resources_for_user,
            "kind": "社会資源",
            "detail_url": "coordinators:resource_detail",
        },
        name="resource_history",
    ),
    path(
        "coordinators/<int:pk>/history/",
        record_history,
        {
            "records": coordinators_for_user,
            "kind": "担当者",
            "detail_url": "coordinators:coordinator_detail",
        },
        name="coordinator_history",
    ),
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
    path(
        "consultations/",
        consultation_views.ConsultationListView.as_view(),
        name="consultation_list",
    ),
    path(
        "consultations/new/",
        consultation_views.consultation_quick_create,
        name="consultation_create",
    ),
    path(
        "consultations/<int:pk>/",
        consultation_views.consultation_detail,
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/repeat/",
        consultation_views.consultation_repeat_view,
        name="consultation_repeat",
    ),
    path(
        "consultations/<int:pk>/delete/",
        consultation_views.consultation_delete_view,
        name="consultation_delete",
    ),
    path(
        "consultations/<int:pk>/open-case/",
        consultation_views.case_open_view,
        name="case_create",
    ),
    path("cases/", consultation_views.CaseListView.as_view(), name="case_list"),
    path("cases/<int:pk>/", consultation_views.case_detail, name="case_detail"),
    path(
        "cases/<int:pk>/connect/<int:resource_pk>/",
        consultation_views.case_connect_view,
        name="case_connect",
    ),
    path("cases/<int:pk>/close/", consultation_views.case_close_view, name="case_close"),
    path(
        "access-records/",
        consultation_views.AccessRecordListView.as_view(),
        name="accessrecord_list",
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
