"""Reader pages' links, as reverse() makes them, at a fraction of its cost.

A list page links to 40 addresses and an article page to about 30; reverse()
costs some 15 µs each, a large share of a page that should cost 2 ms. Here
each URL name is reversed once per process with placeholders, and later
links fill in the same shape, quoted as reverse() quotes them. The values
come from the database, where every slug already fits its route.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.urls.resolvers import RFC3986_SUBDELIMS

# What reverse() leaves unquoted in a path.
SAFE = RFC3986_SUBDELIMS + "/~:@"


def link(name, **kwargs):
    """reverse(name, kwargs=kwargs); quick for a route whose arguments are
    all slugs (an article, section, tag or author page, or its feed)."""
    shape = _shape(name, tuple(kwargs), get_script_prefix(), get_urlconf())
    if shape is None:
        return reverse(name, kwargs=kwargs)
    return shape.format_map(
        {key: quote(str(value), safe=SAFE) for key, value in kwargs.items()}
    )


def linker(name, *keys):
    """A function of `keys`' values giving link(name, ...) for each, the
    shape looked up once: for a statement's many rows, as finding the
    request's script prefix and URLconf costs most of a link()."""
    shape = _shape(name, keys, get_script_prefix(), get_urlconf())
    if shape is None:
        return lambda *values: reverse(
            name, kwargs=dict(zip(keys, values, strict=True))
        )
    return lambda *values: shape.format_map(
        {
            key: quote(str(value), safe=SAFE)
            for key, value in zip(keys, values, strict=True)
        }
    )


@lru_cache(maxsize=64)
def _shape(name, keys, prefix, urlconf):
    """The path of `name` with a {key} field in place of each argument, or
    None for a route that takes other than slugs."""
    # Letters only, so that slug converters take them and quoting keeps them.
    marks = {key: f"zq{n}qz" for n, key in enumerate(keys)}
    try:
        path = reverse(name, urlconf=urlconf, kwargs=marks)
    except NoReverseMatch:
        return None
    path = path.replace("{", "{{").replace("}", "}}")
    for key, mark in marks.items():
        path = path.replace(mark, f"{{{key}}}")
    return path
