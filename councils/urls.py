from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import views
from .selectors import issues_for_user, meetings_for_user

app_name = "councils"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update_view, name="meeting_update"),
    path("meetings/<int:pk>/join/", views.meeting_join_view, name="meeting_join"),
    path("meetings/<int:pk>/delete/", views.meeting_delete_view, name="meeting_delete"),
    history_path(
        "meetings/<int:pk>/history/",
        name="meeting_history",
        records=meetings_for_user,
        kind="会議記録",
        detail_url="councils:meeting_detail",
        personal=True,  # a 地域ケア会議's summary may discuss individual cases
    ),
    history_path(
        "issues/<int:pk>/history/",
        name="issue_history",
        records=issues_for_user,
        kind="地域課題",
        detail_url="councils:issue_detail",
    ),
    path("issues/", views.issue_pipeline, name="issue_pipeline"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/edit/", views.issue_edit_view, name="issue_update"),
    path("issues/<int:pk>/merge/", views.issue_merge_view, name="issue_merge"),
]
