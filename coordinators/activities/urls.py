from django.urls import path

from coordinators.recordkeeping.history_urls import history_path

from . import selectors, views

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    history_path(
        "activities/<int:pk>/history/",
        name="activity_history",
        records=selectors.activities_for_user,
        kind="活動記録",
        detail_url="coordinators:activity_detail",
    ),
]
