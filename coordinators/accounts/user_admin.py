"""Admin of logins and groups: a login's 所属 (センター職員), and permissions in Japanese."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.text import capfirst

from coordinators.models import StaffProfile

from .permission_names import JapanesePermissionsMixin, renamed_models


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name = "所属（センター職員の場合）"


# The tables linking logins and groups to groups and permissions.
LINKS = (User.groups.through, User.user_permissions.through, Group.permissions.through)


def _in_japanese(deleted, renamed):
    links = tuple(f"{capfirst(link._meta.verbose_name)}: " for link in LINKS)
    shown = []
    for item in deleted:
        if isinstance(item, list):
            shown.append(_in_japanese(item, renamed))
            continue
        text = str(item)
        if text.startswith(links):
            continue
        for english, japanese in renamed.items():
            if text.startswith(english):
                item = type(item)(japanese + text[len(english) :])
        shown.append(item)
    return shown


class DeletePageInJapanese:
    """A login's or group's delete page in Japanese. Django lists each row of the link tables
    as 「User-group relationship: User_groups object (1)」, untranslatable and telling an
    administrator nothing (the groups and permissions themselves stay): left out. A login's
    authenticator app is listed under our name for it (「認証アプリ: …」)."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        renamed = {
            f"{capfirst(model._meta.verbose_name)}: ": f"{capfirst(name)}: "
            for model, name in renamed_models().items()
        }
        plural_names = {
            str(m._meta.verbose_name_plural): name for m, name in renamed_models().items()
        }
        links = {str(link._meta.verbose_name_plural) for link in LINKS}
        counts = {
            plural_names.get(str(name), name): count
            for name, count in counts.items()
            if str(name) not in links
        }
        return _in_japanese(deleted, renamed), counts, perms_needed, protected


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class SasaeaiUserAdmin(DeletePageInJapanese, JapanesePermissionsMixin, UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ("username", "last_name", "first_name", "staff_center", "is_staff", "is_active")
    list_select_related = ("staff_profile__center",)

    @admin.display(description="所属")
    def staff_center(self, user):
        profile = getattr(user, "staff_profile", None)
        return profile.center if profile else "—"


@admin.register(Group)
class SasaeaiGroupAdmin(DeletePageInJapanese, JapanesePermissionsMixin, GroupAdmin):
    pass
