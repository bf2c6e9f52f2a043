"""The API through real HTTP: gunicorn with two workers sharing Redis (the
page cache and the limits), as production runs, and the database limit
store for a site without Redis."""

import http.client
import os
import time

import pytest

from tests.live_site import LiveSite, needs_redis, redis_url

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def get(site, path, **headers):
    """One request on a new connection, so both workers get their share."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(
        tmp_path_factory.mktemp("api-site"), NEWSROOM_API_ANON_PER_MINUTE="0"
    ).migrate()
    article = site.shell(
        """
import json
from articles.models import Article, Section
news = Section.objects.create(name="News", slug="news")
article = Article.objects.create(title="Harbour Reopens", section=news,
    status="published", body="<p>Boats.</p>")
print(json.dumps(article.pk))
"""
    )
    site.article_path = f"/api/v1/articles/{article}/"
    site.article = article
    yield site
    site.stop()


@pytest.fixture
def serving(site):
    """gunicorn started with the environment as the test leaves it."""

    def start(*, redis, **env):
        site.stop_server()
        site.env.pop("REDIS_URL", None)
        if redis:
            site.env["REDIS_URL"] = redis_url()
        # A fresh prefix: nothing kept or counted by an earlier test.
        site.env["DJANGO_CACHE_KEY_PREFIX"] = f"test-api-{os.getpid()}-{time.time_ns()}"
        site.env |= env
        site.start_server()
        return site

    yield start
    site.stop_server()


@needs_redis
def test_answers_are_kept_validated_and_dropped_when_the_article_changes(serving):
    site = serving(redis=True)
    answers = [get(site, site.article_path) for _ in range(4)]
    statuses = {status for status, _, _ in answers}
    etags = {headers["ETag"] for _, headers, _ in answers}
    modified = {headers["Last-Modified"] for _, headers, _ in answers}
    assert statuses == {200}
    # Both workers serve the one copy kept in Redis: same validators.
    assert len(etags) == len(modified) == 1
    assert f"article:{site.article}" in answers[0][1]["Surrogate-Key"].split()
    (etag,) = etags
    assert get(site, site.article_path, **{"If-None-Match": etag})[0] == 304

    site.shell(
        f"""
from articles.models import Article
article = Article.objects.get(pk={site.article})
article.title = "Harbour Reopens Early"
article.save()
"""
    )
    for _ in range(2):
        status, headers, body = get(site, site.article_path, **{"If-None-Match": etag})
        assert status == 200
        assert b"Harbour Reopens Early" in body
        assert headers["ETag"] != etag


@pytest.mark.parametrize(
    "store", [pytest.param("cache", marks=needs_redis), "database"]
)
def test_the_limit_is_shared_by_both_workers(serving, store):
    # Without Redis the cache is each worker's own memory: the database
    # counts for them.
    site = serving(
        redis=store == "cache",
        NEWSROOM_API_ANON_PER_MINUTE="6",
        NEWSROOM_API_LIMIT_STORE=store,
    )
    # A minute's window may turn over mid-test; start just after one does.
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)
    answers = [get(site, "/api/v1/sections/") for _ in range(10)]

    assert [status for status, _, _ in answers] == [200] * 6 + [429] * 4
    _, headers, body = answers[-1]
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert b'"rate_limited"' in body
