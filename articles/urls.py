from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import previews, views


class UnicodeSlugConverter(SlugConverter):
    """Slugs as taggit makes them: letters of any script, digits, - and _."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "unicode_slug")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tags/<unicode_slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("preview/<int:pk>/", previews.ArticlePreviewView.as_view(), name="preview"),
    path(
        "preview/shared/<str:token>/",
        previews.SharedPreviewView.as_view(),
        name="shared_preview",
    ),
    path("<slug:slug>/", views.SectionDetailView.as_view(), name="section"),
    path(
        "<slug:section_slug>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
