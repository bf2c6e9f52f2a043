"""Settings as production reads them from the environment, in a fresh process."""

import json
import os
import subprocess
import sys

from django.conf import settings

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
}))
"""


def load_settings(**environ):
    """Import newsroom.settings in a new interpreter with only `environ` set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="newsroom.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_on_the_development_key_with_debug_off():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_development_defaults_with_debug_on():
    result = load_settings(DJANGO_DEBUG="1")

    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert loaded["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DB_NAME"] == str(settings.BASE_DIR / "db.sqlite3")


def test_production_reads_its_configuration_from_the_environment():
    result = load_settings(
        DJANGO_SECRET_KEY="a-real-secret",
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
