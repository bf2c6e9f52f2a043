"""The Reporter and Editor groups, with the permissions each role needs.

articles.editorial.roles also ensures them after every migrate and flush; this makes
them at this point in the history, as it always has."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from articles.editorial.roles import ensure_roles

    ensure_roles(using=schema_editor.connection.alias, apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editorial_workflow"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
