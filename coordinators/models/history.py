"""Change history (変更履歴) of domain records: who changed what, when, before and after."""

from simple_history.models import HistoricalRecords

# Who acts is stamped on the record by the services; a record without such a field falls back
# to the signed-in user of the request (HistoryRequestMiddleware) and, from a command, to nobody.
ACTING_USER_FIELDS = ("updated_by", "deleted_by", "recorded_by", "created_by", "closed_by")


def _acting_user(request=None, instance=None, **kwargs):
    if request is not None and request.user.is_authenticated:
        return request.user
    for name in ACTING_USER_FIELDS:
        user = getattr(instance, name, None)
        if user is not None:
            return user
    return None


def change_history(**options):
    """The one way a model keeps its history, so every history reads the same."""
    return HistoricalRecords(get_user=_acting_user, **options)
