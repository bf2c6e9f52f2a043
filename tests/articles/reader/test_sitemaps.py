import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils.dateparse import parse_datetime

from articles.models import Article, Section
from articles.reader.sitemaps import NewsSitemap

DRAFT = Article.Status.DRAFT
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def entries(response):
    """{location: lastmod} of a sitemap."""
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in parse(response).findall("sm:url", NS)
    }


@pytest.fixture
def site(make_article, author, now, future):
    sport = Section.objects.create(name="Sport", slug="sport")
    Section.objects.create(name="Empty", slug="empty")
    story = make_article(title="Harbour plan", published_at=now - timedelta(days=5))
    story.tags.add("Harbour")
    story.authors.add(author)
    cup = make_article(title="Cup final", section=sport)
    draft = make_article(title="Secret draft", status=DRAFT)
    draft.tags.add("Secret tag")
    draft.authors.create(name="Draft Only", slug="draft-only")
    make_article(title="Embargoed", published_at=future).tags.add("Embargo tag")
    return {"story": story, "cup": cup}


@pytest.mark.django_db
def test_sitemap_index_lists_one_sitemap_per_kind_and_the_news(client, site):
    root = parse(client.get("/sitemap.xml"))

    locations = {s.findtext("sm:loc", namespaces=NS) for s in root}
    assert locations == {
        *(
            f"http://testserver/sitemap-{kind}.xml"
            for kind in ("articles", "sections", "tags", "authors")
        ),
        "http://testserver/news-sitemap.xml",
    }


@pytest.mark.django_db
def test_article_sitemap_has_published_articles_with_lastmod(client, site):
    published = Article.objects.published()

    assert entries(client.get("/sitemap-articles.xml")) == {
        f"http://testserver{article.get_absolute_url()}": str(article.updated_at.date())
        for article in published
    }
    assert published.count() == 2


@pytest.mark.django_db
def test_subject_sitemaps_date_subjects_by_their_latest_article(client, site):
    story, cup = site["story"], site["cup"]

    assert entries(client.get("/sitemap-sections.xml")) == {
        "http://testserver/news/": story.updated_at.date().isoformat(),
        "http://testserver/sport/": cup.updated_at.date().isoformat(),
        "http://testserver/empty/": None,
    }
    assert entries(client.get("/sitemap-tags.xml")) == {
        "http://testserver/tags/harbour/": story.updated_at.date().isoformat()
    }
    assert entries(client.get("/sitemap-authors.xml")) == {
        "http://testserver/authors/ada-reporter/": story.updated_at.date().isoformat()
    }


@pytest.mark.django_db
def test_sitemap_index_dates_each_sitemap_by_its_latest_published_change(
    client, site, now
):
    story = site["story"]
    Article.objects.filter(pk=story.pk).update(updated_at=now + timedelta(days=3))
    # A draft changed even later dates nothing a reader can reach.
    Article.objects.filter(status=DRAFT).update(updated_at=now + timedelta(days=9))

    root = parse(client.get("/sitemap.xml"))

    dated = {
        s.findtext("sm:loc", namespaces=NS): s.findtext("sm:lastmod", namespaces=NS)
        for s in root
    }
    latest = (now + timedelta(days=3)).date().isoformat()
    for kind in ("articles", "sections", "tags", "authors"):
        assert dated[f"http://testserver/sitemap-{kind}.xml"].startswith(latest)


@pytest.mark.django_db
def test_news_sitemap_has_the_last_two_days_only(client, make_article, now, future):
    fresh = make_article(
        title="Fresh & “quoted”", published_at=now - timedelta(hours=3)
    )
    make_article(title="Yesterday's", published_at=now - timedelta(days=1))
    make_article(title="Stale", published_at=now - timedelta(days=2, minutes=1))
    make_article(title="Draft", status=DRAFT)
    make_article(title="Embargoed", published_at=future)

    root = parse(client.get("/news-sitemap.xml"))

    urls = root.findall("sm:url", NS)
    titles = [url.findtext("news:news/news:title", namespaces=NS) for url in urls]
    assert sorted(titles) == ["Fresh & “quoted”", "Yesterday's"]
    entry = next(
        url
        for url in urls
        if url.findtext("sm:loc", namespaces=NS).endswith(fresh.get_absolute_url())
    )
    news = entry.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published = parse_datetime(news.findtext("news:publication_date", namespaces=NS))
    assert published == fresh.published_at


@pytest.mark.django_db
def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.mark.django_db
def test_sitemap_queries_do_not_grow_with_articles(
    client, make_article, author, now, settings, django_assert_max_num_queries
):
    def grow(count):
        for n in range(Article.objects.count(), Article.objects.count() + count):
            article = make_article(title=f"Story {n}", published_at=now - timedelta(n))
            article.tags.add(f"tag {n}")
            article.authors.add(author)

    # Generations are read again from the database every half second, which
    # a loaded machine can pass in mid-request: an extra query, not a cost.
    settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS = 3600
    kinds = ("articles", "sections", "tags", "authors")
    # What each process reads once and keeps until it changes (the fronts'
    # schedules, kept_in_memory) is read before counting.
    client.get("/sitemap.xml")
    grow(3)
    small = {}
    for kind in kinds:
        with django_assert_max_num_queries(3) as queries:
            client.get(f"/sitemap-{kind}.xml")
        small[kind] = len(queries.captured_queries)

    grow(20)
    for kind in kinds:
        with django_assert_max_num_queries(small[kind]):
            client.get(f"/sitemap-{kind}.xml")


@pytest.mark.django_db
def test_robots_txt_names_every_page_of_the_news_sitemap(
    client, make_article, now, monkeypatch
):
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    for number in range(5):
        make_article(title=f"Fresh {number}", published_at=now)

    lines = client.get("/robots.txt").content.decode().splitlines()

    news = [line for line in lines if "news-sitemap" in line]
    assert news == [
        "Sitemap: http://testserver/news-sitemap.xml",
        "Sitemap: http://testserver/news-sitemap.xml?p=2",
        "Sitemap: http://testserver/news-sitemap.xml?p=3",
    ]
    assert client.get("/news-sitemap.xml?p=3").status_code == 200
    index = parse(client.get("/sitemap.xml"))
    listed = [s.findtext("sm:loc", namespaces=NS) for s in index]
    assert [location for location in listed if "news-sitemap" in location] == [
        line.removeprefix("Sitemap: ") for line in news
    ]
