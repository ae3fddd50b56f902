"""Optimistic locking: a save made from a page that is no longer current saves nothing and
says what the other person changed, instead of silently overwriting it.

A record's version is its newest change-history row, so every tracked record has one
without a column of its own, and a change to its many-to-many lists counts too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordinators.ids import ascii_id

from .history import history_entries
from .incomplete_posts import IncompleteFormPost

SHOWN_VALUE_LENGTH = 40
MISSING_VERSION = "編集の競合を確かめる版の情報"


class EditConflict(ValidationError):
    def __init__(self, message, current_version):
        super().__init__(message, code="edit_conflict")
        self.current_version = current_version


def current_version(record):
    latest = record.history.order_by("-pk").values_list("pk", flat=True).first()
    return str(latest or 0)


def ensure_unchanged(record, version):
    """Raise EditConflict when the record changed after `version` was read.

    Called inside the service's transaction: the row lock makes a concurrent save wait
    until this one has either written or refused, so two saves cannot both pass the check.
    """
    if version is None:
        return
    list(type(record)._base_manager.select_for_update().filter(pk=record.pk).values("pk"))
    current = current_version(record)
    if current != str(version):
        raise EditConflict(_what_changed(record, str(version)), current)


def _what_changed(record, version):
    seen = ascii_id(version) or 0
    newer = [entry for entry in reversed(history_entries(record)) if entry.version > seen]
    told = "／".join(_told(entry) for entry in newer) or "別の画面で変更されています"
    return (
        f"この記録は、画面を開いた後に変更されました: {told}。"
        "あなたの入力はまだ保存していません。内容を確かめて、"
        "このまま上書きする場合はもう一度保存してください。"
    )


def _told(entry):
    who = "システム"
    if entry.user is not None:
        who = (entry.user.get_full_name() or entry.user.get_username()) + "さん"
    at = timezone.localtime(entry.at)
    when = at.strftime("%H:%M") if at.date() == timezone.localdate() else f"{at:%m/%d %H:%M}"
    changes = "、".join(
        f"{c.label}「{_short(c.before)}」→「{_short(c.after)}」" for c in entry.changes
    )
    return f"{who}が{when}に{entry.action}" + (f"（{changes}）" if changes else "")


def _short(value):
    if not value:
        return "（空）"
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[:SHOWN_VALUE_LENGTH] + "…"


class VersionedForm(forms.Form):
    """Carries the version of the record the page was drawn from; new records have none.

    Raises IncompleteFormPost when bound to a POST that edits a record but carries no
    version: the page always sends it, and without it a stale page would overwrite silently
    (issue 17). The middleware answers it with the Japanese 400 page."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = current_version(instance)
            if self.is_bound and not self.data.get(self.add_prefix("version")):
                raise IncompleteFormPost(MISSING_VERSION)

    def clean_version(self):
        return self.cleaned_data["version"] or None

    def refresh_version(self, conflict):
        """After a conflict the page shows the user's input again, now based on the current
        version: saving once more overwrites knowingly."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = conflict.current_version
