"""Settings as production reads them from the environment, in a fresh process."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

# Long and varied enough for the settings to accept it with DEBUG off.
REAL_SECRET = "a-real-secret-" + "0123456789abcdef" * 3

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DB_NAME": str(settings.DATABASES["default"]["NAME"]),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "MEDIA": settings.STORAGES["default"]["BACKEND"],
    "MEDIA_OPTIONS": settings.STORAGES["default"].get("OPTIONS", {}),
    "ORIGINALS": settings.STORAGES["originals"]["BACKEND"],
    "ORIGINALS_ROOT": str(settings.ORIGINALS_ROOT),
}))
"""


RESOLVE_MEDIA = """
import django
from django.urls import Resolver404, resolve
django.setup()
try:
    print(resolve("/media/images/ab/photo.jpg").func.__name__)
except Resolver404:
    print("not found")
"""


def run_python(*arguments, timeout=60, **environ):
    """Run Python with `arguments` in the project, in a new interpreter that
    sees none of this process's settings variables, only `environ`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))
    }
    env.update(environ)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def load_settings(script=PRINT_SETTINGS, **environ):
    """Run `script` after newsroom.settings with only `environ` set."""
    return run_python(
        "-c", script, DJANGO_SETTINGS_MODULE="newsroom.settings", **environ
    )


def test_refuses_to_start_on_the_development_key_with_debug_off():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_manage_py_says_in_one_line_what_to_set():
    result = run_python("manage.py", "migrate")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "manage.py: DJANGO_SECRET_KEY must be set when DEBUG is off; "
        "set DJANGO_DEBUG=1 for local development."
    ]


def test_development_defaults_with_debug_on():
    result = load_settings(DJANGO_DEBUG="1")

    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert loaded["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DB_NAME"] == str(settings.BASE_DIR / "db.sqlite3")


def test_production_reads_its_configuration_from_the_environment():
    result = load_settings(
        DJANGO_SECRET_KEY=REAL_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example, www.news.example",
        DATABASE_URL="postgres://newsroom@db.example:5432/newsroom",
        DJANGO_MEDIA_ROOT="/srv/newsroom/media",
    )

    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["news.example", "www.news.example"]
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["DB_NAME"] == "newsroom"
    assert loaded["MEDIA_ROOT"] == "/srv/newsroom/media"
    assert loaded["STATICFILES"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


READ_PRAGMAS = """
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    values = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in (
            "journal_mode", "synchronous", "busy_timeout", "mmap_size", "cache_size"
        )
    }
values["transaction_mode"] = connection.transaction_mode
print(json.dumps(values))
"""


def test_sqlite_connections_are_set_up_for_concurrent_editors(tmp_path):
    # A misplaced OPTIONS key fails silently, so read the live values back.
    result = load_settings(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'live.sqlite3'}",
        script=READ_PRAGMAS,
    )

    assert json.loads(result.stdout) == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 5000,
        "mmap_size": 0,
        "cache_size": -16384,  # 16 MB
        "transaction_mode": "IMMEDIATE",
    }


def test_gunicorn_serves_the_site_with_the_repo_config(tmp_path):
    """The config in the repo starts gunicorn, which serves a page and stops."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(
        DJANGO_SECRET_KEY=REAL_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = wait_for(f"http://127.0.0.1:{port}/healthz")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert json.loads(body) == {"status": "ok"}, output
    assert "Booting worker" in output


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, attempts=100):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def test_media_stay_on_disk_and_django_serves_them_only_in_development():
    development = json.loads(load_settings(DJANGO_DEBUG="1").stdout)
    production = json.loads(load_settings(DJANGO_SECRET_KEY=REAL_SECRET).stdout)

    assert (
        development["MEDIA"]
        == production["MEDIA"]
        == ("django.core.files.storage.FileSystemStorage")
    )
    assert production["ORIGINALS_ROOT"] == str(settings.BASE_DIR / "originals")
    served = load_settings(RESOLVE_MEDIA, DJANGO_DEBUG="1")
    not_served = load_settings(RESOLVE_MEDIA, DJANGO_SECRET_KEY=REAL_SECRET)
    assert served.stdout.strip() == "serve"
    assert not_served.stdout.strip() == "not found"


def test_an_s3_bucket_is_used_when_configured():
    result = load_settings(
        DJANGO_SECRET_KEY=REAL_SECRET,
        DJANGO_S3_BUCKET="newsroom-media",
        DJANGO_S3_ENDPOINT_URL="https://s3.example",
        DJANGO_S3_CUSTOM_DOMAIN="media.news.example",
    )

    loaded = json.loads(result.stdout)
    assert loaded["MEDIA"] == loaded["ORIGINALS"] == "storages.backends.s3.S3Storage"
    assert loaded["MEDIA_OPTIONS"]["bucket_name"] == "newsroom-media"
    assert loaded["MEDIA_OPTIONS"]["endpoint_url"] == "https://s3.example"
    assert loaded["MEDIA_OPTIONS"]["custom_domain"] == "media.news.example"


@pytest.mark.parametrize(
    "key",
    [
        "short",
        "a" * 60,  # long, but one character
        "django-insecure-" + "k8Qz2Lm5Xv7Pw3Rt9Ns4Hb6Jc1Gf0Dy" * 2,
    ],
)
def test_refuses_to_start_on_a_weak_key_with_debug_off(key):
    result = load_settings(DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is weak" in result.stderr
