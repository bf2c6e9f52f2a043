from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from taggit.models import Tag

from articles.models import Article, PageGeneration, Section, save_pending_edit
from articles.publishing.cache import DatabaseGenerations


@pytest.fixture
def story(make_article, author, now):
    article = make_article(
        title="Harbour Reopens", published_at=now - timedelta(hours=1)
    )
    article.authors.add(author)
    article.tags.add("Harbour")
    return article


@pytest.fixture
def neighbour(make_article, now):
    """An older story in the same section, sharing a tag: the story's previous
    article and first related one."""
    article = make_article(title="Harbour Closes", published_at=now - timedelta(days=1))
    article.tags.add("Harbour")
    return article


def warm(client, url):
    """Fetch `url` as a reader, which leaves it in the page cache."""
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_second_anonymous_request_is_served_from_the_cache(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_page_cache_off_renders_every_time(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Changed Behind Its Back")
    assertContains(client.get(story.get_absolute_url()), "Changed Behind Its Back")


def retitle_story(story, neighbour):
    story.title = "Harbour Reopens Early"
    story.save()


def retitle_neighbour(story, neighbour):
    neighbour.title = "Harbour Closed For Repairs"
    neighbour.save()


def correct_story(story, neighbour):
    story.corrections.create(text="The harbour reopened on Monday.")


def rename_author(story, neighbour):
    author = story.authors.get()
    author.name = "Ada Editor"
    author.save()


def link_author(story, neighbour):
    story.authors.get().links.create(label="Mastodon", url="https://m.example/@a")


def rename_tag(story, neighbour):
    tag = Tag.objects.get(name="Harbour")
    tag.name = "Harbours"
    tag.save()


def rename_section(story, neighbour):
    section = story.section
    section.name = "Local News"
    section.save()


def add_section(story, neighbour):
    Section.objects.create(name="Weather", slug="weather")


def tag_story(story, neighbour):
    story.tags.add("Shipping")


def byline_story(story, neighbour):
    story.authors.create(name="Ben Writer", slug="ben-writer")


def publish_pending_edit(story, neighbour):
    save_pending_edit(
        article=story,
        saved_by=None,
        authors=list(story.authors.all()),
        tag_names=["Harbour"],
        title="Harbour Reopens After Repairs",
        dek="",
        body="<p>Open.</p>",
    )
    story.refresh_from_db()
    story.publish_pending_edit()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "page", "shown"),
    [
        (retitle_story, "story", "Reopens Early"),
        (retitle_story, "home", "Reopens Early"),
        (retitle_story, "section", "Reopens Early"),
        (retitle_story, "tag", "Reopens Early"),
        (retitle_story, "author", "Reopens Early"),
        (retitle_story, "feed", "Reopens Early"),
        (retitle_story, "search", "Reopens Early"),
        # The neighbour's page shows the story as its next and related article.
        (retitle_story, "neighbour", "Reopens Early"),
        (retitle_neighbour, "story", "Harbour Closed For Repairs"),
        (correct_story, "story", "The harbour reopened on Monday."),
        (rename_author, "story", "Ada Editor"),
        (link_author, "author", "https://m.example/@a"),
        (rename_tag, "story", "Harbours"),
        (rename_section, "story", "Local News"),
        (rename_section, "home", "Local News"),
        (add_section, "neighbour", "Weather"),
        (tag_story, "story", "Shipping"),
        (byline_story, "story", "Ben Writer"),
        (publish_pending_edit, "story", "Harbour Reopens After Repairs"),
        (publish_pending_edit, "neighbour", "Harbour Reopens After Repairs"),
    ],
)
def test_a_change_shows_at_once_on_every_cached_page_that_shows_it(
    client, story, neighbour, change, page, shown
):
    urls = {
        "story": story.get_absolute_url(),
        "neighbour": neighbour.get_absolute_url(),
        "home": "/",
        "section": "/news/",
        "tag": "/tags/harbour/",
        "author": "/authors/ada-reporter/",
        "feed": "/feed/",
        "search": "/search/?q=harbour",
    }
    url = urls[page]
    assertNotContains(warm(client, url), shown)
    assertNotContains(client.get(url), shown)  # now from the cache

    change(story, neighbour)

    assertContains(client.get(url), shown)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["story", "/", "/news/", "/tags/harbour/"])
def test_unpublishing_takes_the_article_off_cached_pages(client, story, neighbour, url):
    url = story.get_absolute_url() if url == "story" else url
    warm(client, url)

    story.make_draft()

    response = client.get(url)
    if url == story.get_absolute_url():
        assert response.status_code == 404
    else:
        assertNotContains(response, "Harbour Reopens")
    assertNotContains(client.get(neighbour.get_absolute_url()), "Harbour Reopens")


@pytest.mark.django_db
def test_deleting_an_article_takes_it_off_cached_pages(client, story, neighbour):
    warm(client, "/")
    warm(client, neighbour.get_absolute_url())

    story.delete()

    assertNotContains(client.get("/"), "Harbour Reopens")
    assertNotContains(client.get(neighbour.get_absolute_url()), "Harbour Reopens")


@pytest.mark.django_db
def test_a_draft_saved_leaves_cached_pages_alone(
    client, story, make_article, django_assert_num_queries
):
    warm(client, "/")
    make_article(title="Unfinished Draft", status=Article.Status.DRAFT)
    with django_assert_num_queries(0):
        assertNotContains(client.get("/"), "Unfinished Draft")


@pytest.mark.django_db
def test_scheduled_article_appears_exactly_at_its_time(
    client, story, make_article, monkeypatch
):
    moment = timezone.now() + timedelta(minutes=30)
    embargoed = make_article(title="Embargoed Budget", published_at=moment)
    real_now = timezone.now

    def at(seconds_from_moment):
        monkeypatch.setattr(
            timezone, "now", lambda: moment + timedelta(seconds=seconds_from_moment)
        )

    at(-60)
    home = client.get("/")
    assertNotContains(home, "Embargoed Budget")
    # Nobody down the line may keep the page past the embargo either.
    assert "max-age=60" in home["Cache-Control"]
    at(-1)
    home = client.get("/")
    assertNotContains(home, "Embargoed Budget")
    assert "s-maxage=1" in home["Cache-Control"]
    assert "stale-while-revalidate=0" in home["Cache-Control"]
    assert client.get(embargoed.get_absolute_url()).status_code == 404
    assertNotContains(client.get(story.get_absolute_url()), "Embargoed Budget")

    at(0)
    assertContains(client.get("/"), "Embargoed Budget")
    assert client.get(embargoed.get_absolute_url()).status_code == 200
    assertContains(client.get(story.get_absolute_url()), "Embargoed Budget")
    monkeypatch.setattr(timezone, "now", real_now)


@pytest.mark.django_db
def test_rescheduling_earlier_moves_the_expiry(
    client, story, make_article, monkeypatch
):
    later = timezone.now() + timedelta(hours=2)
    embargoed = make_article(title="Embargoed Budget", published_at=later)
    warm(client, "/")

    sooner = timezone.now() + timedelta(minutes=5)
    embargoed.publish(at=sooner)
    assertNotContains(client.get("/"), "Embargoed Budget")

    monkeypatch.setattr(timezone, "now", lambda: sooner)
    assertContains(client.get("/"), "Embargoed Budget")


@pytest.mark.django_db
def test_reader_pages_carry_validators_and_cdn_headers(client, story):
    response = client.get(story.get_absolute_url())

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = response["Cache-Control"]
    for part in ("public", "max-age=60", "s-maxage=60", "stale-while-revalidate=30"):
        assert part in cache_control
    assert f"article:{story.pk}" in response["Surrogate-Key"].split()


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_conditional_requests_get_304(client, story, settings, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    first = client.get(story.get_absolute_url())

    by_etag = client.get(
        story.get_absolute_url(), headers={"if-none-match": first["ETag"]}
    )
    stale = client.get(story.get_absolute_url(), headers={"if-none-match": '"other"'})

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert stale.status_code == 200
    if page_cache:
        by_date = client.get(
            story.get_absolute_url(),
            headers={"if-modified-since": first["Last-Modified"]},
        )
        assert by_date.status_code == 304
    else:
        # Rendered anew each time, a page has no stable modification time.
        assert "Last-Modified" not in first


@pytest.mark.django_db
def test_etag_changes_when_the_page_does(client, story):
    before = client.get(story.get_absolute_url())["ETag"]
    story.title = "Harbour Reopens Early"
    story.save()
    response = client.get(story.get_absolute_url(), headers={"if-none-match": before})
    assert response.status_code == 200
    assert response["ETag"] != before


@pytest.mark.django_db
def test_signed_in_staff_always_get_a_fresh_private_page(
    client, editor_client, story, django_assert_max_num_queries
):
    warm(client, story.get_absolute_url())
    # A change no signal sees: only a fresh render can show it.
    Article.objects.filter(pk=story.pk).update(title="Fixed Behind The Cache")

    response = editor_client.get(story.get_absolute_url())

    assertContains(response, "Fixed Behind The Cache")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


@pytest.mark.django_db
def test_staff_pages_are_never_served_to_readers(client, editor, story):
    staff = Client()
    staff.force_login(editor)
    staff.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Only Staff Saw The Old One")
    assertContains(client.get(story.get_absolute_url()), "Only Staff Saw The Old One")


@pytest.mark.django_db
def test_previews_are_never_cached(editor_client, make_article):
    draft = make_article(title="Secret Draft", status=Article.Status.DRAFT)

    preview = editor_client.get(f"/preview/{draft.pk}/")

    assert (
        "no-store" in preview["Cache-Control"] or "no-cache" in preview["Cache-Control"]
    )
    assert "public" not in preview["Cache-Control"]
    assert Client().get(f"/preview/{draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_not_found_is_not_warm(client, make_article, future, monkeypatch):
    scheduled = make_article(title="Soon", published_at=future)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: future)
    assert client.get(scheduled.get_absolute_url()).status_code == 200


purged = []


def record_purge(dependencies):
    purged.append(set(dependencies))


@pytest.mark.django_db
def test_cdn_purge_backend_hears_of_each_committed_change(
    settings, story, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_CDN_PURGE_BACKEND = (
        "tests.articles.publishing.test_cache.record_purge"
    )
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Harbour Reopens Early"
        story.save()

    assert purged
    assert {f"article:{story.pk}", f"section:{story.section_id}", "articles"} <= (
        set().union(*purged)
    )


@pytest.fixture
def database_generations(settings):
    """The default store without Redis, looking at the database on every
    request; returns another process's view of the same database."""
    settings.NEWSROOM_PAGE_CACHE_GENERATIONS = "database"
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 0
    return DatabaseGenerations()


@pytest.mark.django_db
def test_a_change_another_process_commits_drops_the_page_here(
    client, story, database_generations
):
    warm(client, story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Retitled Elsewhere")
    database_generations.renew_committed({f"article:{story.pk}"})
    assertContains(client.get(story.get_absolute_url()), "Retitled Elsewhere")


@pytest.mark.django_db
def test_a_database_restored_to_an_older_state_drops_every_page(
    client, story, database_generations
):
    database_generations.renew_committed({"elsewhere"})
    warm(client, story.get_absolute_url())
    # Restored from before that change: the numbers start lower again.
    PageGeneration.objects.all().delete()
    Article.objects.filter(pk=story.pk).update(title="As Restored")
    assertContains(client.get(story.get_absolute_url()), "As Restored")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize(
    "url",
    ["/search/?q=harbour", "/feed/", "/sitemap.xml", "/robots.txt", "/healthz"],
)
def test_pages_that_only_read_refuse_other_methods(client, story, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "GET" in response["Allow"]
