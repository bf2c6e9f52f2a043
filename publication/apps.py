from django.apps import AppConfig


class PublicationConfig(AppConfig):
    """The publication's own details, set by editors in the admin: its name,
    logo and the pages about it that every page's footer links to."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "publication"

    def ready(self):
        from . import current  # noqa: F401 (connects its signal receivers)
