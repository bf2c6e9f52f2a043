from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from articles.urls import UnicodeSlugConverter  # noqa: F401 (registers unicode_slug)

from . import views

app_name = "api"
urlpatterns = [
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path(
        "articles/<unicode_slug:section_slug>/<unicode_slug:slug>/",
        views.ArticleByPath.as_view(),
        name="article-by-path",
    ),
    path("sections/", views.SectionList.as_view(), name="section-list"),
    path(
        "sections/<unicode_slug:slug>/",
        views.SectionDetail.as_view(),
        name="section-detail",
    ),
    path("tags/", views.TagList.as_view(), name="tag-list"),
    path("tags/<unicode_slug:slug>/", views.TagDetail.as_view(), name="tag-detail"),
    path("authors/", views.AuthorList.as_view(), name="author-list"),
    path("authors/<slug:slug>/", views.AuthorDetail.as_view(), name="author-detail"),
    path("images/", views.ImageList.as_view(), name="image-list"),
    path("images/<int:pk>/", views.ImageDetail.as_view(), name="image-detail"),
    path("front/", views.FrontDetail.as_view(), name="front"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI, from our own static files; it styles itself inline, so
    # this page alone allows inline styles (scripts stay external).
    path(
        "docs/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
