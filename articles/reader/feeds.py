"""RSS 2.0 and Atom feeds of published articles: the whole site, and one
section, tag or author."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from ..models import Article, Author, Section
from .publisher import publisher

FEED_LENGTH = 30


def article_tag_uri(article):
    """A GUID that survives changes of title, slug and section (RFC 4151)."""
    created_on = article.created_at.date().isoformat()
    return f"tag:{settings.NEWSROOM_TAG_AUTHORITY},{created_on}:article:{article.pk}"


class ArticleFeed(Feed):
    """The latest published articles of the whole site."""

    item_guid_is_permalink = False

    def title(self, subject=None):
        name = publisher().name
        return f"{subject} | {name}" if subject else name

    def author_name(self, subject=None):
        # Atom requires an author for the feed when entries lack one (an
        # article with no byline): the publisher.
        return publisher().name

    def link(self, subject=None):
        return subject.get_absolute_url() if subject else reverse("articles:home")

    def description(self, subject=None):
        return f"The latest articles from {self.title(subject)}"

    def articles(self, subject):
        return Article.objects.published()

    def items(self, subject=None):
        return (
            self.articles(subject)
            .select_related("section")
            .prefetch_related("authors", "tags")[:FEED_LENGTH]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # The body was sanitised on save; feed readers get the same HTML.
        return article.body if settings.NEWSROOM_FEED_FULL_TEXT else article.dek

    def item_guid(self, article):
        # An imported article keeps its old feed entry's ID, so subscribers of
        # the old site's feed see nothing twice.
        return article.source_guid or article_tag_uri(article)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return sorted(tag.name for tag in article.tags.all())


class SubjectArticleFeed(ArticleFeed):
    """Published articles about one subject, found by the URL's slug."""

    subject_model = None
    article_lookup = None  # from Article to the subject

    def get_object(self, request, slug):
        subject = get_object_or_404(self.subject_model, slug=slug)
        # Like their pages, a tag or byline seen only on drafts stays unknown.
        if not self.articles(subject).exists():
            raise Http404
        return subject

    def articles(self, subject):
        return super().articles(subject).filter(**{self.article_lookup: subject})


class SectionFeed(SubjectArticleFeed):
    subject_model = Section
    article_lookup = "section"

    def get_object(self, request, slug):
        # A section is public even before its first article.
        return get_object_or_404(Section, slug=slug)


class TagFeed(SubjectArticleFeed):
    subject_model = Tag
    article_lookup = "tags"

    def link(self, subject):
        return reverse("articles:tag", kwargs={"slug": subject.slug})


class AuthorFeed(SubjectArticleFeed):
    subject_model = Author
    article_lookup = "authors"


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, subject=None):
        return self.description(subject)


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
