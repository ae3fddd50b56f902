from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import selectors, views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    history_path(
        "consultations/<int:pk>/history/",
        name="consultation_history",
        records=selectors.consultations_for_user,
        kind="相談記録",
        detail_url="coordinators:consultation_detail",
        personal=True,
    ),
    path("consultations/<int:pk>/open-case/", views.case_open_view, name="case_create"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    history_path(
        "cases/<int:pk>/history/",
        name="case_history",
        records=selectors.cases_for_user,
        kind="個別支援ケース",
        detail_url="coordinators:case_detail",
        personal=True,
    ),
    path(
        "cases/<int:pk>/connect/<int:resource_pk>/",
        views.case_connect_view,
        name="case_connect",
    ),
    path("cases/<int:pk>/close/", views.case_close_view, name="case_close"),
    path("access-records/", views.accessrecord_list, name="accessrecord_list"),
]
