from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "報告"

    def ready(self):
        # Closing a half-year publishes its figures (coordinators may not import this app).
        from coordinators.closing import add_after_close
        from coordinators.demo import add_loader

        from .demo import load_demo_texts
        from .services import publish_after_close

        add_after_close(publish_after_close)
        add_loader("report_texts", load_demo_texts)
