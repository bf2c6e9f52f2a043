from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
]

handler500 = "articles.outages.server_error"
