"""A form submitted twice (a double click, the back button, a retried request) writes once.

Every form carries a one-time token (`{% form_guard %}`). The first POST with a token claims
it in the same transaction as the view's writes; a second POST with the same token finds it
claimed and is sent where the first one went, with a note, instead of running again.

Sent again with other values (Back after saving, a change, save again), a form whose first POST
created a record changes that record, if nobody changed it since, instead of being dropped
with the note (issue 18): its view is marked @replays_as_update(handler) and tells which
record it made with remember_record().

A logged-in user's POST without a token is refused (incomplete_posts): every page of ours
sends one, so its absence means a script or a page of another site. Django admin has forms
of its own, and logging out must work from anywhere, so those two are left out.
"""

import hashlib
import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import format_html

from coordinators.models import FormSubmission

from .incomplete_posts import IncompleteFormPost, refused

TOKEN_FIELD = "submit_token"
# Long enough for a page left open over a lunch break and submitted again from history.
TOKEN_LIFETIME = timedelta(days=2)


def new_token():
    return str(uuid.uuid4())


def form_guard_fields(request):
    """The hidden inputs every POST form of ours carries (`{% form_guard %}`, or a form written
    in Python): the CSRF token and a one-time submission token -> SafeString.

    The CSRF token is masked once per request and shared by the page's forms, as Django's own
    {% csrf_token %} does (masking it per form was ~20 ms of a busy week page, issue 22); the
    submission token stays one per form, so that each form of a page left open can be sent
    once."""
    csrf = getattr(request, "_form_guard_csrf", None)
    if csrf is None:
        csrf = request._form_guard_csrf = get_token(request)
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="{}" value="{}">',
        csrf,
        TOKEN_FIELD,
        new_token(),
    )


MISSING_TOKEN = "二重送信を防ぐ確認用の番号"


def _guarded(request):
    if request.method != "POST" or not request.user.is_authenticated:
        return False
    return not (
        request.path.startswith(reverse("admin:index")) or request.path == reverse("logout")
    )


def remember_record(request, record, version):
    """Called by a view whose POST created (or, replayed, changed) `record`; `version` is its
    version just after (edit_conflicts.current_version)."""
    request.submitted_record = (record, str(version))


def replays_as_update(handler):
    """Marks a create view: its form sent again with other values calls
    handler(request, record, version) -> response, to change the record the first POST made
    (still at `version` unless someone changed it since)."""

    def mark(view):
        view.replay_as_update = handler
        return view

    return mark


def _digest(request):
    sent = sorted(
        (name, values)
        for name, values in request.POST.lists()
        if name not in (TOKEN_FIELD, "csrfmiddlewaretoken")
    )
    return hashlib.sha256(repr(sent).encode()).hexdigest()


def _replay_handler(request):
    try:
        return getattr(resolve(request.path_info).func, "replay_as_update", None)
    except Resolver404:
        return None


def _remember(claim, request, response):
    claim.response_url = response["Location"][:500]
    claim.data_digest = _digest(request)
    made = getattr(request, "submitted_record", None)
    if made is not None:
        record, version = made
        claim.record_type = ContentType.objects.get_for_model(record)
        claim.record_id = record.pk
        claim.record_version = version
    claim.save()


def _token(request):
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


class SingleSubmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _guarded(request):
            return self.get_response(request)
        token = _token(request)
        if token is None:
            return refused(request, MISSING_TOKEN)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(
                        token=token, user=request.user, path=request.path[:500]
                    )
            except IntegrityError:
                return self._already_done(request, token)
            response = self.get_response(request)
            if getattr(request, "incomplete_post_refused", False):
                return response  # rolled back, the claim with it
            if response.status_code in (301, 302, 303):
                _remember(claim, request, response)
            else:
                # The form came back with errors: nothing was written, and the corrected
                # form is sent again with the same token.
                claim.delete()
        if token.int % 100 == 0:  # now and then, not on every request
            FormSubmission.objects.filter(created_at__lt=timezone.now() - TOKEN_LIFETIME).delete()
        return response

    def _replayed_as_update(self, request, earlier):
        """The response of the update a changed repeat makes, or None (a plain repeat)."""
        handler = _replay_handler(request)
        if handler is None or earlier is None or earlier.record_id is None:
            return None
        if _digest(request) == earlier.data_digest:
            return None
        # The handler runs here, before the view middleware: the CSRF check is made first.
        refused_csrf = CsrfViewMiddleware(lambda request: None).process_view(
            request, handler, (), {}
        )
        if refused_csrf is not None:
            return refused_csrf
        record = (
            earlier.record_type.model_class()._default_manager.filter(pk=earlier.record_id).first()
        )
        if record is None:
            return None
        response = handler(request, record, earlier.record_version)
        if response.status_code in (301, 302, 303):
            _remember(earlier, request, response)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, IncompleteFormPost):
            return None
        response = refused(request, str(exception))
        # Whatever the view wrote before the form found the post incomplete is undone with
        # the token's claim: the page says nothing was saved.
        transaction.set_rollback(True)
        request.incomplete_post_refused = True
        return response

    def _already_done(self, request, token):
        earlier = FormSubmission.objects.filter(token=token, user=request.user).first()
        replayed = self._replayed_as_update(request, earlier)
        if replayed is not None:
            return replayed
        # draft-saved: what the browser kept of the form was saved the first time
        messages.info(
            request,
            "この送信は受付済みです。二重に登録しないよう、2回目の送信は処理していません。",
            extra_tags="draft-saved",
        )
        return redirect(earlier.response_url if earlier and earlier.response_url else "home")
