import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils.dateparse import parse_datetime
from pytest_django.asserts import assertContains

from articles.models import Article, Section

DRAFT = Article.Status.DRAFT
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def stories(make_article, author, now, future):
    older = make_article(
        title="Harbour plan approved",
        dek="The council voted 7 to 2.",
        body="<p>The council <em>met</em>.</p>",
        published_at=now - timedelta(days=2),
    )
    newer = make_article(title="Bridge reopens", published_at=now - timedelta(hours=1))
    newer.authors.add(author)
    newer.tags.add("Transport", "Bridges")
    make_article(title="Secret draft", status=DRAFT)
    make_article(title="Embargoed story", published_at=future)
    return [newer, older]


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


@pytest.mark.django_db
def test_rss_feed_lists_published_articles_newest_first(client, stories):
    channel, items = rss_items(client.get("/feed/"))

    assert channel.findtext("title") == "Newsroom"
    assert channel.findtext("link") == "http://testserver/"
    assert len(items) == len(stories)
    for item, article in zip(items, stories, strict=True):
        assert item.findtext("title") == article.title
        assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
        assert item.findtext("description") == article.body
        assert parsedate_to_datetime(item.findtext("pubDate")) == (
            article.published_at.replace(microsecond=0)
        )
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text == (
            f"tag:localhost,{article.created_at.date().isoformat()}"
            f":article:{article.pk}"
        )
    assert items[0].findtext("{http://purl.org/dc/elements/1.1/}creator") == (
        "Ada Reporter"
    )
    assert [c.text for c in items[0].findall("category")] == ["Bridges", "Transport"]


@pytest.mark.django_db
def test_atom_feed_carries_the_same_entries(client, stories):
    response = client.get("/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall("atom:entry", ATOM)
    assert [e.findtext("atom:title", namespaces=ATOM) for e in entries] == [
        article.title for article in stories
    ]
    for entry, article in zip(entries, stories, strict=True):
        published = parse_datetime(entry.findtext("atom:published", namespaces=ATOM))
        updated = parse_datetime(entry.findtext("atom:updated", namespaces=ATOM))
        assert published == article.published_at
        assert updated == article.updated_at
        assert entry.find("atom:link", ATOM).get("href") == (
            f"http://testserver{article.get_absolute_url()}"
        )


@pytest.mark.django_db
def test_guid_survives_a_new_title_slug_and_section(client, stories):
    _, before = rss_items(client.get("/feed/"))
    article = stories[1]
    article.title = "Harbour plan finally approved"
    article.slug = "harbour-plan-finally-approved"
    article.section = Section.objects.create(name="Politics", slug="politics")
    article.save()

    _, after = rss_items(client.get("/feed/"))

    assert [item.findtext("guid") for item in after] == [
        item.findtext("guid") for item in before
    ]
    assert after[1].findtext("title") == "Harbour plan finally approved"


@pytest.mark.django_db
def test_feed_carries_the_dek_when_full_text_is_off(client, stories, settings):
    settings.NEWSROOM_FEED_FULL_TEXT = False

    _, items = rss_items(client.get("/feed/"))

    assert items[1].findtext("description") == "The council voted 7 to 2."


@pytest.mark.django_db
def test_section_feed_has_only_its_articles(client, stories, make_article):
    sport = Section.objects.create(name="Sport", slug="sport")
    make_article(title="Cup final", section=sport)
    make_article(title="Sport draft", section=sport, status=DRAFT)

    channel, items = rss_items(client.get("/sport/feed/"))

    assert channel.findtext("title") == "Sport | Newsroom"
    assert channel.findtext("link") == "http://testserver/sport/"
    assert [item.findtext("title") for item in items] == ["Cup final"]
    entries = ET.fromstring(client.get("/sport/feed/atom/").content)
    assert [
        e.findtext("atom:title", namespaces=ATOM)
        for e in entries.findall("atom:entry", ATOM)
    ] == ["Cup final"]


@pytest.mark.django_db
def test_tag_and_author_feeds_have_only_their_articles(client, stories):
    for url in ("/tags/transport/feed/", "/authors/ada-reporter/feed/"):
        _, items = rss_items(client.get(url))
        assert [item.findtext("title") for item in items] == ["Bridge reopens"]
    atom = ET.fromstring(client.get("/tags/bridges/feed/atom/").content)
    assert atom.findtext("atom:title", namespaces=ATOM) == "Bridges | Newsroom"


@pytest.mark.django_db
def test_feed_of_a_subject_seen_only_on_drafts_is_404(client, make_article, author):
    draft = make_article(title="Draft", status=DRAFT)
    draft.tags.add("Merger talks")
    draft.authors.add(author)

    assert client.get("/tags/merger-talks/feed/").status_code == 404
    assert client.get("/authors/ada-reporter/feed/").status_code == 404
    assert client.get("/no-such-section/feed/").status_code == 404


@pytest.mark.django_db
def test_feed_is_limited_to_the_latest_thirty(client, make_article, now):
    for n in range(35):
        make_article(title=f"Story {n:02}", published_at=now - timedelta(hours=n + 1))

    _, items = rss_items(client.get("/feed/"))

    assert [item.findtext("title") for item in items] == [
        f"Story {n:02}" for n in range(30)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/feed/"),
        ("/news/", "/news/feed/"),
        ("/tags/transport/", "/tags/transport/feed/"),
        ("/authors/ada-reporter/", "/authors/ada-reporter/feed/"),
    ],
)
def test_pages_announce_their_feeds(client, stories, url, feed):
    response = client.get(url)

    assertContains(response, '<link rel="alternate" type="application/rss+xml" title="')
    assertContains(response, f'href="{feed}"')
    assertContains(response, f'href="{feed}atom/"')


@pytest.mark.django_db
def test_atom_feed_names_the_publisher_as_author_when_entries_have_no_byline(
    client, make_article
):
    make_article(title="No Byline")

    feed = ET.fromstring(client.get("/feed/atom/").content)

    atom = "{http://www.w3.org/2005/Atom}"
    author = feed.find(f"{atom}author/{atom}name")
    assert author is not None and author.text
    assert feed.find(f"{atom}entry/{atom}author") is None
