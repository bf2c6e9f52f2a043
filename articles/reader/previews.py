"""Previews: an article as readers will see it once published, for staff and
for holders of a share link, kept out of caches and search engines."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from ..models import Article, PreviewLink
from .views import ArticleDetailView


class PreviewMixin:
    """Renders any article, its unpublished changes applied, as a preview."""

    def get_object(self, queryset=None):
        article = self.previewed_article(Article.objects.for_article_page())
        self.authors = list(article.authors.all())
        self.tags = list(article.tags.all())
        self.corrections = list(article.corrections.all())
        return article

    def previewed_article(self, articles):
        """The article of `articles` to preview, with its unpublished changes."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        return keep_private(super().render_to_response(context, **response_kwargs))


def keep_private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # A share link's token must not travel on to the sites it links to.
    response["Referrer-Policy"] = "no-referrer"
    return response


class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """Any article by id, for staff who may see articles in the admin."""

    def previewed_article(self, articles):
        user = self.request.user
        if not (user.is_staff and user.has_perm("articles.view_article")):
            raise Http404("No article found.")
        return get_object_or_404(articles, pk=self.kwargs["pk"]).with_pending_edit()


class SharedPreviewView(PreviewMixin, ArticleDetailView):
    """The one article a share link names, while the link is active; a 410
    that says so once it has ended."""

    def get(self, request, *args, **kwargs):
        self.link = PreviewLink.from_token(self.kwargs["token"])
        if self.link is None:
            raise Http404("No such preview link.")
        if not self.link.is_active():
            ended = TemplateResponse(
                request,
                "articles/preview_link_ended.html",
                {"max_days": settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS},
                status=410,
            )
            return keep_private(ended)
        return super().get(request, *args, **kwargs)

    def previewed_article(self, articles):
        return articles.get(pk=self.link.article_id).with_pending_edit()
