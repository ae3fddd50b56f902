"""Views of personal data: never kept by the browser, every read recorded (issue 17).

Consultations, individual-support cases, meetings' details, the access records themselves and
their exports and histories are personal data. Their views are marked with personal_data,
which does two things the view cannot forget: every response is sent
``Cache-Control: no-store`` (so Back after logout shows nothing from the browser's cache), and
a request that shows the data leaves an access record. Tests walk every marked URL.
"""

from functools import wraps

from django.utils.cache import add_never_cache_headers

from .access_log import has_recorded_access, record_access


def personal_data(target):
    """Decorator marking a view (function, or a class-based view's as_view()) as showing
    personal data.

    target: what is read, as the access record names it: a str (相談記録一覧) or a function
    (request, *args, **kwargs) -> str (lambda request, pk: f"相談記録 #{pk}").
    Every response gets Cache-Control no-store (django.utils.cache.add_never_cache_headers).
    A GET or HEAD answered 200 that wrote no access record of its own (a view records 出力 or
    変更 itself) leaves 「閲覧」 of target. The wrapper has shows_personal_data = True.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)

            def record_the_read(response):
                shown = request.method in ("GET", "HEAD") and response.status_code == 200
                if shown and not has_recorded_access(request):
                    named = target(request, *args, **kwargs) if callable(target) else target
                    record_access(request, "閲覧", named)

            if getattr(response, "is_rendered", True):
                record_the_read(response)
            else:
                # a class-based list renders later: its page must not list this very read
                response.add_post_render_callback(record_the_read)
            add_never_cache_headers(response)
            return response

        wrapper.shows_personal_data = True
        return wrapper

    return decorate


def numbered(kind):
    """target for a view of one record: (request, pk) -> 「{kind} #{pk}」."""
    return lambda request, pk, **kwargs: f"{kind} #{pk}"
