from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter
from django.urls.converters import SlugConverter

from .reader import feeds, previews, views
from .reader.sitemaps import SITEMAPS, NewsSitemap


class UnicodeSlugConverter(SlugConverter):
    """Slugs as taggit makes them: letters of any script, digits, - and _."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "unicode_slug")

# Months have two digits in archive URLs; see the month_archive_url tag.
MONTH = r"archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$"

app_name = "articles"
urlpatterns = [
    path("", views.front_view("home", views.HomeView), name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {
            "sitemaps": {"news": NewsSitemap},
            "template_name": "articles/news_sitemap.xml",
        },
        name="news-sitemap",
    ),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed-atom"),
    path("tags/<unicode_slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("tags/<unicode_slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path(
        "tags/<unicode_slug:slug>/feed/atom/",
        feeds.TagAtomFeed(),
        name="tag-feed-atom",
    ),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path(
        "authors/<slug:slug>/feed/atom/",
        feeds.AuthorAtomFeed(),
        name="author-feed-atom",
    ),
    re_path(f"^{MONTH}", views.ArticleMonthArchiveView.as_view(), name="archive-month"),
    path("preview/<int:pk>/", previews.ArticlePreviewView.as_view(), name="preview"),
    path(
        "preview/shared/<str:token>/",
        previews.SharedPreviewView.as_view(),
        name="shared_preview",
    ),
    path(
        "<unicode_slug:slug>/",
        views.front_view("section", views.SectionDetailView),
        name="section",
    ),
    # Before the article URL, whose shape they share; article slugs exclude
    # "feed" and "archive" (RESERVED_ARTICLE_SLUGS).
    path("<unicode_slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path(
        "<unicode_slug:slug>/feed/atom/",
        feeds.SectionAtomFeed(),
        name="section-feed-atom",
    ),
    re_path(
        rf"^(?P<slug>[-\w]+)/{MONTH}",
        views.SectionMonthArchiveView.as_view(),
        name="section-archive-month",
    ),
    path(
        "<unicode_slug:section_slug>/<unicode_slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
