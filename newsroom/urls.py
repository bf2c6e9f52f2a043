from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from operations import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Uploaded media are the web server's job in production; static() serves
    # them only while DEBUG is on.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    path("api/v1/", include("liveblog.api_urls")),
    path("api/v1/", include("embeds.api_urls")),
    path("api/v1/", include("api.urls")),
    path("", include("liveblog.urls")),
    path("", include("articles.urls")),
]

handler400 = "operations.outages.bad_request"
handler500 = "operations.outages.server_error"
