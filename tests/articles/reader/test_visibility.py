"""Nothing unpublished reaches a reader by any URL this site serves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author

DRAFT = Article.Status.DRAFT
SECRETS = ("Zanzibarsecret", "zanzibarsecret")


@pytest.fixture
def newsroom(make_article, author, now):
    """A public article beside a draft and a scheduled one that share its
    tag, author and month, and carry their own tag and author."""
    public = make_article(
        title="Harbour plan approved",
        body="<p>Harbour news.</p>",
        published_at=now - timedelta(minutes=5),
    )
    public.tags.add("Harbour")
    public.authors.add(author)
    insider = Author.objects.create(name="Zanzibarsecret Insider", slug="insider")
    for status, published_at in ((DRAFT, now), ("published", now + timedelta(hours=1))):
        hidden = make_article(
            title=f"Zanzibarsecret {status}",
            dek="Zanzibarsecret dek",
            body="<p>Harbour Zanzibarsecret body.</p>",
            status=status,
            published_at=published_at,
        )
        hidden.tags.add("Harbour", "Zanzibarsecret tag")
        hidden.authors.add(author, insider)
    return public


def public_urls(public):
    """Every public URL that could show the hidden articles, with what each
    shows of the public one."""
    month = timezone.localtime(public.published_at).strftime("%Y/%m")
    title, url = public.title, public.get_absolute_url()
    return {
        "/": title,
        "/news/": title,
        url: title,
        "/tags/harbour/": title,
        "/authors/ada-reporter/": title,
        f"/archive/{month}/": title,
        f"/news/archive/{month}/": title,
        "/search/?q=harbour": "1 result",
        "/feed/": title,
        "/feed/atom/": title,
        "/news/feed/": title,
        "/news/feed/atom/": title,
        "/tags/harbour/feed/": title,
        "/tags/harbour/feed/atom/": title,
        "/authors/ada-reporter/feed/": title,
        "/authors/ada-reporter/feed/atom/": title,
        "/sitemap.xml": "sitemap-articles.xml",
        "/sitemap-articles.xml": url,
        "/sitemap-sections.xml": "/news/",
        "/sitemap-tags.xml": "/tags/harbour/",
        "/sitemap-authors.xml": "/authors/ada-reporter/",
        "/news-sitemap.xml": title,
        "/robots.txt": "Sitemap:",
    }


@pytest.mark.django_db
def test_no_url_shows_drafts_or_scheduled_articles(client, newsroom):
    for url, expected in public_urls(newsroom).items():
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert expected in content, url
        for secret in SECRETS:
            assert secret not in content, url


@pytest.mark.django_db
def test_search_does_not_find_words_only_unpublished_articles_use(client, newsroom):
    response = client.get("/search/", {"q": "Zanzibarsecret"})

    assert response.status_code == 200
    assert "0 results" in response.content.decode()
    assert 'class="card search-result"' not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/tags/zanzibarsecret-tag/",
        "/tags/zanzibarsecret-tag/feed/",
        "/tags/zanzibarsecret-tag/feed/atom/",
        "/authors/insider/",
        "/authors/insider/feed/",
        "/authors/insider/feed/atom/",
        "/news/zanzibarsecret-draft/",
        "/news/zanzibarsecret-published/",
    ],
)
def test_subjects_seen_only_on_unpublished_articles_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/search/",
        "/feed/",
        "/news/feed/",
        "/tags/harbour/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/archive/2023/05/",
    ],
)
@pytest.mark.parametrize(
    "query",
    ["?page=abc", "?p=abc", "?p=%00", "?q=%00%ff", "?page=1&page=2", "?x=<script>"],
)
def test_odd_query_strings_never_error_on_new_urls(client, newsroom, url, query):
    assert client.get(url + query).status_code in (200, 400, 404)
