from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Tag slugs may hold any letter (taggit keeps Unicode), so not <slug:>.
    path("tags/<str:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("<slug:section_slug>/", views.SectionDetailView.as_view(), name="section"),
    path(
        "<slug:section_slug>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
