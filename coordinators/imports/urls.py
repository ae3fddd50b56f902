from django.urls import path

from . import views

urlpatterns = [
    path("activities/import/", views.records_import, name="records_import"),
    path(
        "activities/import/template.xlsx",
        views.records_import_template,
        name="records_import_template",
    ),
    path("master-import/", views.master_import, name="master_import"),
    path(
        "master-import/template.xlsx",
        views.master_import_template,
        name="master_import_template",
    ),
]
