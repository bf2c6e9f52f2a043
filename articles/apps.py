from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db import connections
from django.db.models.signals import post_migrate


def heal_triggers(using, **kwargs):
    from .search import heal_search_index
    from .tagging_times import heal_tagging_times

    heal_search_index(connections[using])
    heal_tagging_times(connections[using])


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # A later migration that rebuilds the article table on SQLite drops
        # the triggers on it (search, tagging times); put them back after
        # every migrate.
        post_migrate.connect(heal_triggers, sender=self)
        from . import (
            cache,  # noqa: F401  (connects the page cache's signals)
            revisions,  # noqa: F401 (registers the models it keeps)
        )
        from .roles import ensure_roles

        # flush re-emits post_migrate, so the roles outlive it.
        post_migrate.connect(ensure_roles, sender=self)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, serving the editor panel's own admin site."""

    default = False  # ArticlesConfig stays this module's default
    default_site = "articles.admin_site.NewsroomAdminSite"
