"""A published article's embeds in the content API, in the order its body
names them: /api/v1/articles/<id>/embeds/. The body itself carries each as
the link it is; this says what the provider said of it."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import RenditionSerializer
from api.views import PagedList
from articles.models import Article
from articles.publishing.cache import SITE

from .lines import embed_addresses
from .models import Embed


class EmbedSerializer(serializers.ModelSerializer):
    thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Embed
        fields = [
            "id",
            "url",
            "provider",
            "state",
            "title",
            "author_name",
            "frame_url",
            "frame_width",
            "frame_height",
            "quotation",
            "thumbnail",
        ]

    @extend_schema_field(RenditionSerializer(many=True))
    def get_thumbnail(self, embed):
        """The renditions of the library's copy of the provider's thumbnail
        (none without one), as the page shows it."""
        if embed.thumbnail is None:
            return []
        renditions = embed.thumbnail.renditions.all()
        return RenditionSerializer(renditions, many=True, context=self.context).data


class EmbedList(PagedList):
    """The embeds of a published article: state "ready" with a frame_url (a
    video, a chart, a map, a document) or a quotation (a post), "pending"
    until the worker has asked the provider, "unreachable" while it cannot."""

    serializer_class = EmbedSerializer
    article = None

    def rows(self):
        self.article = get_object_or_404(
            Article.objects.published(), pk=self.kwargs["pk"]
        )
        return (
            Embed.objects.filter(url__in=embed_addresses(self.article.body))
            .select_related("thumbnail")
            .prefetch_related("thumbnail__renditions")
        )

    def response_dependencies(self):
        if self.article is None:
            return {SITE}
        return {SITE, f"article:{self.article.pk}"}
