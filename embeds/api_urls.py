from django.urls import path

from . import api

app_name = "embeds-api"
urlpatterns = [
    path("articles/<int:pk>/embeds/", api.EmbedList.as_view(), name="embed-list"),
]
