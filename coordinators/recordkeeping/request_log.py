"""One log line per request for operations: method, path, status, duration and the login's id.

Nothing personal goes into it: the query string is left out because search boxes carry names
(?q=山田), request bodies are never read, and the login is its id, not its name.
"""

import logging
import time

logger = logging.getLogger("sasaeai.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        milliseconds = (time.monotonic() - started) * 1000
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        logger.info(
            "%s %s %s %.0fms user=%s",
            request.method,
            request.path,
            response.status_code,
            milliseconds,
            user_id,
        )
        return response
