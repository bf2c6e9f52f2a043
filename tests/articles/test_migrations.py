"""Sites made by earlier versions keep migrating: tests/data holds the SQL
dump of a site made at commit 8167e7c (the last before the code moved into
packages, issue 15) by `migrate` and `loaddemo`."""

import sqlite3
from pathlib import Path

from tests.newsroom.test_settings import run_python

SITE_BEFORE_THE_LAYOUT_MOVE = (
    Path(__file__).parents[1] / "data" / "site-made-at-8167e7c.sql"
)

SERVE_THE_ARTICLE = """
import django
django.setup()
from django.test import Client
from articles.models import Article
client = Client(HTTP_HOST="localhost")
for article in Article.objects.published().order_by("title"):
    print(client.get(article.get_absolute_url()).status_code, article.title)
"""


def test_a_site_made_before_the_layout_move_migrates_and_serves(tmp_path):
    database = tmp_path / "site.sqlite3"
    with sqlite3.connect(database) as site:
        site.executescript(SITE_BEFORE_THE_LAYOUT_MOVE.read_text())
    environ = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}

    migrate = run_python("manage.py", "migrate", "--noinput", **environ)
    assert migrate.returncode == 0, migrate.stderr
    check = run_python("manage.py", "makemigrations", "--check", "--dry-run", **environ)
    assert check.returncode == 0, check.stdout + check.stderr

    served = run_python(
        "-c", SERVE_THE_ARTICLE, DJANGO_SETTINGS_MODULE="newsroom.settings", **environ
    )
    assert served.returncode == 0, served.stderr
    pages = [line.split(maxsplit=1) for line in served.stdout.splitlines()]
    assert pages == [
        [
            "200",
            "Federal Officials Talk Cybersecurity Collaboration, Strategy with "
            "Law Enforcement at RSA Conference",
        ],
        [
            "200",
            "Record Seizures, Arrests after Operation Targets Internet Opioid "
            "Trafficking",
        ],
        ["200", "Supreme Court to Reconsider Chevron"],
    ]
