"""Readers served from a real PostgreSQL streaming replica, editors from the
primary: two servers started on loopback for the test, and stopped after."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.newsroom.test_settings import run_python

BIN = Path("/usr/lib/postgresql/15/bin")
PRIMARY_PORT, REPLICA_PORT = 5496, 5495
pytestmark = pytest.mark.skipif(
    not (BIN / "initdb").exists() or os.geteuid() != 0,
    reason="needs PostgreSQL 15's server binaries and root (CI has both)",
)


def as_postgres(*command):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, command)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start(data, port, socket_dir):
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1"
    as_postgres(
        BIN / "pg_ctl", "-D", data, "-o", options, "-l", f"{data}.log", "-w", "start"
    )


@pytest.fixture(scope="module")
def replicated_postgres():
    root = Path(tempfile.mkdtemp(prefix="newsroom-replica-"))
    shutil.chown(root, "postgres")
    primary, replica = root / "primary", root / "replica"
    try:
        as_postgres(BIN / "initdb", "-D", primary, "-U", "postgres", "--auth=trust")
        start(primary, PRIMARY_PORT, root)
        as_postgres(
            BIN / "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            PRIMARY_PORT,
            "-U",
            "postgres",
            "-D",
            replica,
            "-R",
        )
        start(replica, REPLICA_PORT, root)
        yield root
    finally:
        for data in (replica, primary):
            if data.exists():
                subprocess.run(
                    [
                        "runuser",
                        "-u",
                        "postgres",
                        "--",
                        BIN / "pg_ctl",
                        "-D",
                        data,
                        "-m",
                        "immediate",
                        "stop",
                    ],
                    capture_output=True,
                )
        shutil.rmtree(root, ignore_errors=True)


SCENARIO = """
import json
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.contrib.auth.models import User
from articles.models import Article, Section

call_command("migrate", verbosity=0)
User.objects.create_superuser("editor", password="pw")
news = Section.objects.create(name="News", slug="news")
Article.objects.create(title="Replicated", section=news, status="published")

def wait_for_replica(title):
    for _ in range(100):
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM articles_article WHERE title = %s", [title]
            )
            if cursor.fetchone()[0]:
                return
        import time; time.sleep(0.1)
    raise SystemExit("replica never caught up")

wait_for_replica("Replicated")
# Freeze the replica, then publish on the primary: only the primary has it.
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_pause()")
Article.objects.create(title="Fresh", section=news, status="published")

# Production settings want collectstatic's manifest; the test has none.
from django.test.utils import override_settings
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
).enable()

reader, editor = Client(), Client()
editor.force_login(User.objects.get(username="editor"))
result = {}
with CaptureQueriesContext(connections["replica"]) as on_replica, \\
        CaptureQueriesContext(connections["default"]) as on_primary:
    result["reader_old"] = reader.get("/news/replicated/").status_code
    result["reader_replica_queries"] = len(on_replica.captured_queries)
    result["reader_primary_queries"] = len(on_primary.captured_queries)
result["reader_fresh"] = reader.get("/news/fresh/").status_code
result["editor_fresh"] = editor.get("/news/fresh/").status_code
with CaptureQueriesContext(connections["replica"]) as on_replica:
    editor.get("/admin/articles/article/")
    result["editor_replica_queries"] = len(on_replica.captured_queries)
with connections["replica"].cursor() as cursor:
    cursor.execute("SELECT pg_wal_replay_resume()")
wait_for_replica("Fresh")
result["reader_fresh_after_catch_up"] = reader.get("/news/fresh/").status_code
print(json.dumps(result))
"""


def test_readers_read_the_replica_and_editors_the_primary(replicated_postgres):
    run = run_python(
        "-c",
        SCENARIO,
        timeout=300,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="replica-test-" + "0123456789abcdef" * 3,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/postgres",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/postgres",
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])

    assert result["reader_old"] == 200
    assert result["reader_replica_queries"] > 0
    assert result["reader_primary_queries"] == 0
    # The paused replica lacks the new article; the editor sees it at once.
    assert result["reader_fresh"] == 404
    assert result["editor_fresh"] == 200
    assert result["editor_replica_queries"] == 0
    assert result["reader_fresh_after_catch_up"] == 200
