from django.apps import AppConfig


class LiveblogConfig(AppConfig):
    name = "liveblog"
    verbose_name = "Live stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.admin.links import register_article_admin_link
        from articles.editorial.roles import add_role_permissions
        from articles.publishing.cache import register_pages, register_schedule
        from articles.reader.parts import register_article_part

        from . import (
            admin,
            cache,  # noqa: F401 (connects its signals)
            reader,
        )

        register_article_part(reader.live_part)
        # A story whose coverage ends by the clock stops saying "Live" then.
        register_schedule(cache.next_coverage_end)
        register_article_admin_link(admin.live_desk_link)
        # An entry is public once posted, so posting is an editor's, as
        # publishing is.
        add_role_permissions(
            "Editor",
            [
                f"liveblog.{action}_{model}"
                for model in ("livestory", "liveentry")
                for action in ("add", "change", "delete", "view")
            ],
        )
        # Kept and purged by the page cache like the article's own page.
        register_pages(
            [
                "liveblog:updates",
                "liveblog:entry",
                "liveblog:feed",
                "liveblog-api:entry-list",
            ]
        )
