from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Uploaded media are the web server's job in production; static() serves
    # them only while DEBUG is on.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    path("", include("articles.urls")),
]
