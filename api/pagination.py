"""Keyset ("cursor") pagination: each page continues after the last row of the
one before, on the list's ordering, so page 1,000 costs what page 1 does.

A cursor is the ordering values of that last row, signed, so a tampered or
made-up one is refused (400) rather than read.
"""

from django.core import signing
from django.db.models import Q
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .errors import BadQuery

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def rows_after(ordering, values):
    """A filter for the rows that come after `values` in `ordering` (field
    names, "-" for descending), which must end with a unique field."""
    after = Q()
    equal = {}
    for field, value in zip(ordering, values, strict=True):
        name = field.removeprefix("-")
        lookup = "lt" if field.startswith("-") else "gt"
        after |= Q(**equal, **{f"{name}__{lookup}": value})
        equal[name] = value
    # The first field's bound again, outside the OR, so the database walks
    # its index from the cursor on (as ArticleQuerySet.beyond() explains).
    first = ordering[0].removeprefix("-")
    bound = {f"{first}__{'lte' if ordering[0].startswith('-') else 'gte'}": values[0]}
    return after & Q(**bound)


class KeysetPagination(BasePagination):
    """Pages of `page_size` rows in `view.ordering`, with a `next` link."""

    def __init__(self, ordering=("id",)):
        self.ordering = ordering

    def salt(self, view):
        return f"api.cursor:{type(view).__name__}"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.view = view
        self.page_size = view.query["page_size"] or DEFAULT_PAGE_SIZE
        queryset = queryset.order_by(*self.ordering)
        if cursor := view.query["cursor"]:
            queryset = queryset.filter(rows_after(self.ordering, self.decode(cursor)))
        # One row more than the page tells whether there is a next page.
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.rows = rows[: self.page_size]
        return self.rows

    def decode(self, cursor):
        try:
            values = signing.loads(cursor, salt=self.salt(self.view))
        except signing.BadSignature:
            raise BadQuery({"cursor": ["Not a cursor this list gave out."]}) from None
        model = self.view.get_queryset().model
        fields = [model._meta.get_field(f.removeprefix("-")) for f in self.ordering]
        return [
            field.to_python(value) for field, value in zip(fields, values, strict=True)
        ]

    def encode(self, row):
        model_fields = (field.removeprefix("-") for field in self.ordering)
        values = [getattr(row, name) for name in model_fields]
        return signing.dumps(
            [v.isoformat() if hasattr(v, "isoformat") else v for v in values],
            salt=self.salt(self.view),
        )

    def next_link(self):
        if not self.has_next:
            return None
        query = self.request.GET.copy()
        query["cursor"] = self.encode(self.rows[-1])
        return self.request.build_absolute_uri(
            f"{self.request.path}?{query.urlencode()}"
        )

    def get_paginated_response(self, data):
        return Response({"next": self.next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return []  # documented with the view's other query parameters
