from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = "コーディネーター・所属・社会資源"

    def ready(self):
        # What these records refer to cannot be deleted while they use it (issue 13).
        from .models import Activity, CaseStep, Consultation, SupportCase
        from .recordkeeping.in_use import add_record_models
        from .text import remove_control_characters

        add_record_models(Activity, Consultation, SupportCase, CaseStep)
        # A pasted control character is removed from every text field of this app, councils
        # and reports before any save, on every path (issue 15): one receiver for all senders,
        # filtered by app label, so this app need not import the apps built on it.
        pre_save.connect(remove_control_characters, dispatch_uid="coordinators.text.clean")
        # A login starts the session's idle clock: the next minute's pages write nothing.
        from django.contrib.auth.signals import user_logged_in

        from .accounts.session_limits import renew_at_login

        user_logged_in.connect(renew_at_login, dispatch_uid="coordinators.session.renewed")
