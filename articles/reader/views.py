from dataclasses import dataclass

from csp.constants import SELF
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import DetailView, ListView, MonthArchiveView

from ..models import Article, Section
from ..neighbours import page_neighbours
from ..publishing.cache import navigation_section, navigation_sections
from ..search.query import add_hits, recent_matches, search_articles
from .forms import SearchForm
from .pagination import MAX_PAGES, BoundedPaginator
from .parts import article_parts, frame_sources
from .queries import (
    article_cards,
    article_page,
    author_articles,
    author_row,
    newest_articles,
    section_articles,
    tag_articles,
    tag_row,
)
from .sitemaps import SITEMAPS, NewsSitemap
from .templating import article_meta

SEARCH_RESULTS_PER_PAGE = 20
RELATED_ARTICLES = 4


class CardsMixin:
    """A list view whose page shows story cards: the queryset chooses the
    page's articles, and article_cards() reads what their cards show, as
    plain rows in one statement (model instances with their prefetches cost
    a list page most of its time; docs/performance.md)."""

    paginate_by = 20
    paginator_class = BoundedPaginator

    def get_queryset(self):
        return Article.objects.published()

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = article_cards(self.card_ids(page))
        return paginator, page, page.object_list, is_paginated

    def card_ids(self, page):
        """The ids of the articles whose cards `page` shows, in order."""
        if isinstance(page.object_list, list):
            return page.object_list  # sliced from queries.ListedArticles
        return page.object_list.values_list("pk", flat=True)


# Views other apps put in place of the home page's and the section fronts'
# (the frontpage app's arranged fronts extend them), set in their
# AppConfig.ready(), which runs before the URLs are read; articles imports none.
FRONT_VIEWS = {}


def front_view(name, default):
    return FRONT_VIEWS.get(name, default).as_view()


class PublishedArticleListView(CardsMixin, ListView):
    """Published articles, newest first; subclasses narrow them to one subject."""


@dataclass
class SectionBlock:
    section: Section
    articles: list


@dataclass
class HomeFront:
    """The home page's places: the lead, top stories, section blocks and the
    latest of the rest."""

    lead: Article | None
    top_stories: list
    section_blocks: list
    latest: list


def _newest_lead(newest):
    """The story a front of `newest` (newest first) leads with: shown large
    with its picture, so the newest that has one, unless none does."""
    return next((a for a in newest if a.lead_image_id), newest[0] if newest else None)


class HomeView(PublishedArticleListView):
    """The home page laid out from the newest stories; the frontpage app's
    view puts the editors' stories first through placed_ids() and chooses
    the blocks through block_sections()."""

    template_name = "articles/home.html"
    paginate_by = None
    # What else than articles the layout shows, for the page cache.
    front_dependencies = ()
    newest_count = 60
    top_stories = 6
    block_size = 4
    latest_count = 12

    def get_queryset(self):
        return newest_articles(per_page=self.newest_count)

    def placed_ids(self):
        """The ids of the stories editors put first, in their order."""
        return []

    def block_sections(self):
        return navigation_sections()

    def front(self):
        """The home page's places (HomeFront), read from object_list and
        placed_ids(); the content API's front resource lays it out here too."""
        placed_ids = self.placed_ids()
        newest_ids = self.object_list[: self.newest_count]
        # One statement for both; it keeps only what readers may see.
        cards = article_cards(dict.fromkeys([*placed_ids, *newest_ids]))
        placed_set = set(placed_ids)
        placed = [card for card in cards if card.pk in placed_set]
        newest = cards[len(placed) :]
        lead = placed[0] if placed else _newest_lead(newest[: self.top_stories])
        others = [article for article in [*placed, *newest] if article is not lead]
        top = others[: self.top_stories]
        rest = others[self.top_stories :]
        blocks = []
        for section in self.block_sections():
            stories = [a for a in rest if a.section_id == section.pk]
            if stories:
                blocks.append(SectionBlock(section, stories[: self.block_size]))
        in_blocks = {article.pk for block in blocks for article in block.articles}
        latest = [a for a in rest if a.pk not in in_blocks][: self.latest_count]
        return HomeFront(lead, top, blocks, latest)

    def get_context_data(self, **kwargs):
        front = self.front()
        return super().get_context_data(
            front=front,
            lead=front.lead,
            latest=front.latest,
            more_dependencies=self.front_dependencies,
            **kwargs,
        )


def home_front(request=None):
    """(view, HomeFront): the home page's places as readers see them now,
    laid out by the home page's own view (the front page app's, where
    editors arrange it); for the content API and the editors' dashboard."""
    view = FRONT_VIEWS.get("home", HomeView)()
    view.setup(request)
    view.object_list = view.get_queryset()
    return view, view.front()


class SubjectArticleListView(PublishedArticleListView):
    """Published articles about one subject (a section, tag or author), which
    is looked up by the URL's slug and given to the template by model name.
    Both are read as plain rows (queries.ListedArticles): building querysets
    cost a list page more than its statements did (docs/performance.md)."""

    subject_name = None

    def get_queryset(self):
        self.subject = self.get_subject(self.kwargs["slug"])
        if self.subject is None:
            raise Http404(f"No {self.subject_name} found.")
        return self.subject_articles(self.subject.pk, per_page=self.paginate_by)

    def get_subject(self, slug):
        """The subject at `slug`, or None."""
        raise NotImplementedError

    def subject_articles(self, pk):
        """The subject's published articles (a queries.ListedArticles)."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs[self.subject_name] = self.subject
        return super().get_context_data(**kwargs)


class SectionDetailView(SubjectArticleListView):
    template_name = "articles/section_detail.html"
    subject_name = "section"
    subject_articles = staticmethod(section_articles)

    def get_subject(self, slug):
        return navigation_section(slug)


class TagDetailView(SubjectArticleListView):
    template_name = "articles/tag_detail.html"
    subject_name = "tag"
    subject_articles = staticmethod(tag_articles)
    # A tag used only on drafts must not reveal that it exists, nor may an
    # author whose byline so far appears only on drafts.
    allow_empty = False

    def get_subject(self, slug):
        return tag_row(slug)


class AuthorDetailView(SubjectArticleListView):
    template_name = "articles/author_detail.html"
    subject_name = "author"
    subject_articles = staticmethod(author_articles)
    allow_empty = False

    def get_subject(self, slug):
        return author_row(slug)


class ArticleMonthArchiveView(CardsMixin, MonthArchiveView):
    """Published articles of one month, newest first like every list."""

    template_name = "articles/article_archive_month.html"
    date_field = "published_at"
    month_format = "%m"
    # Neither an empty month nor one in the future is a page: both would only
    # tell that something is scheduled.
    allow_empty = False
    allow_future = False


class SectionMonthArchiveView(ArticleMonthArchiveView):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class ArticleDetailView(DetailView):
    """A published article's page, read as plain rows (queries.article_page),
    with its previous, next and related articles (neighbours.py)."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        found = article_page(
            section_slug=self.kwargs["section_slug"], slug=self.kwargs["slug"]
        )
        if found is None:
            raise Http404("No article found.")
        article, self.authors, self.tags, self.corrections = found
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        previous, next_, related, more_from_section = page_neighbours(
            article,
            related_count=RELATED_ARTICLES,
            tag_ids=[tag.pk for tag in self.tags],
        )
        parts = article_parts(self.request, article)
        return super().get_context_data(
            authors=self.authors,
            tags=self.tags,
            corrections=self.corrections,
            parts=parts,
            meta=article_meta(
                self.request, article, authors=self.authors, tags=self.tags, parts=parts
            ),
            previous_published=previous,
            next_published=next_,
            related_articles=related,
            more_from_section=more_from_section,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Other sites' frames only where a part shows them (an embed).
        if sources := frame_sources(context["parts"]):
            response._csp_update = {"frame-src": [SELF, *sources]}
        return response


def search(request):
    """Published articles matching ?q=, best match or newest first (?order=);
    ?page= as lists do."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "articles/search.html", {"form": form}, status=400)
    query = form.cleaned_data["q"]
    order = form.cleaned_data["order"] or "best"
    recent = []
    results = Article.objects.none()
    if query:
        # One read of the index's newest matches counts them (one past the
        # pages' reach tells "more") and gives best match the range it ranks.
        recent = recent_matches(query, MAX_PAGES * SEARCH_RESULTS_PER_PAGE + 1)
        results = search_articles(query, order, recent)
    page_obj = BoundedPaginator(
        results, SEARCH_RESULTS_PER_PAGE, counted=len(recent)
    ).get_page(request.GET.get("page"))
    page_obj.object_list = add_hits(page_obj.object_list, query)
    return render(
        request,
        "articles/search.html",
        {"form": form, "query": query, "order": order, "page_obj": page_obj},
    )


def news_sitemap_locations(request):
    """Every page of the news sitemap. It has no index of its own: past its
    limit (a busy two days) each further page is named in the sitemap index
    and robots.txt, or crawlers would never find it."""
    news = request.build_absolute_uri(reverse("articles:news-sitemap"))
    pages = range(2, NewsSitemap().paginator.num_pages + 1)
    return [news, *(f"{news}?p={page}" for page in pages)]


def sitemap_index(request):
    """Django's index of the sitemaps, then every page of the news sitemap."""
    response = sitemap_views.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="articles:sitemap"
    )
    response.context_data["sitemaps"] += [
        sitemap_views.SitemapIndexItem(location)
        for location in news_sitemap_locations(request)
    ]
    return response


def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "sitemap": request.build_absolute_uri(reverse("articles:sitemap-index")),
            "news_sitemaps": news_sitemap_locations(request),
        },
        content_type="text/plain; charset=utf-8",
    )
