"""The Reporter and Editor groups, with the permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename in codenames:
            app_label, codename = codename.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editorial_workflow"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
