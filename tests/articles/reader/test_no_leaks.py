"""Nothing unpublished reaches a reader, on any public URL the site has.

Every URL pattern outside the admin is walked from the resolver, so a page,
feed, sitemap or search added later is covered without editing this file. Each
URL is fetched anonymously before and after the newsroom fills up with drafts,
articles in review, scheduled articles and unpublished changes to a live one;
a reader must not be able to tell the difference: not a title, a link, a
count or a status code.
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Correction,
    PreviewLink,
    Section,
    save_pending_edit,
)
from frontpage.models import Front
from liveblog.models import LiveEntry, LiveStory

# The last is how a live story's page asks for its newer entries.
QUERY_STRINGS = ["", "?page=2&q=Secret", "?after=0"]
# Slugs and ids the hidden articles, tags and authors below will have.
HIDDEN_SLUGS = ["secret-draft", "secret-review", "secret-embargo", "secret-renamed"]
HIDDEN_TAGS = ["secret-tag", "pending-tag"]
HIDDEN_AUTHORS = ["secret-author"]


def public_url_patterns(resolver=None, prefix=""):
    """(name, route converters) of every named URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from public_url_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", list(entry.pattern.converters)


def candidate_urls(values, section_slugs):
    """Each public pattern filled with every fitting combination of values."""
    for name, kwargs in public_url_patterns():
        # Only section slugs can fill a section's place; this keeps the walk short.
        choices = [section_slugs if "section" in kwarg else values for kwarg in kwargs]
        for combination in itertools.product(*choices):
            try:
                path = reverse(name, kwargs=dict(zip(kwargs, combination, strict=True)))
            except NoReverseMatch:
                continue
            for query in QUERY_STRINGS:
                yield name, path + query


def build_public_world(now):
    news = Section.objects.create(name="News", slug="news")
    Section.objects.create(name="Desk", slug="desk")  # only hidden articles
    ada = Author.objects.create(name="Ada Reporter", slug="ada-reporter")
    articles = []
    for n in range(2):
        article = Article.objects.create(
            title=f"Public Story {n}",
            section=news,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=2 - n),
            body="<p>Public.</p>",
        )
        article.authors.add(ada)
        article.tags.add("Budget")
        articles.append(article)
    story = LiveStory.objects.create(article=articles[0])
    LiveEntry.objects.create(story=story, body="<p>Public entry.</p>")
    return articles


def build_hidden_world(now, public):
    news, desk = Section.objects.all().order_by("name").reverse()
    secret_author = Author.objects.create(name="Secret Author", slug="secret-author")
    hidden = [
        ("secret-draft", Article.Status.DRAFT, None, news),
        ("secret-review", Article.Status.REVIEW, None, desk),
        ("secret-embargo", Article.Status.PUBLISHED, now + timedelta(hours=1), news),
        ("secret-renamed", Article.Status.DRAFT, now - timedelta(hours=1), news),
    ]
    for slug, status, published_at, section in hidden:
        article = Article.objects.create(
            title=f"Secret {slug}",
            slug=slug,
            section=section,
            status=status,
            published_at=published_at,
            body="<p>Secret body.</p>",
        )
        article.authors.add(secret_author, *public[0].authors.all())
        article.tags.add("Budget", "Secret Tag")
        Correction.objects.create(article=article, text="Secret correction.")
        PreviewLink.objects.create(article=article)
        ArticleRedirect.objects.create(old_path=f"/news/old-{slug}/", article=article)
        story = LiveStory.objects.create(article=article)
        entry = LiveEntry.objects.create(story=story, body="<p>Secret entry.</p>")
        entry.authors.add(secret_author)
    # A live article that points at a draft, and has changes waiting. The link
    # is set without save(), which would rightly change the article's modified
    # time on its page and in feeds and sitemaps.
    Article.objects.filter(pk=public[0].pk).update(
        next_article=Article.objects.get(slug="secret-draft")
    )
    # Hidden stories placed on the fronts: the home page's lead and top
    # stories, and pinned on News; and a front scheduled for later.
    hidden_ids = list(
        Article.objects.filter(slug__in=HIDDEN_SLUGS).values_list("pk", flat=True)
    )
    Front.objects.create().arrangements.create(
        stories=hidden_ids, takes_effect_at=now - timedelta(minutes=1)
    )
    Front.objects.create(section=news).arrangements.create(
        stories=hidden_ids, takes_effect_at=now - timedelta(minutes=1)
    )
    Front.objects.get(section=None).arrangements.create(
        stories=[public[0].pk], takes_effect_at=now + timedelta(hours=2)
    )
    save_pending_edit(
        article=public[1],
        saved_by=None,
        title="Secret pending headline",
        dek="Secret pending standfirst",
        body="<p>Secret pending body.</p>",
        authors=[secret_author],
        tag_names=["Pending Tag"],
        is_significant_update=True,
    )


# An empty feed has no article to date it by, so it carries the time of the
# request; that is the clock, not a leak.
EMPTY_FEED_DATE = re.compile(
    rb"<lastBuildDate>[^<]*</lastBuildDate>|<updated>[^<]*</updated>"
)


def fetch(client, url):
    response = client.get(url)
    content = response.content
    if b"<item>" not in content and b"<entry>" not in content:
        content = EMPTY_FEED_DATE.sub(b"", content)
    return response.status_code, response.get("Location"), content


@pytest.mark.django_db
def test_nothing_unpublished_reaches_any_public_url(client):
    now = timezone.now()
    public = build_public_world(now)
    section_slugs = list(Section.objects.values_list("slug", flat=True))
    last_pk = public[-1].pk
    values = [
        *section_slugs,
        *(article.slug for article in public),
        *HIDDEN_SLUGS,
        *HIDDEN_TAGS,
        "budget",
        "ada-reporter",
        *HIDDEN_AUTHORS,
        *(article.pk for article in public),
        *range(last_pk + 1, last_pk + 1 + len(HIDDEN_SLUGS)),
    ]
    urls = sorted(set(candidate_urls(values, section_slugs)))
    before = {url: fetch(client, url) for _, url in urls}

    build_hidden_world(now, public)
    # The hidden articles took the ids `values` expected.
    assert Article.objects.get(slug="secret-draft").pk == last_pk + 1

    changed = [url for _, url in urls if fetch(client, url) != before[url]]
    assert changed == []
    # The walk did reach the reader's pages, with content on them.
    names = {name for name, _ in urls}
    assert {"articles:home", "articles:section", "articles:detail"} <= names
    assert {"articles:tag", "articles:author", "articles:preview"} <= names
    assert {"liveblog:updates", "liveblog:entry", "liveblog:feed"} <= names
    public_updates = f"{public[0].get_absolute_url()}updates/?after=0"
    assert b"Public entry." in before[public_updates][2]
    assert sum(status == 200 for status, _, _ in before.values()) >= 10


@pytest.mark.django_db
def test_old_addresses_of_hidden_articles_are_404(client):
    now = timezone.now()
    build_hidden_world(now, build_public_world(now))
    for slug in HIDDEN_SLUGS:
        assert client.get(f"/news/old-{slug}/").status_code == 404
