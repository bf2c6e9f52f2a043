"""What the API says about each resource. Readers' pages show the same
things; links are absolute, so a client needs no knowledge of the site's
URLs."""

import html
import re

from django.urls import reverse
from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.figures import inline_image_ids
from articles.models import Article, Author, AuthorLink, Correction, Section
from articles.reader.templating import with_library_images
from images.models import Image, Rendition

# Where one block of a body ends, for its plain-text form.
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figure|figcaption|pre)>|<br\s*/?>")


def absolute(serializer, path):
    """`path` made absolute; the site's origin is worked out once per answer."""
    context = serializer.context
    if "origin" not in context:
        context["origin"] = context["request"].build_absolute_uri("/").rstrip("/")
    return context["origin"] + path


def link(serializer, key, make_path):
    """An absolute link, made once per answer for each `key`: a list repeats
    the same sections, authors and tags on many articles."""
    links = serializer.context.setdefault("links", {})
    if key not in links:
        links[key] = absolute(serializer, make_path())
    return links[key]


class ApiLinkField(serializers.Field):
    """The absolute URL of a row's API resource, named by URL name and the
    row's attribute that fills the URL's one argument."""

    def __init__(self, url_name, lookup, **kwargs):
        self.url_name = url_name
        self.lookup = lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row):
        value = getattr(row, self.lookup)
        return link(
            self, (self.url_name, value), lambda: reverse(self.url_name, args=[value])
        )


ApiLinkField = extend_schema_field({"type": "string", "format": "uri"})(ApiLinkField)


class WebLinkField(serializers.Field):
    """The absolute URL of a row's page on the site (get_absolute_url)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row):
        return link(self, (type(row), row.pk), row.get_absolute_url)


WebLinkField = extend_schema_field({"type": "string", "format": "uri"})(WebLinkField)


class RenditionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Rendition
        fields = ["slot", "format", "width", "height", "url"]

    def get_url(self, rendition) -> str:
        return absolute(self, rendition.file.url)


class ImageSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:image-detail", "pk")
    renditions = RenditionSerializer(many=True, read_only=True)

    class Meta:
        model = Image
        fields = [
            *("id", "url", "alt_text", "caption", "credit", "width", "height"),
            "renditions",
        ]


class SectionSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:section-detail", "slug")
    web_url = WebLinkField()

    class Meta:
        model = Section
        fields = ["id", "slug", "name", "description", "position", "url", "web_url"]


class SectionSummarySerializer(SectionSerializer):
    class Meta(SectionSerializer.Meta):
        fields = ["id", "slug", "name", "url", "web_url"]


class PhotoSerializer(ImageSerializer):
    """A library image shown outside any article (an author's photo): it has
    no resource of its own under /images/, which lists lead images."""

    class Meta(ImageSerializer.Meta):
        fields = [name for name in ImageSerializer.Meta.fields if name != "url"]


class AuthorLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthorLink
        fields = ["label", "url"]


class BylineSerializer(serializers.ModelSerializer):
    """An author as an article's byline names them."""

    url = ApiLinkField("api:author-detail", "slug")
    web_url = WebLinkField()

    class Meta:
        model = Author
        fields = ["id", "slug", "name", "role", "url", "web_url"]


class AuthorSerializer(BylineSerializer):
    """An author as their page shows them."""

    # A plain string: blank or an address. (A blank-allowing EmailField
    # becomes a oneOf that an empty string matches twice, so is invalid.)
    email = serializers.CharField(help_text="For readers with a tip; may be blank.")
    photo = PhotoSerializer(allow_null=True)
    links = AuthorLinkSerializer(many=True)

    class Meta(BylineSerializer.Meta):
        fields = [*BylineSerializer.Meta.fields, "bio", "email", "photo", "links"]


class TagSerializer(serializers.ModelSerializer):
    url = ApiLinkField("api:tag-detail", "slug")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Tag
        fields = ["id", "slug", "name", "url", "web_url"]

    def get_web_url(self, tag) -> str:
        return link(
            self,
            ("articles:tag", tag.slug),
            lambda: reverse("articles:tag", args=[tag.slug]),
        )


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["corrected_at", "text"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    """An article as lists show it: everything but its body and corrections."""

    url = ApiLinkField("api:article-detail", "pk")
    canonical_url = WebLinkField()
    headline = serializers.CharField(source="title")
    standfirst = serializers.CharField(source="dek")
    section = SectionSummarySerializer()
    authors = BylineSerializer(many=True)
    tags = TagSerializer(many=True)
    lead_image = ImageSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(
        source="significantly_updated_at",
        allow_null=True,
        help_text="When readers were told the story was updated, if ever.",
    )
    changed_at = serializers.DateTimeField(
        source="updated_at", help_text="When anything in the article last changed."
    )

    class Meta:
        model = Article
        fields = [
            *("id", "url", "canonical_url", "headline", "standfirst", "section"),
            *("authors", "tags", "lead_image", "published_at", "updated_at"),
            "changed_at",
        ]


class ArticleSerializer(ArticleSummarySerializer):
    """An article with everything its page shows."""

    body_html = serializers.SerializerMethodField(
        help_text="The body as readers get it: sanitised HTML, with library "
        "images in their renditions."
    )
    body_text = serializers.SerializerMethodField(
        help_text="The body as plain text, a blank line between paragraphs."
    )
    images = serializers.SerializerMethodField(
        help_text="The library images the body places, in order."
    )
    corrections = CorrectionSerializer(many=True)

    class Meta(ArticleSummarySerializer.Meta):
        fields = [
            *ArticleSummarySerializer.Meta.fields,
            *("body_html", "body_text", "images", "corrections"),
        ]

    def get_body_html(self, article) -> str:
        return str(with_library_images(article.body))

    def get_body_text(self, article) -> str:
        text = html.unescape(strip_tags(BLOCK_END.sub("\n\n", article.body)))
        return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()

    @extend_schema_field(ImageSerializer(many=True))
    def get_images(self, article):
        ids = inline_image_ids(article.body)
        found = Image.objects.prefetch_related("renditions").in_bulk(ids)
        return ImageSerializer(
            [found[pk] for pk in ids if pk in found], many=True, context=self.context
        ).data
