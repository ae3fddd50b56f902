"""The 変更履歴 page of one record; each app's URLconf says which records and who sees them."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .access_log import record_access
from .history import history_entries


def record_history(request, pk, *, records, kind, detail_url, personal=False):
    """records(user) is the selector that scopes what the login may see: another center's
    record is a 404 here exactly as on its detail page."""
    record = get_object_or_404(records(request.user), pk=pk)
    if personal:
        # Before/after values of a consultation are personal data like the record itself.
        record_access(request, "変更履歴の閲覧", f"{kind} #{pk}")
    return render(
        request,
        "coordinators/record_history.html",
        {
            "record": record,
            "kind": kind,
            "detail_url": reverse(detail_url, args=[pk]),
            "entries": history_entries(record),
        },
    )
