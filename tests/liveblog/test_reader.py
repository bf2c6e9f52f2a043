import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Section
from liveblog.models import LiveStory
from liveblog.reader import ENTRIES_PER_PAGE


def updates_url(story, after):
    article = story.article
    path = reverse(
        "liveblog:updates",
        kwargs={"section_slug": article.section.slug, "slug": article.slug},
    )
    return f"{path}?after={after}"


def entry_ids(html):
    return [int(pk) for pk in re.findall(r'id="update-(\d+)"', html)]


def json_ld(html):
    """The objects of the page's JSON-LD."""
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return json.loads(script)


@pytest.mark.django_db
def test_story_page_lists_entries_newest_first_with_the_pinned_on_top(
    client, live_story, post
):
    oldest = post("<p>Clouds gather.</p>", minutes=30)
    pinned = post("<p>Evacuation routes: see the map.</p>", minutes=20, is_pinned=True)
    newest = post("<p>The storm is ashore.</p>", minutes=1)

    html = client.get(live_story.get_absolute_url()).content.decode()

    assert entry_ids(html) == [pinned.pk, newest.pk, oldest.pk]
    assert "Pinned" in html
    assert "Clouds gather." in html
    assert "Coverage has ended" not in html
    assert 'data-live-updates="/news/storm-hits-the-coast/updates/"' in html


@pytest.mark.django_db
def test_key_events_link_to_their_entries(client, live_story, post):
    post("<p>Nothing yet.</p>", minutes=9)
    event = post("<p>The sea wall is breached.</p>", minutes=5, is_key_event=True)
    response = client.get(live_story.get_absolute_url())
    assertContains(response, "Key events")
    assertContains(response, f'href="#update-{event.pk}"')


@pytest.mark.django_db
def test_older_updates_are_a_page_further(client, live_story, post):
    entries = [
        post(f"<p>Update {n}.</p>", minutes=100 - n)
        for n in range(ENTRIES_PER_PAGE + 5)
    ]
    first = client.get(live_story.get_absolute_url()).content.decode()
    shown = entry_ids(first)
    assert shown == [entry.pk for entry in reversed(entries)][:ENTRIES_PER_PAGE]
    older = re.search(r'href="(\?before=\d+)#live-heading">Show older updates', first)
    assert older

    second = client.get(live_story.get_absolute_url() + older[1]).content.decode()
    assert entry_ids(second) == [entry.pk for entry in reversed(entries[:5])]
    assert "Show older updates" not in second
    assert "Back to the newest updates" in second
    # The older page does not poll: what arrives belongs on the first.
    assert "live.js" not in second


@pytest.mark.django_db
@pytest.mark.parametrize("before", ["abc", "99999", "-1"])
def test_an_unknown_older_page_is_not_found(client, live_story, post, before):
    post("<p>One.</p>")
    response = client.get(f"{live_story.get_absolute_url()}?before={before}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_ended_coverage_says_so_and_stops_asking(client, live_story, post, now):
    post("<p>The storm has passed.</p>")
    live_story.coverage_ended_at = now
    live_story.save()
    response = client.get(live_story.get_absolute_url())
    assertContains(response, "Coverage has ended")
    assertNotContains(response, "live.js")
    assertContains(response, "The storm has passed.")


@pytest.mark.django_db
def test_structured_data_is_a_live_blog_posting(client, live_story, post, now):
    entry = post("<p>Winds of 120 km/h.</p>", title="Winds peak")
    live_story.coverage_ended_at = now
    live_story.save()
    html = client.get(live_story.get_absolute_url()).content.decode()
    posting = json_ld(html)[0]
    assert posting["@type"] == "LiveBlogPosting"
    assert posting["coverageStartTime"] == live_story.coverage_started_at.isoformat()
    assert posting["coverageEndTime"] == now.isoformat()
    (update,) = posting["liveBlogUpdate"]
    assert update["headline"] == "Winds peak"
    assert update["articleBody"] == "Winds of 120 km/h."
    assert update["url"].endswith(f"/news/storm-hits-the-coast/updates/{entry.pk}/")


@pytest.mark.django_db
def test_an_ordinary_article_is_not_a_live_story(client, make_article):
    article = make_article(title="Quiet Day")
    html = client.get(article.get_absolute_url()).content.decode()
    assert json_ld(html)[0]["@type"] == "NewsArticle"
    assert "live-entries" not in html


@pytest.mark.django_db
def test_the_fragment_holds_only_newer_entries(client, live_story, post):
    seen = post("<p>Seen.</p>", minutes=5)
    new = post("<p>New.</p>", minutes=1)
    response = client.get(updates_url(live_story, seen.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert entry_ids(html) == [new.pk]
    assert f'data-newest="{new.pk}"' in html
    assert "<html" not in html
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
@pytest.mark.parametrize("after", ["", "x", "-3", "1e3"])
def test_a_malformed_fragment_request_is_a_400(client, live_story, after):
    response = client.get(updates_url(live_story, after))
    assert response.status_code == 400
    assert b"?after=" in response.content


@pytest.mark.django_db
def test_polls_get_304_until_an_entry_is_posted(client, live_story, post):
    seen = post("<p>Seen.</p>")
    url = updates_url(live_story, seen.pk)
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304

    new = post("<p>Breaking.</p>")
    after_post = client.get(url, headers={"if-none-match": first["ETag"]})
    assert after_post.status_code == 200
    assert entry_ids(after_post.content.decode()) == [new.pk]


@pytest.mark.django_db
def test_a_correction_drops_the_cached_story_page(client, live_story, post):
    entry = post("<p>Winds of 90 km/h.</p>")
    url = live_story.get_absolute_url()
    assertContains(client.get(url), "Winds of 90 km/h.")
    entry.body = "<p>Winds of 120 km/h.</p>"
    entry.save()
    assertContains(client.get(url), "Winds of 120 km/h.")


@pytest.mark.django_db
def test_an_entry_purges_its_own_story_only(
    client, live_story, post, make_article, django_assert_num_queries
):
    other = LiveStory.objects.create(article=make_article(title="Other Storm"))
    post("<p>Other.</p>", story=other)
    other_url = updates_url(other, 0)
    client.get(other_url)
    post("<p>Here.</p>")
    with django_assert_num_queries(0):
        client.get(other_url)


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_at_1000_entries(
    client, live_story, post, django_assert_max_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    # The page cache's generations are read once an interval: not in between.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 3600
    for n in range(10):
        post(f"<p>Entry {n}.</p>", minutes=n, is_key_event=n % 3 == 0)
    url = live_story.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # Counted now: the connection's log is a ring the posts below overwrite.
    expected = len(few)
    entries = [
        post(f"<p>More {n}.</p>", minutes=20 + n, is_key_event=n % 3 == 0)
        for n in range(990)
    ]
    assert len(entries) == 990
    client.get(url)  # as before the first count: what the posts changed is read
    with django_assert_max_num_queries(expected):
        response = client.get(url)
    assert len(entry_ids(response.content.decode())) == ENTRIES_PER_PAGE


@pytest.mark.django_db
def test_each_entry_has_a_page_of_its_own(client, live_story, post):
    entry = post("<p>The bridge is closed.</p>", title="Bridge closed")
    response = client.get(
        reverse(
            "liveblog:entry",
            kwargs={
                "section_slug": "news",
                "slug": live_story.article.slug,
                "pk": entry.pk,
            },
        )
    )
    assertContains(
        response, '<h2 class="live-entry-title">Bridge closed</h2>', html=False
    )
    assertContains(response, "The bridge is closed.")
    assertContains(response, 'rel="canonical"')


@pytest.mark.django_db
def test_a_story_in_any_script_has_its_updates_feed_and_entry_pages(
    client, make_article, post, now
):
    greek = Section.objects.create(name="Ειδήσεις", slug="ειδήσεις")
    article = make_article(title="Καταιγίδα", slug="καταιγίδα", section=greek)
    story = LiveStory.objects.create(article=article, coverage_started_at=now)
    entry = post("<p>The bridge is closed.</p>", story=story)

    assertContains(client.get(story.get_absolute_url()), "/updates/feed/")
    assertContains(client.get(updates_url(story, after=0)), "The bridge is closed.")
    assert client.get("/ειδήσεις/καταιγίδα/updates/feed/").status_code == 200
    assertContains(
        client.get(f"/ειδήσεις/καταιγίδα/updates/{entry.pk}/"), "The bridge is closed."
    )


@pytest.mark.django_db
def test_the_story_has_a_feed_of_its_entries(client, live_story, post):
    post("<p>First.</p>", minutes=2, title="First entry")
    post("<p>Second.</p>", minutes=1, title="Second entry")
    response = client.get("/news/storm-hits-the-coast/updates/feed/")
    feed = response.content.decode()
    assert response.status_code == 200
    assert feed.index("Second entry") < feed.index("First entry")
    assertContains(client.get(live_story.get_absolute_url()), "updates/feed/")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_entries_of_an_unpublished_story_reach_no_reader(
    client, live_story, post, status
):
    entry = post("<p>Secret entry.</p>")
    Article.objects.filter(pk=live_story.article_id).update(status=status)
    article = live_story.article
    urls = [
        article.get_absolute_url(),
        updates_url(live_story, 0),
        f"/news/{article.slug}/updates/{entry.pk}/",
        f"/news/{article.slug}/updates/feed/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_a_scheduled_story_shows_nothing_before_its_time(
    client, live_story, post, future
):
    post("<p>Embargoed entry.</p>")
    Article.objects.filter(pk=live_story.article_id).update(published_at=future)
    assert client.get(updates_url(live_story, 0)).status_code == 404


@pytest.mark.django_db
def test_an_entry_of_another_story_is_not_found_here(
    client, live_story, post, make_article
):
    other = LiveStory.objects.create(article=make_article(title="Other Storm"))
    entry = post("<p>Elsewhere.</p>", story=other)
    url = f"/news/{live_story.article.slug}/updates/{entry.pk}/"
    assert client.get(url).status_code == 404
