from django.urls import path

from . import views

app_name = "coordinators"

urlpatterns = [
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
