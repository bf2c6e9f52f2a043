"""The read-only content API. Every article comes from
Article.objects.published(); sections are public as the navigation is, and
tags, authors and images only once a published article carries them."""

from django.db.models import Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from articles.models import Article, Author, Section, TaggedArticle
from articles.publishing.cache import ARTICLES, SITE
from articles.reader.views import home_front
from images.models import Image

from . import serializers
from .pagination import KeysetPagination
from .query import ArticleListQuery, ListQuery, NoQuery, read_query

# What the page cache keeps, by URL name (api.apps registers them).
CACHED_VIEWS = [
    f"api:{name}"
    for name in (
        "article-list",
        "article-detail",
        "article-by-path",
        "section-list",
        "section-detail",
        "tag-list",
        "tag-detail",
        "author-list",
        "author-detail",
        "image-list",
        "front",
        "image-detail",
    )
]


def published_articles():
    """Articles with what their summaries show, in a fixed number of queries."""
    return (
        Article.objects.published()
        .select_related("section", "lead_image")
        .prefetch_related("authors", "tags", "lead_image__renditions")
    )


def bylined_authors():
    published = Article.objects.published().filter(authors__isnull=False)
    return (
        Author.objects.filter(pk__in=Subquery(published.values("authors")))
        .select_related("photo")
        .prefetch_related("links", "photo__renditions")
    )


def lead_images():
    published = Article.objects.published().filter(lead_image__isnull=False)
    return Image.objects.filter(
        pk__in=Subquery(published.values("lead_image"))
    ).prefetch_related("renditions")


class ApiView(generics.GenericAPIView):
    """Reads its query parameters first (refusing unknown ones), and tells the
    page cache what the response shows."""

    query_class = ListQuery
    ordering = ("id",)
    dependencies = (SITE, ARTICLES)
    # For the schema; each view's own is made with its ordering (paginator).
    pagination_class = KeysetPagination

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = KeysetPagination(self.ordering)
        return self._paginator

    def get_queryset(self):
        # A function, called per request: what is public depends on the time.
        return self.rows()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.query = read_query(request, self.query_class)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.cache_dependencies = self.response_dependencies()
        return response

    def response_dependencies(self):
        return set(self.dependencies)


class DetailView(ApiView, generics.RetrieveAPIView):
    query_class = NoQuery


ARTICLE_LIST_PARAMETERS = [
    OpenApiParameter(name, description=field.help_text, type=kind)
    for name, field, kind in [
        (name, field, {"page_size": int}.get(name, str))
        for name, field in ArticleListQuery().fields.items()
    ]
]


@extend_schema(parameters=ARTICLE_LIST_PARAMETERS)
class ArticleList(ApiView, generics.ListAPIView):
    """Published articles, newest first; filter by section, tag, author, or
    publication or change time."""

    serializer_class = serializers.ArticleSummarySerializer
    query_class = ArticleListQuery
    ordering = ("-published_at", "-id")

    def get_queryset(self):
        articles = published_articles().defer("body")
        query = getattr(self, "query", None) or {}
        if query.get("section"):
            articles = articles.filter(section__slug=query["section"])
        if query.get("tag"):
            articles = articles.filter(
                tagged_items__tag__slug=query["tag"],
                tagged_items__published_at__lte=timezone.now(),
            )
        if query.get("author"):
            articles = articles.filter(authors__slug=query["author"])
        if query.get("published_since"):
            articles = articles.filter(published_at__gte=query["published_since"])
        if query.get("changed_since"):
            articles = articles.filter(updated_at__gte=query["changed_since"])
        return articles


class ArticleDetailMixin:
    serializer_class = serializers.ArticleSerializer
    query_class = NoQuery

    def get_queryset(self):
        return published_articles().prefetch_related("corrections")

    def response_dependencies(self):
        article = getattr(self, "article", None)
        if article is None:
            return {SITE, ARTICLES}
        return {
            SITE,
            f"article:{article.pk}",
            f"section:{article.section_id}",
            *(f"tag:{tag.pk}" for tag in article.tags.all()),
            *(f"author:{author.pk}" for author in article.authors.all()),
        }

    def get_object(self):
        self.article = super().get_object()
        return self.article


class ArticleDetail(ArticleDetailMixin, DetailView):
    """One published article, by id."""


@extend_schema_view(get=extend_schema(operation_id="articles_by_path_retrieve"))
class ArticleByPath(ArticleDetailMixin, DetailView):
    """One published article, by its address on the site (section and slug)."""

    def get_object(self):
        self.article = get_object_or_404(
            self.get_queryset(),
            section__slug=self.kwargs["section_slug"],
            slug=self.kwargs["slug"],
        )
        return self.article


@extend_schema(
    parameters=[
        OpenApiParameter(
            "cursor", str, description=ListQuery().fields["cursor"].help_text
        ),
        OpenApiParameter(
            "page_size", int, description=ListQuery().fields["page_size"].help_text
        ),
    ]
)
class PagedList(ApiView, generics.ListAPIView):
    """A list in id order, paged like the articles."""


class SectionList(PagedList):
    """Every section, as the site's navigation lists them."""

    serializer_class = serializers.SectionSerializer
    rows = Section.objects.all
    dependencies = (SITE,)


class SectionDetail(DetailView):
    serializer_class = serializers.SectionSerializer
    rows = Section.objects.all
    lookup_field = "slug"
    dependencies = (SITE,)


class TagList(PagedList):
    """Tags that published articles carry."""

    serializer_class = serializers.TagSerializer
    rows = staticmethod(TaggedArticle.objects.published_tags)


class TagDetail(DetailView):
    serializer_class = serializers.TagSerializer
    rows = staticmethod(TaggedArticle.objects.published_tags)
    lookup_field = "slug"


class AuthorView:
    """Authors with a byline on a published article. Besides the bylines
    (ARTICLES), an answer shows each author's own links: author:<pk>."""

    serializer_class = serializers.AuthorSerializer
    rows = staticmethod(bylined_authors)
    shown = ()

    def response_dependencies(self):
        return {
            *super().response_dependencies(),
            *(f"author:{author.pk}" for author in self.shown),
        }


class AuthorList(AuthorView, PagedList):
    """Authors with a byline on a published article."""

    def paginate_queryset(self, queryset):
        self.shown = super().paginate_queryset(queryset)
        return self.shown


class AuthorDetail(AuthorView, DetailView):
    lookup_field = "slug"

    def get_object(self):
        author = super().get_object()
        self.shown = [author]
        return author


class ImageList(PagedList):
    """Photos that lead a published article, with their renditions."""

    serializer_class = serializers.ImageSerializer
    rows = staticmethod(lead_images)


class ImageDetail(DetailView):
    serializer_class = serializers.ImageSerializer
    rows = staticmethod(lead_images)


class FrontDetail(ApiView, generics.RetrieveAPIView):
    """The home page as readers see it now: its lead, top stories, section
    blocks and the latest of the rest, in the order the page shows them."""

    serializer_class = serializers.FrontSerializer
    query_class = NoQuery

    def get_object(self):
        view, front = home_front(self.request)
        self.dependencies = (SITE, ARTICLES, *view.front_dependencies)
        cards = [
            front.lead,
            *front.top_stories,
            *(card for block in front.section_blocks for card in block.articles),
            *front.latest,
        ]
        found = (
            published_articles()
            .defer("body")
            .in_bulk([card.pk for card in cards if card])
        )

        def articles(rows):
            return [found[row.pk] for row in rows if row.pk in found]

        return {
            "lead": found.get(front.lead.pk) if front.lead else None,
            "top_stories": articles(front.top_stories),
            "sections": [
                {"section": block.section, "articles": articles(block.articles)}
                for block in front.section_blocks
            ],
            "latest": articles(front.latest),
        }
