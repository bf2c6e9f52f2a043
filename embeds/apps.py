from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "embeds"
    verbose_name = "Embeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.reader.parts import register_article_part

        from . import (
            reader,
            signals,  # noqa: F401 (connects its receivers)
        )

        register_article_part(reader.embed_part)
