"""What readers get of a live story: its entries on the article's page (a
part, articles/reader/parts.py), the fragment of newer entries the page's
script asks for, each entry's own page, and the entries' feed. Every one
starts from Article.objects.published()."""

from csp.constants import SELF
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import strip_tags

from articles.models import Article
from articles.publishing.cache import SITE, kept_in_memory
from articles.reader.parts import ArticlePart
from embeds.providers import FRAME_SOURCES
from embeds.reader import ShownEmbeds

from .models import LiveEntry, LiveStory, entry_url

ENTRIES_PER_PAGE = 20
KEY_EVENTS = 10
# A reader away longer than this many entries reloads instead.
FRAGMENT_ENTRIES = 50
STRUCTURED_UPDATES = 10
# Which articles are live stories, known without a query on every article page.
LIVE_STORIES = "live-stories"


def live_dependency(article_id):
    """What every page showing a live story's entries depends on."""
    return f"live:{article_id}"


def live_page_dependencies(article_id):
    """What the pages of a live story's entries alone show (its updates,
    feed, entry pages and API), for the page cache."""
    return {SITE, f"article:{article_id}", live_dependency(article_id)}


def kept_live_stories():
    """{article id: when its coverage ends, or None} for every live story."""
    return kept_in_memory(
        LIVE_STORIES,
        LIVE_STORIES,
        lambda: dict(LiveStory.objects.values_list("article_id", "coverage_ended_at")),
    )


def live_article_ids():
    return kept_live_stories().keys()


def positive_number(value):
    """An id from the query string, or None when it is not one."""
    if value is None or not value.isascii() or not value.isdigit():
        return None
    return int(value) if len(value) < 19 else None


def live_part(request, article):
    """A live story's entries for its article page: the pinned one, a page of
    the newest (or those before ?before=<entry id>), and the key events."""
    if article.pk not in live_article_ids():
        return None
    story = LiveStory.objects.filter(article_id=article.pk).first()
    if story is None:
        return None
    entries = story.entries.for_page()
    stream = entries.filter(is_pinned=False)
    pinned = None
    if "before" in request.GET:
        before_id = positive_number(request.GET["before"])
        before = story.entries.filter(pk=before_id).first() if before_id else None
        if before is None:
            raise Http404("No such update in this story.")
        stream = stream.older_than(before)
    else:
        pinned = entries.filter(is_pinned=True).first()
    shown = list(stream[: ENTRIES_PER_PAGE + 1])
    shown, older = shown[:ENTRIES_PER_PAGE], len(shown) > ENTRIES_PER_PAGE
    on_page = {entry.pk for entry in shown} | ({pinned.pk} if pinned else set())
    # An in-page link to an event shown here, else to the event's own page.
    key_events = [
        (
            entry,
            f"#update-{entry.pk}" if entry.pk in on_page else entry_url(article, entry),
        )
        for entry in story.entries.filter(is_key_event=True)[:KEY_EVENTS]
    ]
    newest = story.entries.order_by("-pk").values_list("pk", flat=True).first() or 0
    embeds = ShownEmbeds([entry.body for entry in [pinned, *shown] if entry])
    # Updates arriving while the page is open may frame any known provider.
    frames = embeds.frame_sources() | (set() if story.has_ended() else FRAME_SOURCES)
    return ArticlePart(
        template="liveblog/live.html",
        head_template="liveblog/head.html",
        context={
            "story": story,
            "has_ended": story.has_ended(),
            "pinned": pinned,
            "entries": shown,
            "older_url": f"?before={shown[-1].pk}" if older else None,
            "is_first_page": "before" not in request.GET,
            "key_events": key_events,
            "newest_id": newest,
            "poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
            "embeds": embeds,
        },
        frame_sources=frozenset(frames),
        dependencies=frozenset({live_dependency(article.pk)}),
        structured_data=live_blog_posting(request, article, story, [pinned, *shown]),
    )


def live_blog_posting(request, article, story, entries):
    """What schema.org's LiveBlogPosting adds to the article's NewsArticle."""
    absolute = request.build_absolute_uri
    updates = sorted(
        (entry for entry in entries if entry), key=lambda e: e.posted_at, reverse=True
    )
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": story.coverage_started_at.isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": str(entry),
                "datePublished": entry.posted_at.isoformat(),
                "dateModified": entry.updated_at.isoformat(),
                "url": absolute(entry_url(article, entry)),
                "articleBody": " ".join(strip_tags(entry.body).split()),
            }
            for entry in updates[:STRUCTURED_UPDATES]
        ],
    }
    if story.coverage_ended_at:
        data["coverageEndTime"] = story.coverage_ended_at.isoformat()
    return data


def published_live_article(section_slug, slug):
    return get_object_or_404(
        Article.objects.published()
        .filter(live_story__isnull=False)
        .select_related("section", "live_story"),
        section__slug=section_slug,
        slug=slug,
    )


def updates(request, section_slug, slug):
    """The entries posted after ?after=<entry id>, newest first, as a fragment
    of the story's page for its script; cached like a page, so most polls
    are 304s."""
    after = positive_number(request.GET.get("after"))
    if after is None:
        return HttpResponseBadRequest(
            "?after= must be the id of the newest update you have (0 for none).",
            content_type="text/plain; charset=utf-8",
        )
    article = published_live_article(section_slug, slug)
    story = article.live_story
    newer = list(story.entries.for_page().newer_than(after)[: FRAGMENT_ENTRIES + 1])
    response = TemplateResponse(
        request,
        "liveblog/updates.html",
        {
            "article": article,
            "entries": newer[:FRAGMENT_ENTRIES],
            # Framed only from where the open page's policy lets frames come.
            "embeds": ShownEmbeds(
                [entry.body for entry in newer[:FRAGMENT_ENTRIES]],
                may_frame=FRAME_SOURCES,
            ),
            "is_incomplete": len(newer) > FRAGMENT_ENTRIES,
            "has_ended": story.has_ended(),
            "newest_id": max([after, *(entry.pk for entry in newer)]),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response.cache_dependencies = live_page_dependencies(article.pk)
    return response


def entry(request, section_slug, slug, pk):
    """One entry on a page of its own: what its permalink shows."""
    article = published_live_article(section_slug, slug)
    shown = get_object_or_404(
        LiveEntry.objects.for_page().filter(story=article.live_story), pk=pk
    )
    embeds = ShownEmbeds([shown.body])
    response = TemplateResponse(
        request,
        "liveblog/entry_detail.html",
        {
            "article": article,
            "story": article.live_story,
            "entry": shown,
            "embeds": embeds,
        },
    )
    if sources := embeds.frame_sources():
        response._csp_update = {"frame-src": [SELF, *sorted(sources)]}
    response.cache_dependencies = live_page_dependencies(article.pk)
    return response
