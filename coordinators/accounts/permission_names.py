"""Permissions named in Japanese (issue 17). Django stores a permission's name once, in
English (「Can add 活動記録」); these labels are made from its codename and the model's
Japanese name instead, so the lists of a login's or group's permissions read in Japanese."""

from functools import cache

from django.apps import apps

ACTIONS = {"add": "追加", "change": "変更", "delete": "削除", "view": "閲覧"}


@cache
def renamed_models():
    """{third-party model: the Japanese name of our proxy of it} (coordinators/models/logins.py)."""
    return {
        model._meta.concrete_model: str(model._meta.verbose_name)
        for model in apps.get_models()
        if model._meta.proxy and model._meta.concrete_model._meta.app_label != model._meta.app_label
    }


def model_label(model):
    """A model's Japanese name: a third-party model is named as our proxy of it; a
    change-history model (django-simple-history) after the model it keeps:
    「活動記録の変更履歴」, or 「活動記録の変更履歴（担当者）」 for a list."""
    kept = getattr(model, "instance_type", None)
    if kept is None:
        return renamed_models().get(model, str(model._meta.verbose_name))
    owner = kept._meta.auto_created  # a many-to-many list's table: the model it belongs to
    if owner:
        field = next(f for f in owner._meta.many_to_many if f.remote_field.through is kept)
        return f"{owner._meta.verbose_name}の変更履歴（{field.verbose_name}）"
    return f"{kept._meta.verbose_name}の変更履歴"


def permission_label(permission):
    """Permission (content_type loaded) -> 「app | model | what it allows」, e.g.
    「コーディネーター・所属・社会資源 | 活動記録 | 活動記録を追加できる」. A permission of its own
    (Meta.permissions) keeps its stored name; one of a removed model, Django's text."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return str(permission)
    name = model_label(model)
    action, _, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == model._meta.model_name:
        allows = f"{name}を{ACTIONS[action]}できる"
    else:
        allows = permission.name
    app = apps.get_app_config(content_type.app_label).verbose_name
    return f"{app} | {name} | {allows}"


class JapanesePermissionsMixin:
    """For a ModelAdmin with a permission list (a login's, a group's)."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field
