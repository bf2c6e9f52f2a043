from django.http import HttpResponsePermanentRedirect

from ..models import Article, ArticleRedirect


class ArticleRedirectFallbackMiddleware:
    """Sends a 404 for an address an article used to have to the article's
    current address, while readers can see it (as contrib.redirects does for
    hand-made redirects)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A NUL byte can never be stored, and PostgreSQL refuses to look it up.
        if response.status_code != 404 or "\x00" in request.path:
            return response
        redirect = (
            ArticleRedirect.objects.filter(
                old_path=request.path, article__in=Article.objects.published()
            )
            .select_related("article__section")
            .first()
        )
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
