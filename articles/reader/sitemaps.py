"""Sitemaps of what readers can reach, and a Google News sitemap of the last
two days' articles."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from ..models import Article, Author, Section
from .publisher import publisher

# Google News reads at most 1,000 articles, published in the last two days.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "updated_at", "section__slug")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's reads every item in Python: over 30 s at a million.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SubjectSitemap(Sitemap):
    """Sections, tags or authors, dated by the latest change to a published
    article about them: one grouped statement (a subquery per subject took
    seconds at a few thousand articles)."""

    articles = None  # from the subject to its articles
    # Only tags and authors a published article carries have a page.
    with_articles_only = True

    def subjects(self):
        raise NotImplementedError

    def items(self):
        published = Q(
            **{
                f"{self.articles}__status": Article.Status.PUBLISHED,
                f"{self.articles}__published_at__lte": timezone.now(),
            }
        )
        updated_at = f"{self.articles}__updated_at"
        if self.with_articles_only:
            # Filtered before grouping: the join holds those articles alone.
            subjects = self.subjects().filter(published)
            subjects = subjects.annotate(last_update=Max(updated_at))
        else:
            last_update = Max(updated_at, filter=published)
            subjects = self.subjects().annotate(last_update=last_update)
        return subjects.order_by("slug")

    def lastmod(self, subject):
        return subject.last_update

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("last_update"))["latest"]


class SectionSitemap(SubjectSitemap):
    articles = "articles"
    with_articles_only = False

    def subjects(self):
        return Section.objects.all()


class TagSitemap(SubjectSitemap):
    articles = "articles_taggedarticle_items__content_object"

    def subjects(self):
        return Tag.objects.all()

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SubjectSitemap):
    articles = "articles"

    def subjects(self):
        return Author.objects.all()


class NewsSitemap(ArticleSitemap):
    """Articles for Google News: its <news:news> entries need a title, the
    publication time and the publication's name and language."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - NEWS_SITEMAP_AGE
        return (
            super()
            .items()
            .filter(published_at__gte=since)
            .only("title", "slug", "published_at", "updated_at", "section__slug")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        publication = {
            "name": publisher().name,
            "language": settings.LANGUAGE_CODE.split("-")[0],
        }
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["publication"] = publication
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
