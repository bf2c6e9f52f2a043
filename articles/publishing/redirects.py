import re

from django.http import HttpResponsePermanentRedirect

from operations.links import link

from ..models import Article, ArticleRedirect, Section, TaggedArticle

# WordPress's addresses that name a post or a page by its id: /?p=12, and
# /?page_id=3. Importers store them as old paths in this form.
ID_QUERIES = ("p", "page_id")
# WordPress's category and tag archives: /category/parent/child/, /tag/budget/.
ARCHIVE = re.compile(r"^/(category|tag)/(?:[^/]+/)*([^/]+)/?$")


class ArticleRedirectFallbackMiddleware:
    """Sends a 404 for an address an article used to have to the article's
    current address, while readers can see it (as contrib.redirects does for
    hand-made redirects); the path with or without its trailing slash counts.
    WordPress's /?p=N links, which the home page would otherwise answer, go to
    their article too, and its category and tag archives to the section and
    tag of the same slug."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and (old_path := id_query_path(request)):
            if target := self.article_address([old_path]):
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        # A NUL byte can never be stored, and PostgreSQL refuses to look it up.
        if response.status_code != 404 or "\x00" in request.path:
            return response
        path = request.path
        other = path[:-1] if path.endswith("/") else f"{path}/"
        target = self.article_address([path, other]) or archive_address(path)
        if target is None:
            return response
        return HttpResponsePermanentRedirect(target)

    @staticmethod
    def article_address(old_paths):
        redirect = (
            ArticleRedirect.objects.filter(
                old_path__in=old_paths, article__in=Article.objects.published()
            )
            .select_related("article__section")
            .order_by("pk")
            .first()
        )
        return redirect.article.get_absolute_url() if redirect else None


def id_query_path(request):
    for key in ID_QUERIES:
        value = request.GET.get(key, "")
        if value.isascii() and value.isdigit():
            return f"/?{key}={int(value)}"
    return None


def archive_address(path):
    match = ARCHIVE.match(path)
    if match is None:
        return None
    kind, slug = match.groups()
    if kind == "category":
        if Section.objects.filter(slug=slug).exists():
            return link("articles:section", slug=slug)
    elif TaggedArticle.objects.published_tags().filter(slug=slug).exists():
        return link("articles:tag", slug=slug)
    return None
