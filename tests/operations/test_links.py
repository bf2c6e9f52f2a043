import pytest
from django.urls import reverse, set_script_prefix

from operations.links import link, linker


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:detail", {"section_slug": "news", "slug": "council-votes-7-2"}),
        ("articles:section", {"slug": "sport"}),
        ("articles:section-feed", {"slug": "sport"}),
        ("articles:tag", {"slug": "city_hall"}),
        # Tag slugs may be in any script; reverse() quotes them.
        ("articles:tag", {"slug": "zürich-straße"}),
        ("articles:tag", {"slug": "東京"}),
        ("articles:author", {"slug": "ada-reporter"}),
    ],
)
def test_links_are_what_reverse_makes(name, kwargs):
    assert link(name, **kwargs) == reverse(name, kwargs=kwargs)
    assert linker(name, *kwargs)(*kwargs.values()) == reverse(name, kwargs=kwargs)


def test_links_follow_the_script_prefix():
    """A site served under a path (SCRIPT_NAME) links under it."""
    try:
        set_script_prefix("/newsroom/")
        assert link("articles:section", slug="sport") == "/newsroom/sport/"
        assert link("articles:section", slug="sport") == reverse(
            "articles:section", kwargs={"slug": "sport"}
        )
    finally:
        set_script_prefix("/")
    assert link("articles:section", slug="sport") == "/sport/"


def test_routes_with_other_arguments_are_reversed_as_usual():
    kwargs = {"year": "2024", "month": "05"}
    assert link("articles:archive-month", **kwargs) == "/archive/2024/05/"


def test_a_linker_reverses_routes_with_other_arguments_as_usual():
    month = linker("articles:archive-month", "year", "month")
    assert month("2024", "05") == "/archive/2024/05/"
