"""The Varnish purge backend: one BAN per Varnish, naming the changed keys."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from operations import cdn


@pytest.fixture
def varnish(settings):
    """A stand-in Varnish on loopback that records the bans it is sent."""
    bans = []

    class Handler(BaseHTTPRequestHandler):
        def do_BAN(self):  # noqa: N802 (the method's name is the verb)
            bans.append((self.path, self.headers["X-Ban-Surrogate-Keys"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_VARNISH_URLS = [f"http://127.0.0.1:{server.server_port}"]
    yield bans
    server.shutdown()
    server.server_close()


def test_ban_names_each_changed_key_whole(varnish):
    cdn.varnish({"article:12", "section:3", "articles"})

    [(path, pattern)] = varnish
    assert path == "/"
    assert " " not in pattern
    # Python's re lacks POSIX classes; Varnish's PCRE2 reads them as \s.
    matches = re.compile(pattern.replace("[[:space:]]", r"\s")).search
    # A page's Surrogate-Key header lists its keys separated by spaces.
    assert matches("site article:12 section:3")
    assert matches("site articles")
    assert not matches("site article:120 section:30")


def test_an_unreachable_varnish_is_logged_not_raised(settings, caplog):
    settings.NEWSROOM_VARNISH_URLS = ["http://127.0.0.1:9"]  # nothing listens
    cdn.varnish({"article:1"})
    assert "Could not ban" in caplog.text


@pytest.mark.django_db
def test_saving_an_article_bans_its_pages_once_committed(
    varnish, settings, make_article, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CDN_PURGE_BACKEND = "operations.cdn.varnish"
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Banned on save")

    assert any(f"article:{article.pk}" in pattern for _, pattern in varnish)
