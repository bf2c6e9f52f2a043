"""The Reporter and Editor groups, with the permissions each role needs.

They are ensured after every migrate, as Django ensures permissions, so a new
database, a database flushed by `manage.py flush` and each test database a
TransactionTestCase empties all have them. Ensuring adds what is missing and
removes nothing, so permissions an administrator adds to a role are kept.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import Q

ROLES = {
    # Writes and revises drafts, submits them for review; cannot publish.
    "Reporter": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_author",
        "articles.view_author",
        "articles.view_section",
        "articles.view_correction",
        "images.add_image",
        "images.change_image",
        "images.view_image",
    ],
    # Edits any article, publishes, schedules, unpublishes, corrects, shares.
    "Editor": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.add_author",
        "articles.change_author",
        "articles.view_author",
        "articles.add_section",
        "articles.change_section",
        "articles.view_section",
        "articles.add_correction",
        "articles.change_correction",
        "articles.delete_correction",
        "articles.view_correction",
        "articles.view_articleredirect",
        "articles.delete_articleredirect",
        "articles.add_previewlink",
        "articles.change_previewlink",
        "articles.view_previewlink",
        "articles.view_pendingedit",
        "articles.delete_pendingedit",
        "taggit.change_tag",
        "taggit.view_tag",
        "images.add_image",
        "images.change_image",
        "images.delete_image",
        "images.view_image",
    ],
}


def add_role_permissions(role, permission_names):
    """Give `role` these permissions too ("app_label.codename"); for apps that
    extend articles, from their AppConfig.ready(), as articles names none."""
    ROLES[role].extend(name for name in permission_names if name not in ROLES[role])


def ensure_roles(*, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create the role groups and give them their permissions; idempotent.
    A post_migrate receiver."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if not router.allow_migrate_model(using, Group):
        return
    labels = {name.split(".")[0] for names in ROLES.values() for name in names}
    # A migration's apps know only the apps migrated so far; the rest get
    # their permissions from the post_migrate after their own migrations.
    labels = {label for label in labels if has_app(apps, label)}
    # Django makes each app's permissions when that app's post_migrate comes
    # round, which may be after this app's.
    for label in sorted(labels):
        app_config = global_apps.get_app_config(label)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    for group_name, permission_names in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        wanted = Q()
        permission_names = [
            name for name in permission_names if name.split(".")[0] in labels
        ]
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.using(using).filter(wanted))
        if len(permissions) != len(permission_names):
            raise LookupError(
                f"Some of the {group_name} role's permissions are unknown."
            )
        group.permissions.add(*permissions)


def has_app(apps, label):
    try:
        apps.get_app_config(label)
    except LookupError:
        return False
    return True
