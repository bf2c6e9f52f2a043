from django.urls import path

from . import api

app_name = "liveblog-api"
urlpatterns = [
    path(
        "articles/<int:pk>/live-entries/",
        api.LiveEntryList.as_view(),
        name="entry-list",
    ),
]
