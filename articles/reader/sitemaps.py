"""Sitemaps of what readers can reach, and a Google News sitemap of the last
two days' articles."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from ..models import Article, Author, Section
from .publisher import publisher

# Google News reads at most 1,000 articles, published in the last two days.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)


def last_update(article_lookup):
    """The latest change to a published article about the outer subject."""
    return Subquery(
        Article.objects.published()
        .filter(**{article_lookup: OuterRef("pk")})
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )


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


class SubjectSitemap(Sitemap):
    """Sections, tags or authors, dated by their latest published article."""

    article_lookup = None  # from Article to the subject

    def subjects(self):
        raise NotImplementedError

    def items(self):
        return (
            self.subjects()
            .annotate(last_update=last_update(self.article_lookup))
            .order_by("slug")
        )

    def lastmod(self, subject):
        return subject.last_update


class SectionSitemap(SubjectSitemap):
    article_lookup = "section"

    def subjects(self):
        return Section.objects.all()


class TagSitemap(SubjectSitemap):
    article_lookup = "tags"

    def subjects(self):
        # Only tags that a published article carries have a page.
        return Tag.objects.filter(
            articles_taggedarticle_items__content_object__in=(
                Article.objects.published()
            )
        ).distinct()

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SubjectSitemap):
    article_lookup = "authors"

    def subjects(self):
        return Author.objects.filter(
            articles__in=Article.objects.published()
        ).distinct()


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
