"""A live story's entries in the content API, newest first, paged like every
list there: /api/v1/articles/<id>/live-entries/."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers

from api.views import PagedList
from articles.models import Article
from articles.publishing.cache import SITE

from .models import LiveEntry, entry_url
from .reader import live_page_dependencies


class LiveEntrySerializer(serializers.ModelSerializer):
    authors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = LiveEntry
        fields = [
            "id",
            "posted_at",
            "updated_at",
            "title",
            "body",
            "authors",
            "is_pinned",
            "is_key_event",
            "web_url",
        ]

    def get_web_url(self, entry) -> str:
        article = self.context["view"].article
        return self.context["request"].build_absolute_uri(entry_url(article, entry))


class LiveEntryList(PagedList):
    """The entries of a published live story, newest first."""

    serializer_class = LiveEntrySerializer
    ordering = ("-id",)
    article = None

    def rows(self):
        self.article = get_object_or_404(
            Article.objects.published()
            .filter(live_story__isnull=False)
            .select_related("section"),
            pk=self.kwargs["pk"],
        )
        return LiveEntry.objects.filter(story__article=self.article).prefetch_related(
            "authors"
        )

    def response_dependencies(self):
        if self.article is None:
            return {SITE}
        return live_page_dependencies(self.article.pk)
