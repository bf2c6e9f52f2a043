from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' desk: a record of who moved each article through the
    workflow, and the admin's home page built on it (the dashboard)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"

    def ready(self):
        from . import history  # noqa: F401 (records transitions as articles sends them)
