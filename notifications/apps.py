from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Telling staff what the desk did that concerns them: in the admin, and
    by email from the background worker."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"

    def ready(self):
        from . import events  # noqa: F401 (connects its signal receivers)
