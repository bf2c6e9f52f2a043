"""The breaking-news banner: on every reader page until it expires or is
taken down, and the pages (here and at the CDN) change when it does."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from frontpage.models import BreakingNews, active_banner

purged = []


def record_purge(dependencies):
    purged.append(set(dependencies))


@pytest.fixture
def cdn(settings):
    settings.NEWSROOM_CDN_PURGE_BACKEND = "tests.frontpage.test_banner.record_purge"
    purged.clear()
    return purged


@pytest.fixture
def pages(make_article):
    story = make_article(title="Council votes")
    return ["/", "/news/", story.get_absolute_url(), "/search/?q=council"]


def breaking(html):
    return html[html.index("</header>") : html.index("<main")]


@pytest.mark.django_db
def test_a_banner_runs_on_every_reader_page_at_once(pages):
    reader = Client()
    for url in pages[:3]:
        assert "Breaking" not in breaking(reader.get(url).content.decode())
    BreakingNews.objects.create(text="Bridge closed after crash", link="/news/")
    for url in pages:
        assert '<a href="/news/">Bridge closed after crash</a>' in breaking(
            reader.get(url).content.decode()
        ), url


@pytest.mark.django_db
def test_a_banner_taken_down_leaves_every_page(pages):
    reader = Client()
    banner = BreakingNews.objects.create(text="Bridge closed after crash")
    assertContains(reader.get("/"), "Bridge closed after crash")
    banner.is_shown = False
    banner.save()
    for url in pages[:3]:
        assertNotContains(reader.get(url), "Bridge closed after crash")


@pytest.mark.django_db
def test_a_banner_leaves_at_its_expiry_and_the_cdn_is_purged_then(
    pages, now, monkeypatch, cdn, run_tasks, django_capture_on_commit_callbacks
):
    reader = Client()
    expires_at = now + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        BreakingNews.objects.create(text="Storm warning", expires_at=expires_at)
    response = reader.get("/")
    assertContains(response, "Storm warning")
    # No cache keeps the page past the expiry.
    shared_age = response["Cache-Control"].split("s-maxage=")[1].split(",")[0]
    assert int(shared_age) <= 600

    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    assert cdn == []  # not yet: the purge waits for the expiry
    monkeypatch.setattr(timezone, "now", lambda: expires_at)
    for url in pages:
        assertNotContains(reader.get(url), "Storm warning")
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    assert {"site"} in cdn


@pytest.mark.django_db
def test_the_newest_banner_shown_wins(client):
    BreakingNews.objects.create(text="First alert")
    BreakingNews.objects.create(text="Second alert")
    assertContains(client.get("/"), "Second alert")
    assertNotContains(client.get("/"), "First alert")


@pytest.mark.django_db
def test_a_banner_costs_no_query_once_read(django_assert_num_queries):
    BreakingNews.objects.create(text="Bridge closed")
    assert active_banner().text == "Bridge closed"
    with django_assert_num_queries(0):
        assert active_banner().text == "Bridge closed"


@pytest.mark.parametrize(
    "link, is_valid",
    [
        ("/news/bridge/", True),
        ("https://example.org/live", True),
        ("javascript:alert(1)", False),
        ("//evil.example/", False),
        ("news", False),
    ],
)
@pytest.mark.django_db
def test_a_banner_links_to_a_page_of_the_site_or_a_web_address(
    desk_client, link, is_valid
):
    response = desk_client.post(
        "/admin/frontpage/breakingnews/add/",
        {"text": "Bridge closed", "link": link, "is_shown": "on"},
    )
    assert (response.status_code == 302) is is_valid
    assert BreakingNews.objects.exists() is is_valid
