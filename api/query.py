"""The query parameters each list accepts; anything else is refused (400)."""

from rest_framework import serializers

from .errors import BadQuery
from .pagination import MAX_PAGE_SIZE

# Slugs as taggit makes them: letters of any script, digits, - and _.
UNICODE_SLUG = r"^[-\w]+$"


class NoQuery(serializers.Serializer):
    """Single resources take no parameters."""


class ListQuery(serializers.Serializer):
    cursor = serializers.CharField(
        required=False,
        max_length=500,
        help_text="Where the page starts; take it from the previous page's `next`.",
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Rows per page, 1–{MAX_PAGE_SIZE} (20 by default).",
    )


class ArticleListQuery(ListQuery):
    section = serializers.SlugField(
        required=False, max_length=100, help_text="Only this section's articles."
    )
    tag = serializers.RegexField(
        UNICODE_SLUG,
        required=False,
        max_length=100,
        help_text="Only articles with this tag (its slug).",
    )
    author = serializers.SlugField(
        required=False, max_length=200, help_text="Only this author's articles."
    )
    published_since = serializers.DateTimeField(
        required=False,
        help_text="Only articles published at or after this time (ISO 8601).",
    )
    changed_since = serializers.DateTimeField(
        required=False,
        help_text="Only articles changed at or after this time (ISO 8601), "
        "for keeping a copy in sync.",
    )


def read_query(request, query_class):
    """The request's query parameters, checked against `query_class`; every
    parameter it does not name, and any value it refuses, is a 400."""
    unknown = sorted(set(request.query_params) - set(query_class().fields))
    if unknown:
        allowed = ", ".join(query_class().fields) or "none"
        raise BadQuery(
            {
                name: [f"Unknown parameter; this list takes {allowed}."]
                for name in unknown
            }
        )
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return {name: query.validated_data.get(name) for name in query.fields}
