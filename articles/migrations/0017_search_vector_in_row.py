# Keeps each article's search vector in its row (STORAGE MAIN, see
# articles/search/index.py) and moves the vectors stored before out of the
# TOAST table. PostgreSQL only; SQLite's index is unchanged. At 100,000
# articles the rewrite takes about half a minute and leaves the old row
# versions for VACUUM.

from django.db import migrations

from articles.search.index import POSTGRESQL_STORE_INLINE, SEARCH_INDEX


def install(apps, schema_editor):
    # On SQLite, installing again would only rebuild an index that is current.
    if schema_editor.connection.vendor == "postgresql":
        SEARCH_INDEX.install(schema_editor.connection)
        schema_editor.execute(POSTGRESQL_STORE_INLINE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_autosave"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop, elidable=False),
    ]
