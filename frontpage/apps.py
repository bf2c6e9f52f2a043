from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models.signals import post_migrate

# Editors arrange the fronts and run the banner (articles/editorial/roles.py
# has the roles; this app adds to the Editor's).
EDITOR_PERMISSIONS = [
    "add_front",
    "change_front",
    "view_front",
    # The inlines' rows: the stories and section blocks placed.
    *(
        f"{action}_{model}"
        for model in ("placement", "blockplacement")
        for action in ("add", "change", "delete", "view")
    ),
    "add_breakingnews",
    "change_breakingnews",
    "delete_breakingnews",
    "view_breakingnews",
]


def give_editors_the_desk(
    app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs
):
    """Add the desk's permissions to the Editor group; after every migrate
    and flush, as the roles are ensured. A post_migrate receiver."""
    apps = apps or global_apps  # flush sends None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if not router.allow_migrate_model(using, Group):
        return
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    editors, _ = Group.objects.using(using).get_or_create(name="Editor")
    editors.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label="frontpage", codename__in=EDITOR_PERMISSIONS
        )
    )


class FrontpageConfig(AppConfig):
    """The fronts editors arrange (the home page, the section fronts' pins) and
    the breaking-news banner."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "frontpage"
    verbose_name = "Front page"

    def ready(self):
        from articles.publishing.cache import register_schedule
        from articles.reader.views import FRONT_VIEWS

        from . import signals  # noqa: F401 (connects its receivers)
        from .models import next_moment
        from .views import FrontPageView, FrontSectionView

        FRONT_VIEWS.update(home=FrontPageView, section=FrontSectionView)
        # A scheduled front and a banner's expiry change pages with no save.
        register_schedule(next_moment)
        post_migrate.connect(give_editors_the_desk, sender=self)
