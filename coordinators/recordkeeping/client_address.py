"""The browser's address, for the per-address login lock and the access records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address


def client_address(request):
    """REMOTE_ADDR, or behind our reverse proxy the address the proxy saw.

    The proxy appends the peer it saw to X-Forwarded-For; only that last entry is vouched
    for (anything before it came from the browser and can be forged).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            validate_ipv46_address(forwarded)
        except ValidationError:
            pass
        else:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None
