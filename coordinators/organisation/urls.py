from django.urls import path

from coordinators.recordkeeping.views import record_history

from . import selectors, views

urlpatterns = [
    path("centers/", views.center_overview, name="center_overview"),
    path("coordinators/", views.coordinator_list, name="coordinator_list"),
    path("coordinators/<int:pk>/", views.coordinator_detail, name="coordinator_detail"),
    path(
        "coordinators/<int:pk>/history/",
        record_history,
        {
            "records": selectors.coordinators_for_user,
            "kind": "担当者",
            "detail_url": "coordinators:coordinator_detail",
        },
        name="coordinator_history",
    ),
]
