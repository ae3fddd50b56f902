from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "coordinators"
    verbose_name = "コーディネーター・所属・社会資源"

    def ready(self):
        # What these records refer to cannot be deleted while they use it (issue 13).
        from .models import Activity, CaseStep, Consultation, SupportCase
        from .recordkeeping.in_use import add_record_models

        add_record_models(Activity, Consultation, SupportCase, CaseStep)
