from django.apps import AppConfig


class EmbedsConfig(AppConfig):
    name = "embeds"
    verbose_name = "Embeds"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.editorial.roles import add_role_permissions
        from articles.publishing.cache import register_pages
        from articles.reader.parts import register_article_part

        from . import (
            admin,  # noqa: F401 (registers the embeds' list)
            bodies,  # noqa: F401 (connects its receivers)
            reader,
        )

        register_article_part(reader.embed_part)
        # Kept and purged by the page cache like the article's own page.
        register_pages(["embeds-api:embed-list"])
        # Whoever writes bodies may see why an embed shows as a link card.
        for role in ("Reporter", "Editor"):
            add_role_permissions(role, ["embeds.view_embed"])
