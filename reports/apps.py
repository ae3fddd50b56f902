from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "報告"

    def ready(self):
        # Closing a half-year publishes its figures (coordinators may not import this app).
        from coordinators.closing import add_after_close

        from .services import publish_after_close

        add_after_close(publish_after_close)
