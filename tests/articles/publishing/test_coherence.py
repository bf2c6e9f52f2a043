"""Every worker and app server stops serving a retracted story together:
gunicorn with several workers and no Redis (the README's default set-up),
and two app servers sharing Redis."""

import http.client
import time

import pytest

from tests.live_site import LiveSite, needs_redis, redis_url

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

STORY = """
import json
from articles.models import Article, Section
news = Section.objects.create(name="News", slug="news")
article = Article.objects.create(title="Harbour Reopens", section=news,
    status="published", body="<p>Boats.</p>")
print(json.dumps(article.get_absolute_url()))
"""
RETRACT = """
from articles.models import Article
Article.objects.get(title="Harbour Reopens").make_draft()
"""


def status(site, path):
    """One request on a new connection, so every worker gets its share."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def second_server(site, workdir):
    """Another app server on the same database and cache."""
    other = LiveSite(workdir)
    other.env = site.env | {"PORT": str(other.port)}
    return other


@pytest.fixture
def site(tmp_path):
    site = LiveSite(tmp_path, WEB_CONCURRENCY="3").migrate()
    site.manage("collectstatic", "--noinput", "-v0")  # production's static files
    site.story = site.shell(STORY)
    yield site
    site.stop()


def test_a_retracted_story_leaves_every_worker_within_a_second(site):
    site.start_server()
    # Enough requests that every worker has the page in its own cache.
    assert {status(site, site.story) for _ in range(24)} == {200}
    site.shell(RETRACT)
    time.sleep(1)
    assert {status(site, site.story) for _ in range(24)} == {404}


@needs_redis
def test_a_retracted_story_leaves_both_app_servers_sharing_redis_at_once(
    site, tmp_path
):
    site.env["REDIS_URL"] = redis_url()
    site.env["DJANGO_CACHE_KEY_PREFIX"] = f"test-coherence-{time.time_ns()}"
    site.start_server()
    other = second_server(site, tmp_path)
    other.start_server()
    try:
        for server in (site, other):
            assert {status(server, site.story) for _ in range(12)} == {200}
        site.shell(RETRACT)
        for server in (site, other):
            assert {status(server, site.story) for _ in range(12)} == {404}
    finally:
        other.stop()
