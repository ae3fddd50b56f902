from django.urls import path

from coordinators.recordkeeping.views import record_history

from . import selectors, views

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path(
        "activities/<int:pk>/history/",
        record_history,
        {
            "records": selectors.activities_for_user,
            "kind": "活動記録",
            "detail_url": "coordinators:activity_detail",
        },
        name="activity_history",
    ),
]
