import os

import django.db.backends.utils
import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, IntegrityError, OperationalError
from pytest_django.asserts import assertContains, assertNotContains

from operations.health import readiness_checks


@pytest.fixture
def database_fails_with(monkeypatch):
    """Make every SQL statement raise the given error, as a database that is
    down, full or broken would."""

    def fail_with(error):
        def execute(self, *args, **kwargs):
            raise error

        monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", execute)

    return fail_with


def test_healthz_answers_without_the_database(client):
    # No django_db mark: a query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_database_cache_and_worker(client, settings, worker_heard_from):
    settings.NEWSROOM_WORKER_LEASE_SECONDS = 60
    worker_heard_from(seconds_ago=50)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": True,
        "cache": True,
        "worker": True,
    }
    assert response.json()["problems"] == {}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_worker_has_been_silent_too_long(
    client, settings, worker_heard_from
):
    settings.NEWSROOM_WORKER_LEASE_SECONDS = 60
    worker_heard_from(seconds_ago=300)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] is False
    assert response.json()["problems"] == {
        "worker": "no background worker heard from for 300 s "
        "(NEWSROOM_WORKER_LEASE_SECONDS is 60)"
    }


@pytest.mark.django_db
def test_readyz_is_503_when_no_worker_runs(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["problems"] == {
        "worker": "no background worker is running (manage.py db_worker)"
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_down(client, database_fails_with):
    database_fails_with(DatabaseError("connection refused"))

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] is False
    assert response.json()["problems"] == {"database": "the database does not answer"}


def test_readyz_is_503_when_the_cache_is_down(client, settings, monkeypatch):
    monkeypatch.setattr("operations.health._database_ok", lambda: True)
    monkeypatch.setitem(readiness_checks, "worker", lambda: None)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": True,
        "cache": False,
        "worker": True,
    }


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)"
)
def test_cache_is_redis_when_redis_url_is_set():
    assert isinstance(caches["default"], RedisCache)
    cache.set("probe", "value", timeout=10)
    assert cache.get("probe") == "value"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=harbour"])
def test_readers_get_a_plain_503_while_the_database_is_down(
    client, database_fails_with, url
):
    database_fails_with(OperationalError("could not connect to server"))
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assertContains(response, "Back in a moment", status_code=503)
    assertNotContains(response, "Traceback", status_code=503)


@pytest.mark.django_db
def test_a_signed_in_editor_gets_503_too(editor_client, database_fails_with):
    # The session is read in a middleware, before any view runs.
    database_fails_with(OperationalError("database or disk is full"))
    editor_client.raise_request_exception = False

    assert editor_client.get("/admin/").status_code == 503


@pytest.mark.django_db
def test_other_errors_stay_500(client, database_fails_with):
    database_fails_with(IntegrityError("a bug, not an outage"))
    client.raise_request_exception = False

    response = client.get("/news/")

    assert response.status_code == 500
    assertContains(response, "Something went wrong", status_code=500)


@pytest.mark.django_db
def test_a_full_disk_gives_editors_503_not_400(editor_client, monkeypatch):
    """Reads still work; every write, the session's included, fails."""
    execute = django.db.backends.utils.CursorWrapper.execute

    def read_only(self, sql, *args, **kwargs):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError("database or disk is full")
        return execute(self, sql, *args, **kwargs)

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", read_only)
    editor_client.raise_request_exception = False

    response = editor_client.get("/admin/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assertContains(response, "Back in a moment", status_code=503)
