"""The page cache: rendered reader pages kept in Django's cache, dropped exactly
when something they show changes.

Each cached page records the *dependencies* it was rendered from (names such
as ``article:12``, ``section:3``, ``tag:7``, ``author:2``, ``articles`` for
site-wide lists, ``site`` for what every page shows) and the generation each
had then. A change sets new generations for the dependencies it touches
(`invalidate()`, called from the model signals at the bottom, after the
transaction commits); a page whose recorded generations are no longer current
is rendered again. `article_changes()` is the one place that knows what an
article change touches.

A scheduled article must appear exactly at its time, with no cron: every
entry expires no later than the next scheduled ``published_at`` seen before
it was rendered, and its ``Cache-Control`` ages are capped the same way.

Only anonymous GET and HEAD requests for reader pages are served from the
cache; a request carrying a session cookie (staff signed in) always gets a
fresh, ``private, no-store`` page. Searches are cached like any list, for a
shorter time, as each query is its own entry.
"""

import hashlib
import threading
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.module_loading import import_string

from images.models import Image
from operations.sessions import skip_session_machinery

from ..models import (
    Article,
    Author,
    AuthorLink,
    Correction,
    PageGeneration,
    Section,
    TaggedArticle,
)
from ..rows import SectionPageRow
from ..signals import articles_created

# Reader pages by URL name; everything else (admin, previews, health) is never
# cached.
READER_PAGES = frozenset(
    f"articles:{name}"
    for name in (
        "home",
        "search",
        "robots",
        "sitemap-index",
        "sitemap",
        "news-sitemap",
        "feed",
        "feed-atom",
        "tag",
        "tag-feed",
        "tag-feed-atom",
        "author",
        "author-feed",
        "author-feed-atom",
        "archive-month",
        "section",
        "section-feed",
        "section-feed-atom",
        "section-archive-month",
        "detail",
    )
)
# The URL names of pages other apps serve to anonymous readers and keep here
# the same way (the content API's, live stories'); their views name what each
# response shows in its `cache_dependencies`. Filled by register_pages(), so
# articles imports none of them.
REGISTERED_PAGES = set()
# Other apps' moments when pages change by the clock alone (a scheduled
# front, a banner's expiry): functions giving the next one (a timestamp) or
# None, cheaply, as they run before every render. Filled by register_schedule().
REGISTERED_SCHEDULES = []
SEARCH_SECONDS = 300
SAFE_METHODS = ["GET", "HEAD"]
# What every page shows: the section navigation, and photos.
SITE = "site"
# Lists of articles that are not about one subject: home, feeds, sitemaps,
# archives, search.
ARTICLES = "articles"
# Changes on every invalidation: a page rendered while one happened is not kept.
ANY_CHANGE = "any"


def generation_key(dependency):
    return f"pagecache:{settings.NEWSROOM_PAGE_CACHE_NAMESPACE}:gen:{dependency}"


class CacheGenerations:
    """Generations kept in the cache beside the pages, for a cache that every
    process shares (Redis): a change is seen everywhere at once."""

    def current(self, dependencies):
        """The generation of each dependency, starting one for any the cache
        lacks (never set, or evicted), so that no two states share one."""
        keys = [generation_key(dependency) for dependency in dependencies]
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, timeout=None)
                found[key] = cache.get(key)
        return tuple(found[key] for key in keys)

    def renew(self, dependencies):
        cache.set_many(
            {generation_key(name): uuid.uuid4().hex for name in dependencies},
            timeout=None,
        )

    renew_committed = renew


class DatabaseGenerations:
    """Generations for a cache each process keeps to itself (LocMemCache, the
    default): every committed change takes the next number in the database
    (PageGeneration), which all workers and app servers share, and each
    process reads the numbers given out since it last looked at most every
    NEWSROOM_PAGE_CACHE_CHECK_SECONDS. One query per interval, not per
    request: opening a database connection costs more than serving a cached
    page."""

    LATEST = ""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.start_era(latest=None)

    def start_era(self, latest):
        # Generations carry the era, so none given before a fresh start (or
        # a database restored to an older state) can match one after it.
        self.era = uuid.uuid4().hex
        self.base = latest
        self.latest = latest
        self.known = {}

    def current(self, dependencies):
        self.catch_up()
        # A new namespace starts everything afresh, as it does in the cache.
        era = f"{settings.NEWSROOM_PAGE_CACHE_NAMESPACE}:{self.era}"
        return tuple(
            f"{era}:{self.known.get(dependency, self.base)}"
            for dependency in dependencies
        )

    def catch_up(self):
        interval = settings.NEWSROOM_PAGE_CACHE_CHECK_SECONDS
        if time.monotonic() - self.checked_at < interval:
            return
        with self.lock:
            # From the database the request reads pages from (a reader's
            # replica), so generations match the data rendered.
            rows = PageGeneration.objects.using(router.db_for_read(PageGeneration))
            wanted = Q(name=self.LATEST)
            if self.latest is not None:
                wanted |= Q(number__gt=self.latest)
            numbers = dict(rows.filter(wanted).values_list("name", "number"))
            latest = numbers.pop(self.LATEST, 0)
            if self.latest is None or latest < self.latest:
                self.start_era(latest)
            else:
                self.known.update(numbers)
                self.latest = latest
            self.checked_at = time.monotonic()

    def renew(self, dependencies):
        """Before the change commits, this process alone moves on."""
        for dependency in dependencies:
            self.known[dependency] = uuid.uuid4().hex

    def renew_committed(self, dependencies):
        """Once it has, the database tells every process."""
        using = DEFAULT_DB_ALIAS
        table = PageGeneration._meta.db_table
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            # One statement takes the next number and, on PostgreSQL, holds
            # the row until commit, so numbers are seen in the order given.
            cursor.execute(
                f"INSERT INTO {table} (name, number) VALUES (%s, 1) "  # noqa: S608
                f"ON CONFLICT (name) DO UPDATE SET number = {table}.number + 1 "
                "RETURNING number",
                [self.LATEST],
            )
            (number,) = cursor.fetchone()
            PageGeneration.objects.using(using).bulk_create(
                [PageGeneration(name=name, number=number) for name in dependencies],
                update_conflicts=True,
                unique_fields=["name"],
                update_fields=["number"],
            )


GENERATION_STORES = {"cache": CacheGenerations(), "database": DatabaseGenerations()}


def generations():
    return GENERATION_STORES[settings.NEWSROOM_PAGE_CACHE_GENERATIONS]


def current_generations(dependencies):
    return generations().current(dependencies)


def invalidate(*dependencies):
    """Drop every page that shows any of `dependencies`: now, and again once
    the current transaction commits, so a page rendered from the data before
    the commit is not kept either; then tell the CDN."""
    dependencies = frozenset((*dependencies, ANY_CHANGE))
    generations().renew(dependencies)

    def committed():
        generations().renew_committed(dependencies)
        purge_cdn(dependencies - {ANY_CHANGE})

    # Robust: the change is committed, and a cache or CDN that fails now is
    # logged, not reported to the editor as a failed save.
    transaction.on_commit(committed, robust=True)


def purge_cdn(dependencies):
    """Tell the CDN in front, if any, to drop pages tagged with `dependencies`
    (the Surrogate-Key header lists each page's)."""
    import_string(settings.NEWSROOM_CDN_PURGE_BACKEND)(dependencies)


def no_cdn(dependencies):
    """The default purge backend: there is no CDN to tell."""


def article_changes(article, *, section_ids=(), tag_ids=None, author_ids=None):
    """What a change to `article` touches: its page, its section and the
    other sections it was in, its tags and authors (their pages, and the
    related articles and neighbours of every article sharing them), and the
    site-wide lists."""
    if tag_ids is None:
        tag_ids = TaggedArticle.objects.filter(content_object=article).values_list(
            "tag_id", flat=True
        )
    if author_ids is None:
        author_ids = article.authors.values_list("pk", flat=True)
    return {
        f"article:{article.pk}",
        ARTICLES,
        *(f"section:{pk}" for pk in {article.section_id, *section_ids}),
        *(f"tag:{pk}" for pk in tag_ids),
        *(f"author:{pk}" for pk in author_ids),
    }


def register_pages(url_names):
    """Keep the pages named `url_names` in the page cache like reader pages,
    dropped when any of their responses' `cache_dependencies` changes."""
    REGISTERED_PAGES.update(url_names)


def page_dependencies(url_name, context):
    """What the page rendered for `url_name` with `context` shows."""
    context = context or {}
    # A view extended by another app (articles.reader.views.FRONT_VIEWS) may
    # name what else its page shows.
    more = set(context.get("more_dependencies", ()))
    if url_name == "articles:detail" and "article" in context:
        article = context["article"]
        return {
            SITE,
            f"article:{article.pk}",
            f"section:{article.section_id}",
            *(f"tag:{tag.pk}" for tag in context["tags"]),
            *(f"author:{author.pk}" for author in context["authors"]),
            # An editor's explicit link may lead to another section.
            *(
                f"article:{pk}"
                for pk in (article.previous_article_id, article.next_article_id)
                if pk
            ),
            # What other apps add to the page (articles/reader/parts.py).
            *(
                dependency
                for part in context.get("parts", ())
                for dependency in part.dependencies
            ),
        }
    subjects = {
        "articles:section": "section",
        "articles:section-archive-month": "section",
        "articles:tag": "tag",
        "articles:author": "author",
    }
    if (subject := subjects.get(url_name)) and subject in context:
        return {SITE, f"{subject}:{context[subject].pk}", *more}
    return {SITE, ARTICLES, *more}


def register_schedule(next_time):
    """Let cached pages and their CDN ages end no later than `next_time()`
    too, as they do at the next scheduled article."""
    REGISTERED_SCHEDULES.append(next_time)


# What every page shows, kept in each process: {name: (generation, value)}.
_kept_in_memory = {}


def kept_in_memory(name, dependency, build):
    """build()'s result, kept in this process's memory until `dependency`
    changes. Every process reads the dependency's generation from the shared
    cache, so each drops its copy exactly when pages showing it are dropped,
    and nothing is unpickled on the way."""
    (generation,) = current_generations([dependency])
    kept = _kept_in_memory.get(name)
    if kept is None or kept[0] != generation:
        kept = _kept_in_memory[name] = (generation, build())
    return kept[1]


def navigation_sections():
    """All sections in navigation order, as rows, for every page's section
    navigation and each section's own page; built again only when a section
    changes."""
    return kept_in_memory(
        "navigation",
        SITE,
        lambda: [
            SectionPageRow(*section)
            for section in Section.objects.values_list(
                "pk", "name", "slug", "description"
            )
        ],
    )


def navigation_section(slug):
    """The section at `slug` (a row of navigation_sections()), or None."""
    return next((s for s in navigation_sections() if s.slug == slug), None)


def next_scheduled_time():
    """When the next scheduled article goes live or a registered schedule's
    moment comes (a timestamp), or None."""
    moments = [scheduled_article_time(), *(moment() for moment in REGISTERED_SCHEDULES)]
    return min((m for m in moments if m is not None), default=None)


def scheduled_article_time():
    """When the next scheduled article goes live (a timestamp), or None; from
    the cache until the schedule changes or that time comes."""
    (generation,) = current_generations([ARTICLES])
    key = f"pagecache:{settings.NEWSROOM_PAGE_CACHE_NAMESPACE}:scheduled:{generation}"
    scheduled = cache.get(key, default=False)
    if scheduled is False or (
        scheduled is not None and scheduled <= timezone.now().timestamp()
    ):
        published_at = (
            Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        scheduled = published_at.timestamp() if published_at else None
        cache.set(key, scheduled, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return scheduled


class PageCacheMiddleware:
    """Serve and keep anonymous readers' pages, with validators and
    Cache-Control fit for a CDN; staff always get a fresh, private page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        url_name = reader_page(request)
        if url_name is None:
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            if url_name in READER_PAGES:
                # Reader pages only read: no POST, PUT or DELETE reaches them.
                return HttpResponseNotAllowed(SAFE_METHODS)
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        skip_session_machinery(request)
        key = page_key(request)
        if settings.NEWSROOM_PAGE_CACHE and (entry := fresh_entry(key)):
            return answer(request, response_from(entry), entry)
        return self.render(request, url_name, key)

    def render(self, request, url_name, key):
        # Read before rendering, so that a change committed during the render
        # is noticed (ANY_CHANGE moves) and a time reached during it counts.
        (change_before,) = current_generations([ANY_CHANGE])
        rendered_at = timezone.now().timestamp()
        expires_at = rendered_at + (
            SEARCH_SECONDS
            if url_name == "articles:search"
            else settings.NEWSROOM_PAGE_CACHE_SECONDS
        )
        if (scheduled := next_scheduled_time()) is not None:
            expires_at = min(expires_at, scheduled)
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if url_name in REGISTERED_PAGES:
            dependencies = sorted(response.cache_dependencies)
        else:
            dependencies = sorted(
                page_dependencies(url_name, getattr(response, "context_data", None))
            )
        entry = {
            "content": response.content,
            "headers": dict(response.items()),
            "dependencies": dependencies,
            "etag": f'"{hashlib.md5(response.content).hexdigest()}"',
            "last_modified": int(rendered_at),
            "expires_at": expires_at,
        }
        generations = current_generations([*dependencies, ANY_CHANGE])
        timeout = int(expires_at - timezone.now().timestamp())
        if (
            settings.NEWSROOM_PAGE_CACHE
            and generations[-1] == change_before
            and timeout > 0
        ):
            entry["generations"] = generations[:-1]
            cache.set(key, entry, timeout)
        else:
            # Not kept, so the next request renders anew with a later time:
            # a Last-Modified would never match. The ETag still does.
            entry["last_modified"] = None
        return answer(request, response, entry)


def reader_page(request):
    """The URL name of the reader page `request` asks for, or None."""
    try:
        url_name = resolve(request.path_info).view_name
    except Resolver404:
        return None
    if url_name in READER_PAGES or url_name in REGISTERED_PAGES:
        return url_name
    return None


def page_key(request):
    path = hashlib.md5(request.get_full_path().encode()).hexdigest()
    return f"pagecache:{settings.NEWSROOM_PAGE_CACHE_NAMESPACE}:page:{path}"


def fresh_entry(key):
    entry = cache.get(key)
    if entry is None or entry["expires_at"] <= timezone.now().timestamp():
        return None
    if current_generations(entry["dependencies"]) != entry["generations"]:
        return None
    return entry


def response_from(entry):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def answer(request, response, entry):
    """`response` with validators, CDN headers and Cache-Control, or a 304
    if the reader's copy is current."""
    response["ETag"] = entry["etag"]
    if entry["last_modified"] is not None:
        response["Last-Modified"] = http_date(entry["last_modified"])
    response["Surrogate-Key"] = " ".join(entry["dependencies"])
    until_expiry = max(0, int(entry["expires_at"] - timezone.now().timestamp()))
    shared_age = min(settings.NEWSROOM_CDN_MAX_AGE, until_expiry)
    patch_cache_control(
        response,
        public=True,
        max_age=min(settings.NEWSROOM_BROWSER_MAX_AGE, until_expiry),
        s_maxage=shared_age,
        # A CDN must not serve a page past the next scheduled time either.
        stale_while_revalidate=min(
            settings.NEWSROOM_CDN_STALE_SECONDS, until_expiry - shared_age
        ),
    )
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=entry["last_modified"],
        response=response,
    )


# What changes which pages. Signals rather than save() so that tag and byline
# changes (taggit's and Django's many-to-many managers) are caught too.


@receiver(pre_save, sender=Article)
def remember_stored_article(sender, instance, raw, **kwargs):
    stored = Article.objects.filter(pk=instance.pk).values("status", "section_id")
    instance._stored_for_cache = stored.first() if instance.pk else None


def shown_to_readers(status):
    """Published, now or at a scheduled time (which sets when pages expire)."""
    return status == Article.Status.PUBLISHED


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw, **kwargs):
    stored = getattr(instance, "_stored_for_cache", None)
    # A draft that stays a draft changes nothing readers can see.
    if shown_to_readers(instance.status) or (
        stored and shown_to_readers(stored["status"])
    ):
        invalidate(
            *article_changes(
                instance, section_ids=[stored["section_id"]] if stored else []
            )
        )


@receiver(articles_created)
def articles_created_together(sender, articles, **kwargs):
    """An import's batch: one invalidation for all its published articles,
    touching what their saves one by one would have."""
    shown = {article.pk: article for article in articles if article.is_published()}
    if not shown:
        return
    tag_ids, author_ids = defaultdict(list), defaultdict(list)
    for article_id, tag_id in TaggedArticle.objects.filter(
        content_object_id__in=shown
    ).values_list("content_object_id", "tag_id"):
        tag_ids[article_id].append(tag_id)
    for article_id, author_id in Article.authors.through.objects.filter(
        article_id__in=shown
    ).values_list("article_id", "author_id"):
        author_ids[article_id].append(author_id)
    invalidate(
        *{
            dependency
            for pk, article in shown.items()
            for dependency in article_changes(
                article, tag_ids=tag_ids[pk], author_ids=author_ids[pk]
            )
        }
    )


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    if shown_to_readers(instance.status):
        # Its tags and bylines are gone with it: every list may have shown it.
        invalidate(*article_changes(instance, tag_ids=[], author_ids=[]), SITE)


@receiver(m2m_changed, sender=Article.authors.through)
def byline_changed(sender, instance, action, pk_set, **kwargs):
    if not isinstance(instance, Article) or not shown_to_readers(instance.status):
        return
    if action in ("post_add", "post_remove"):
        invalidate(*article_changes(instance), *(f"author:{pk}" for pk in pk_set))
    elif action == "pre_clear":
        invalidate(*article_changes(instance))


# taggit adds and removes tags row by row (get_or_create, queryset delete).
@receiver(post_save, sender=TaggedArticle)
@receiver(post_delete, sender=TaggedArticle)
def tagging_changed(sender, instance, raw=False, **kwargs):
    article = Article.objects.filter(pk=instance.content_object_id).first()
    if article and shown_to_readers(article.status):
        invalidate(*article_changes(article), f"tag:{instance.tag_id}")


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def correction_changed(sender, instance, **kwargs):
    invalidate(f"article:{instance.article_id}", ARTICLES)


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, **kwargs):
    invalidate(f"author:{instance.pk}", ARTICLES)


@receiver(post_save, sender=AuthorLink)
@receiver(post_delete, sender=AuthorLink)
def author_link_changed(sender, instance, **kwargs):
    invalidate(f"author:{instance.author_id}")


@receiver(post_save, sender="taggit.Tag")
@receiver(post_delete, sender="taggit.Tag")
def tag_changed(sender, instance, **kwargs):
    invalidate(f"tag:{instance.pk}", ARTICLES)


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_delete, sender=Image)
def shown_everywhere_changed(sender, instance, **kwargs):
    invalidate(SITE)


@receiver(post_save, sender=Image)
def image_saved(sender, instance, created, **kwargs):
    # A new photo is on no page yet.
    if not created:
        invalidate(SITE)
