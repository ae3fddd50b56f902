"""Every URL name and path of the project, written down: a move of code must leave them as they
are (issue 12), because bookmarks, the README and other cities' links depend on them.

The table is compared both ways: each name reverses to its path and resolves back to the same
name, and the URL configuration has no named route that the table lacks. The admin keeps every
model it managed, under the same app label, so its URLs stay too.
"""

import pytest
from django.contrib import admin
from django.urls import URLResolver, get_resolver, resolve, reverse

URL_TABLE = [
    ("home", (), "/"),
    ("login", (), "/login/"),
    ("logout", (), "/logout/"),
    ("two_factor_verify", (), "/login/code/"),
    ("two_factor_setup", (), "/account/two-factor/"),
    ("keep_alive", (), "/account/keep-alive/"),
    ("password_change", (), "/password/change/"),
    ("password_change_done", (), "/password/change/done/"),
    ("coordinators:week", (), "/week/"),
    ("coordinators:activity_list", (), "/activities/"),
    ("coordinators:activity_create", (), "/activities/new/"),
    ("coordinators:activity_detail", (7,), "/activities/7/"),
    ("coordinators:activity_update", (7,), "/activities/7/edit/"),
    ("coordinators:activity_delete", (7,), "/activities/7/delete/"),
    ("coordinators:activity_history", (7,), "/activities/7/history/"),
    ("coordinators:consultation_history", (7,), "/consultations/7/history/"),
    ("coordinators:case_history", (7,), "/cases/7/history/"),
    ("coordinators:resource_history", (7,), "/resources/7/history/"),
    ("coordinators:coordinator_history", (7,), "/coordinators/7/history/"),
    ("coordinators:activity_copy", (7,), "/activities/7/copy/"),
    ("coordinators:template_create", (7,), "/activities/7/save-template/"),
    ("coordinators:copy_last_week", (), "/week/copy-last-week/"),
    ("coordinators:templates_apply", (), "/templates/apply/"),
    ("coordinators:template_delete", (7,), "/templates/7/delete/"),
    ("coordinators:template_schedule", (7,), "/templates/7/schedule/"),
    ("coordinators:records_import", (), "/activities/import/"),
    ("coordinators:records_import_template", (), "/activities/import/template.xlsx"),
    ("coordinators:consultation_list", (), "/consultations/"),
    ("coordinators:consultation_create", (), "/consultations/new/"),
    ("coordinators:consultation_detail", (7,), "/consultations/7/"),
    ("coordinators:consultation_repeat", (7,), "/consultations/7/repeat/"),
    ("coordinators:consultation_delete", (7,), "/consultations/7/delete/"),
    ("coordinators:case_create", (7,), "/consultations/7/open-case/"),
    ("coordinators:case_list", (), "/cases/"),
    ("coordinators:case_detail", (7,), "/cases/7/"),
    ("coordinators:case_connect", (7, 8), "/cases/7/connect/8/"),
    ("coordinators:case_close", (7,), "/cases/7/close/"),
    ("coordinators:accessrecord_list", (), "/access-records/"),
    ("coordinators:center_overview", (), "/centers/"),
    ("coordinators:resource_list", (), "/resources/"),
    ("coordinators:resource_create", (), "/resources/new/"),
    ("coordinators:resource_detail", (7,), "/resources/7/"),
    ("coordinators:resource_options", (), "/resources/options/"),
    ("coordinators:resource_update", (7,), "/resources/7/edit/"),
    ("coordinators:coordinator_list", (), "/coordinators/"),
    ("coordinators:coordinator_detail", (7,), "/coordinators/7/"),
    ("coordinators:master_import", (), "/master-import/"),
    ("coordinators:master_import_template", (), "/master-import/template.xlsx"),
    ("councils:meeting_list", (), "/meetings/"),
    ("councils:meeting_create", (), "/meetings/new/"),
    ("councils:meeting_detail", (7,), "/meetings/7/"),
    ("councils:meeting_update", (7,), "/meetings/7/edit/"),
    ("councils:meeting_join", (7,), "/meetings/7/join/"),
    ("councils:meeting_delete", (7,), "/meetings/7/delete/"),
    ("councils:meeting_history", (7,), "/meetings/7/history/"),
    ("councils:issue_history", (7,), "/issues/7/history/"),
    ("councils:issue_pipeline", (), "/issues/"),
    ("councils:issue_detail", (7,), "/issues/7/"),
    ("councils:issue_update", (7,), "/issues/7/edit/"),
    ("councils:issue_merge", (7,), "/issues/7/merge/"),
    ("reports:report", (), "/reports/"),
    ("reports:closing", (), "/reports/closing/"),
    ("reports:close", (), "/reports/closing/close/"),
    ("reports:reopen", (7,), "/reports/closing/7/reopen/"),
    ("reports:confirm", (), "/reports/confirm/"),
    ("reports:document", (), "/reports/document/"),
    ("reports:fix_document", (), "/reports/document/fix/"),
    ("reports:texts", (), "/reports/texts/"),
    ("reports:text_detail", (7,), "/reports/texts/7/"),
    ("reports:text_history", (7,), "/reports/texts/7/history/"),
    ("reports:activity_report", (), "/reports/activity/"),
]

ADMIN_MODELS = [
    ("auth.group", "SasaeaiGroupAdmin"),
    ("auth.user", "SasaeaiUserAdmin"),
    ("coordinators.accessrecord", "AccessRecordAdmin"),
    ("coordinators.activity", "ActivityAdmin"),
    ("coordinators.activityform", "ActivityFormAdmin"),
    ("coordinators.activitytemplate", "ActivityTemplateAdmin"),
    ("coordinators.area", "AreaAdmin"),
    ("coordinators.authenticatorapp", "AuthenticatorAppAdmin"),
    ("coordinators.category", "CategoryAdmin"),
    ("coordinators.center", "CenterAdmin"),
    ("coordinators.centerkind", "CenterKindAdmin"),
    ("coordinators.consultationoutcome", "ConsultationOutcomeAdmin"),
    ("coordinators.consultationroute", "ConsultationChoiceAdmin"),
    ("coordinators.consultationtopic", "ConsultationChoiceAdmin"),
    ("coordinators.consultertype", "ConsultationChoiceAdmin"),
    ("coordinators.coordinator", "CoordinatorAdmin"),
    ("coordinators.halfyearclosing", "HalfYearClosingAdmin"),
    ("coordinators.loginattempt", "LoginAttemptAdmin"),
    ("coordinators.loginfailure", "LoginFailureAdmin"),
    ("coordinators.loginrecord", "LoginRecordAdmin"),
    ("coordinators.municipality", "MunicipalityAdmin"),
    ("coordinators.recoverycodedevice", "RecoveryCodeDeviceAdmin"),
    ("coordinators.resourcetype", "ResourceTypeAdmin"),
    ("coordinators.socialresource", "SocialResourceAdmin"),
    ("coordinators.staffprofile", "StaffProfileAdmin"),
    ("councils.council", "CouncilAdmin"),
    ("councils.councilkind", "CouncilKindAdmin"),
    ("councils.issuetheme", "IssueThemeAdmin"),
    ("councils.meeting", "MeetingAdmin"),
    ("councils.regionalissue", "RegionalIssueAdmin"),
]


@pytest.mark.parametrize(("name", "args", "path"), URL_TABLE, ids=[row[0] for row in URL_TABLE])
def test_url_name_reverses_to_its_path_and_back(name, args, path):
    assert reverse(name, args=args) == path
    match = resolve(path)
    assert match.view_name == name


def _route_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from _route_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_route_is_in_the_table():
    named = list(_route_names(get_resolver().url_patterns))
    assert sorted(named) == sorted(row[0] for row in URL_TABLE)


def test_admin_manages_the_same_models_with_the_same_admin_classes():
    registered = sorted(
        (f"{model._meta.app_label}.{model._meta.model_name}", type(model_admin).__name__)
        for model, model_admin in admin.site._registry.items()
    )
    assert registered == ADMIN_MODELS
