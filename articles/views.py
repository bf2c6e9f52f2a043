from django.shortcuts import get_object_or_404
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


class SubjectArticleListView(PublishedArticleListView):
    """Published articles about one subject (a section, tag or author), which
    is looked up by the URL's slug and given to the template by model name."""

    subject_model = None
    article_lookup = None  # from Article to the subject

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(**{self.article_lookup: self.subject})

    def get_context_data(self, **kwargs):
        kwargs[self.subject_model._meta.model_name] = self.subject
        return super().get_context_data(**kwargs)


class SectionDetailView(SubjectArticleListView):
    template_name = "articles/section_detail.html"
    subject_model = Section
    article_lookup = "section"


class TagDetailView(SubjectArticleListView):
    template_name = "articles/tag_detail.html"
    subject_model = Tag
    article_lookup = "tags"
    # A tag used only on drafts must not reveal that it exists, nor may an
    # author whose byline so far appears only on drafts.
    allow_empty = False


class AuthorDetailView(SubjectArticleListView):
    template_name = "articles/author_detail.html"
    subject_model = Author
    article_lookup = "authors"
    allow_empty = False


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(section__slug=self.kwargs["section_slug"])
            .for_article_page()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            previous_published=self.object.get_previous_published(),
            next_published=self.object.get_next_published(),
            **kwargs,
        )
