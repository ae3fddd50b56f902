"""The URL pattern of every kind of record's 変更履歴 page, for the domains' urlpatterns."""

from django.urls import path

from . import views
from .personal_data import numbered, personal_data


def history_path(route, *, name, records, kind, detail_url, personal=False):
    """The URL pattern of one kind of record's 変更履歴 page, for the domain's urlpatterns.

    route: e.g. "activities/<int:pk>/history/"; records: the selector (user) -> QuerySet that
    scopes what the login may see, so another 所属's record is a 404 as on its detail page;
    kind: the record's name on screen (活動記録); detail_url: the URL name of its detail page;
    personal: the history shows personal data (consultations, cases, meetings): marked with
    personal_data, never cached, and reading it leaves an access record (issue 17).
    """
    view = personal_data(numbered(kind))(views.record_history) if personal else views.record_history
    return path(
        route,
        view,
        {"records": records, "kind": kind, "detail_url": detail_url, "personal": personal},
        name=name,
    )
