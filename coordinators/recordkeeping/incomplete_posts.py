"""A POST to a browser form that lacks what the form's page always sends is refused whole.

Every form of ours carries a one-time token (`{% form_guard %}`), and every form that edits a
record carries the version it was drawn from. Without them the double-submit and
edit-conflict checks would have nothing to check, so such a post is answered with a Japanese
400 page and nothing is saved (issue 17). Scripts and imports call the services instead.
"""

import logging

from django.shortcuts import render

from .return_page import page_of_the_form

logger = logging.getLogger("sasaeai.security")


class IncompleteFormPost(Exception):
    """Raised (or answered) when a browser form's POST lacks a field its page always sends.

    The message names the missing field in Japanese, e.g. 「編集の競合を確かめる版の情報」."""


def refused(request, missing):
    """The 400 page for a POST that lacks `missing` (Japanese, what the field is for); it
    links back to the page the form was on when the browser said which one that was."""
    logger.warning("POST to %s refused: no %s", request.path, missing)
    back = page_of_the_form(request)
    return render(request, "form_refused.html", {"missing": missing, "back": back}, status=400)
