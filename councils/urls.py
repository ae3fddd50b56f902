from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update_view, name="meeting_update"),
    path("meetings/<int:pk>/delete/", views.meeting_delete_view, name="meeting_delete"),
    path("issues/", views.issue_pipeline, name="issue_pipeline"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/edit/", views.issue_edit_view, name="issue_update"),
    path("issues/<int:pk>/merge/", views.issue_merge_view, name="issue_merge"),
]
