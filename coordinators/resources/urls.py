from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import selectors, views

urlpatterns = [
    path("resources/", views.SocialResourceListView.as_view(), name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/options/", views.resource_options_view, name="resource_options"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views.resource_update, name="resource_update"),
    history_path(
        "resources/<int:pk>/history/",
        name="resource_history",
        records=selectors.resources_for_user,
        kind="社会資源",
        detail_url="coordinators:resource_detail",
    ),
]
