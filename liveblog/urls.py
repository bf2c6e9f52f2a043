from django.urls import path

from articles.urls import UnicodeSlugConverter  # noqa: F401 (registers unicode_slug)

from . import feeds, reader

app_name = "liveblog"
urlpatterns = [
    path(
        "<unicode_slug:section_slug>/<unicode_slug:slug>/updates/",
        reader.updates,
        name="updates",
    ),
    path(
        "<unicode_slug:section_slug>/<unicode_slug:slug>/updates/feed/",
        feeds.LiveEntriesFeed(),
        name="feed",
    ),
    path(
        "<unicode_slug:section_slug>/<unicode_slug:slug>/updates/<int:pk>/",
        reader.entry,
        name="entry",
    ),
]
