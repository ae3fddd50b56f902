"""The URL pattern of every kind of record's 変更履歴 page, for the domains' urlpatterns."""

from django.urls import path

from . import views


def history_path(route, *, name, records, kind, detail_url, personal=False):
    """The URL pattern of one kind of record's 変更履歴 page, for the domain's urlpatterns.

    route: e.g. "activities/<int:pk>/history/"; records: the selector (user) -> QuerySet that
    scopes what the login may see, so another 所属's record is a 404 as on its detail page;
    kind: the record's name on screen (活動記録); detail_url: the URL name of its detail page;
    personal: reading it leaves an access record (consultations, cases).
    """
    return path(
        route,
        views.record_history,
        {"records": records, "kind": kind, "detail_url": detail_url, "personal": personal},
        name=name,
    )
