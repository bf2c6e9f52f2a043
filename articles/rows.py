"""Plain rows for reader pages: what the reader pages' own SQL statements
(articles/reader/queries.py, articles/neighbours.py) return instead of model
instances, which cost far more to build (docs/performance.md).

The rows carry the names templates read on model instances (`title`,
`section.name`, `get_absolute_url()`, `lead_image.renditions_for()`), so a
preview, which renders model instances, uses the same templates.
"""

import json
from datetime import UTC, datetime

from django.core.files.storage import storages
from django.db import connections, router
from django.utils import timezone

from operations.links import link

from .models import Article


def reader_connection():
    """The database reader statements go to: the router's choice for reading
    articles (the replica, for an anonymous reader, when there is one)."""
    return connections[router.db_for_read(Article)]


def aware(value):
    """A datetime from the database, or from its JSON: aware, in UTC as
    Django stores times (USE_TZ)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


# The JSON aggregates of each database: (array of rows, object of a row).
JSON_FUNCTIONS = {
    "sqlite": ("json_group_array", "json_object"),
    "postgresql": ("json_agg", "json_build_object"),
}


def renditions_sql(image_id, connection, slots=()):
    """A subquery giving, as a JSON array, the renditions of the image whose
    id is the column `image_id` (only those of `slots`, if given: slot names
    are the code's own, never a reader's); image_row() reads it."""
    array, object_ = JSON_FUNCTIONS[connection.vendor]
    only = ", ".join(f"'{slot}'" for slot in slots)
    return (
        f"(SELECT {array}({object_}('slot', rendition.slot, "
        "'format', rendition.format, 'width', rendition.width, "
        "'height', rendition.height, 'file', rendition.file)) "
        f"FROM images_rendition AS rendition WHERE rendition.image_id = {image_id}"
        + (f" AND rendition.slot IN ({only})" if slots else "")
        + ")"
    )


def image_row(pk, alt_text, caption, credit, renditions):
    """A library image from its columns and renditions_sql()'s array, or
    None where the article has no image."""
    if pk is None:
        return None
    return ImageRow(
        pk,
        alt_text,
        caption,
        credit,
        [RenditionRow(**rendition) for rendition in json_rows(renditions)],
    )


def json_rows(value):
    """A JSON array from the database: text on SQLite, parsed on PostgreSQL,
    NULL for none there."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


class SubjectRow:
    """A section, author or tag: what an article is filed under, with the
    route of its page; `url` is its address where the statement made it."""

    __slots__ = ("pk", "name", "slug", "url")
    route = None

    def __init__(self, pk, name, slug, url=None):
        self.pk, self.name, self.slug, self.url = pk, name, slug, url

    def get_absolute_url(self):
        return self.url or link(self.route, slug=self.slug)


class SectionRow(SubjectRow):
    __slots__ = ()
    route = "articles:section"


class SectionPageRow(SectionRow):
    """A section as the site's navigation and its own page show it."""

    __slots__ = ("description",)

    def __init__(self, pk, name, slug, description):
        super().__init__(pk, name, slug)
        self.description = description


class AuthorRow(SubjectRow):
    __slots__ = ()
    route = "articles:author"


class AuthorPageRow(AuthorRow):
    """An author as their own page shows them: `photo` an ImageRow or None,
    `links` (label, url) pairs in the order AuthorLink's Meta gives."""

    __slots__ = ("role", "bio", "email", "photo", "links")

    def __init__(self, pk, name, slug, *, role, bio, email, photo, links):
        super().__init__(pk, name, slug)
        self.role, self.bio, self.email = role, bio, email
        self.photo, self.links = photo, links


class TagRow(SubjectRow):
    __slots__ = ()
    route = "articles:tag"


class CorrectionRow:
    __slots__ = ("corrected_at", "text")

    def __init__(self, corrected_at, text):
        self.corrected_at, self.text = corrected_at, text


class StoredFile:
    """A stored file's name and, when a template asks, its address."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    @property
    def url(self):
        return storages["default"].url(self.name)


class RenditionRow:
    __slots__ = ("slot", "format", "width", "height", "file")

    def __init__(self, slot, format, width, height, file):
        self.slot, self.format, self.width, self.height = slot, format, width, height
        self.file = StoredFile(file)


class ImageRow:
    __slots__ = ("pk", "alt_text", "caption", "credit", "renditions")

    def __init__(self, pk, alt_text, caption, credit, renditions):
        self.pk, self.alt_text, self.caption, self.credit = (
            pk,
            alt_text,
            caption,
            credit,
        )
        self.renditions = renditions

    def renditions_for(self, slot):
        """As Image.renditions_for(): one slot's renditions, smallest first."""
        return sorted(
            (r for r in self.renditions if r.slot == slot),
            key=lambda r: (r.width, r.format),
        )


def byline_rows(value, author_link=None):
    """The authors in the JSON array `value` (objects of id, name and slug),
    in the order of Author's Meta ordering; with their addresses if given
    `author_link`, a linker() of their page."""
    return sorted(
        (
            AuthorRow(
                a["id"], a["name"], a["slug"], author_link and author_link(a["slug"])
            )
            for a in json_rows(value)
        ),
        key=lambda author: (author.name, author.pk),
    )


class CardRow:
    """A published article as a story card shows it, on a list or on
    another article's page."""

    __slots__ = (
        "pk",
        "title",
        "slug",
        "dek",
        "published_at",
        "section",
        "lead_image",
        "authors",
        "url",
    )

    def __init__(self, url=None, **fields):
        self.url = url
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def section_id(self):
        return self.section.pk

    @property
    def lead_image_id(self):
        return self.lead_image.pk if self.lead_image else None

    def get_absolute_url(self):
        return self.url or link(
            "articles:detail", section_slug=self.section.slug, slug=self.slug
        )


class ArticleRow:
    """A published article as its page shows it."""

    __slots__ = (
        "pk",
        "title",
        "slug",
        "dek",
        "body",
        "seo_title",
        "seo_description",
        "status",
        "published_at",
        "updated_at",
        "significantly_updated_at",
        "previous_article_id",
        "next_article_id",
        "section",
        "lead_image",
    )
    Status = Article.Status
    # The model's own rule for one article, not a copy of it.
    is_published = Article.is_published
    search_title = Article.search_title

    def __init__(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def section_id(self):
        return self.section.pk

    def get_absolute_url(self):
        return link("articles:detail", section_slug=self.section.slug, slug=self.slug)
