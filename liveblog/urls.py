from django.urls import path

from . import feeds, reader

app_name = "liveblog"
urlpatterns = [
    path(
        "<slug:section_slug>/<slug:slug>/updates/",
        reader.updates,
        name="updates",
    ),
    path(
        "<slug:section_slug>/<slug:slug>/updates/feed/",
        feeds.LiveEntriesFeed(),
        name="feed",
    ),
    path(
        "<slug:section_slug>/<slug:slug>/updates/<int:pk>/",
        reader.entry,
        name="entry",
    ),
]
