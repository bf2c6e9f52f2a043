# The full-text index is database-specific (a tsvector column on PostgreSQL, an
# FTS5 table on SQLite), so it is raw SQL kept in articles/search/index.py,
# beside the queries that read it (articles/search/query.py).

from django.db import migrations

from articles.search.index import SEARCH_INDEX


def install(apps, schema_editor):
    SEARCH_INDEX.install(schema_editor.connection)


def remove(apps, schema_editor):
    SEARCH_INDEX.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_reserve_article_slugs"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
