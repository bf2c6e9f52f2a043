from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"

    def ready(self):
        from articles.publishing.cache import register_pages

        from .views import CACHED_VIEWS

        # Kept and purged by the page cache like reader pages (exact
        # invalidation, Surrogate-Key, ETag/Last-Modified, 304s).
        register_pages(CACHED_VIEWS)
