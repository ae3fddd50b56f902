"""Master data that records use cannot be deleted, on any path (issue 13).

Deleting a 担当者, a 社会資源 or a pick-list entry would silently take it off the records that
name it (many-to-many links are removed with it) or fail half-way, and a closed half-year's
figures would drift. So a deletion of anything a record refers to is refused while records
use it, with what to do instead. The admin shows the refusal on its delete page; every other
path (the shell, a bulk delete, a cascade) meets the same check just before the delete.

The record models are registered by the app that owns them (coordinators' own here, the
councils' from CouncilsConfig.ready), since coordinators may not import councils.
"""

from django.db.models import SET_NULL, ManyToManyField, ProtectedError
from django.db.models.signals import pre_delete

RECORD_MODELS: list = []  # models whose rows are recorded work (活動記録, 相談記録, 会議 …)

ACTIVE_FLAG = "削除せず、「有効」のチェックを外してください（以後の入力で選べなくなります）。"
# What to do instead where 「有効」 (is_active) is not the answer or the model has none.
INSTEAD = {
    "coordinators.coordinator": "削除せず、所属履歴に「終了日」を入れてください。",
    "coordinators.socialresource": "削除せず、状態を「終了」にしてください。",
}
KEEP = "削除せず、そのまま残してください（名称は変えられます）。"


def _instead(model):
    if model._meta.label_lower in INSTEAD:
        return INSTEAD[model._meta.label_lower]
    return ACTIVE_FLAG if any(f.name == "is_active" for f in model._meta.fields) else KEEP


def _guards(field):
    """Whether a record's relation makes its target undeletable: every one but a link meant to
    be dropped with its target (on_delete=SET_NULL: where a record came from, issue 14)."""
    if not (field.is_relation and field.concrete):
        return False
    return isinstance(field, ManyToManyField) or field.remote_field.on_delete is not SET_NULL


def uses_of(obj):
    """[(record model's verbose name, count)] of the records that refer to `obj`, by any
    foreign key or many-to-many field, soft-deleted ones included (they keep their links).
    Empty when no record uses it. One COUNT query per relation."""
    uses = []
    for model in RECORD_MODELS:
        count = 0
        for field in model._meta.get_fields():
            if _guards(field) and field.related_model is type(obj):
                count += model._base_manager.filter(**{field.name: obj}).count()
        if count:
            uses.append((model._meta.verbose_name, count))
    return uses


def refusal(obj):
    """The Japanese refusal for deleting `obj` while records use it, saying what to do
    instead, or None when nothing uses it."""
    uses = uses_of(obj)
    if not uses:
        return None
    listed = "・".join(f"{name}{count}件" for name, count in uses)
    return (
        f"{obj._meta.verbose_name}「{obj}」は{listed}で使われているため削除できません。"
        f"{_instead(type(obj))}"
    )


def _refuse_while_in_use(sender, instance, **kwargs):
    message = refusal(instance)
    if message is not None:
        raise ProtectedError(message, [instance])


def add_record_models(*models):
    """Register record models, and guard every model they refer to against deletion."""
    for model in models:
        if model not in RECORD_MODELS:
            RECORD_MODELS.append(model)
        for field in model._meta.get_fields():
            target = field.related_model if _guards(field) else None
            if target is None or target._meta.app_label not in {"coordinators", "councils"}:
                continue
            if not isinstance(field, ManyToManyField) and target in RECORD_MODELS:
                continue  # a record pointing at a record (a case at its consultation)
            pre_delete.connect(
                _refuse_while_in_use, sender=target, dispatch_uid=f"in_use:{target._meta.label}"
            )
