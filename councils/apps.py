from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = "協議体"

    def ready(self):
        # The coordinators app may not import this one (see README, Layout): this app adds
        # its sheets to the workbook imports and its meetings to the demo city itself.
        from coordinators.demo import add_loader
        from coordinators.recordkeeping.in_use import add_record_models

        from . import demo, import_sheets
        from .models import IssueStep, Meeting, RegionalIssue

        import_sheets.register()
        add_loader("councils", demo.demo_lines)
        add_record_models(Meeting, RegionalIssue, IssueStep)
