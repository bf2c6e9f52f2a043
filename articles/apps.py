from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def heal_triggers(using, **kwargs):
    from .database import TAGGING_TIMES
    from .search.index import SEARCH_INDEX

    SEARCH_INDEX.heal(connections[using])
    TAGGING_TIMES.heal(connections[using])


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # A later migration that rebuilds the article table on SQLite drops
        # the triggers on it (search, tagging times); put them back after
        # every migrate.
        post_migrate.connect(heal_triggers, sender=self)
        from .editorial import revisions  # noqa: F401 (registers the models it keeps)
        from .editorial.roles import ensure_roles
        from .publishing import cache  # noqa: F401 (connects the page cache's signals)

        # flush re-emits post_migrate, so the roles outlive it.
        post_migrate.connect(ensure_roles, sender=self)
