from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import selectors, views

urlpatterns = [
    path("centers/", views.center_overview, name="center_overview"),
    path("coordinators/", views.coordinator_list, name="coordinator_list"),
    path("coordinators/<int:pk>/", views.coordinator_detail, name="coordinator_detail"),
    history_path(
        "coordinators/<int:pk>/history/",
        name="coordinator_history",
        records=selectors.coordinators_for_user,
        kind="担当者",
        detail_url="coordinators:coordinator_detail",
    ),
]
