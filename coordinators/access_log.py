"""Access records for personal data: every view and export of consultations and cases.

Written in the same request that reads the data, never edited or deleted by the application.
"""

from .models import AccessRecord


def client_address(request):
    # REMOTE_ADDR is the peer as the server sees it; behind a proxy it is the proxy's address
    # unless the proxy is configured to pass the client's (see README, BEHIND_TLS_PROXY).
    return request.META.get("REMOTE_ADDR") or None


def record_access(request, action, target):
    """Leave a trace: who, when, what and from where."""
    return AccessRecord.objects.create(
        user=request.user,
        action=action,
        target=str(target)[:200],
        path=request.get_full_path()[:500],
        address=client_address(request),
    )
