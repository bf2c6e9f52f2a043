from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, Author, Section


class PublishedArticleListView(ListView):
    """Published articles, newest first; subclasses narrow them to one subject."""

    paginate_by = 20

    def get_queryset(self):
        # Lists show no body; leaving it out keeps long archives light.
        return Article.objects.published().select_related("section").defer("body")


class HomeView(PublishedArticleListView):
    template_name = "articles/home.html"
    paginate_by = None
    latest_count = 25

    def get_queryset(self):
        return super().get_queryset()[: self.latest_count]

    def get_context_data(self, **kwargs):
        lead, *latest = self.object_list or [None]
        return super().get_context_data(lead=lead, latest=latest, **kwargs)


class SectionDetailView(PublishedArticleListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section_slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagDetailView(PublishedArticleListView):
    template_name = "articles/tag_detail.html"
    # A tag used only on drafts must not reveal that it exists.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorDetailView(PublishedArticleListView):
    template_name = "articles/author_detail.html"
    # Nor may a byline that so far appears only on drafts.
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    def get_queryset(self):
        articles = (
            Article.objects.filter(section__slug=self.kwargs["section_slug"])
            .select_related(
                "section", "previous_article__section", "next_article__section"
            )
            .prefetch_related("authors", "tags")
        )
        if self.request.user.has_perm("articles.change_article"):
            return articles  # editors preview drafts and scheduled articles
        return articles.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            previous_published=self.object.get_previous_published(),
            next_published=self.object.get_next_published(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published():
            # A preview must never be kept by a browser or a shared cache.
            add_never_cache_headers(response)
        return response
