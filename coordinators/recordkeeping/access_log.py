"""Access records for personal data: every view and export of consultations and cases.

Written in the same request that reads the data, never edited or deleted by the application.
"""

from coordinators.models import AccessRecord

from .client_address import client_address


def record_access(request, action, target):
    """Leave a trace: who, when, what and from where -> the AccessRecord; the request
    remembers it (has_recorded_access)."""
    request.recorded_access = True
    return AccessRecord.objects.create(
        user=request.user,
        action=action,
        target=str(target)[:200],
        path=request.get_full_path()[:500],
        address=client_address(request),
    )


def has_recorded_access(request):
    """Whether record_access was called for this request."""
    return getattr(request, "recorded_access", False)
