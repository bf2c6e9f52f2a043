import pytest

from articles.editorial.merge import body_blocks, merge_bodies, merge_sequences


def test_body_blocks_are_the_top_level_elements():
    figure = '<figure><img src="x" data-file="1"><figcaption>c</figcaption></figure>'
    body = f"<p>One <em>two</em></p>\n<ul><li><p>a</p></li></ul>{figure}"
    assert body_blocks(body) == [
        "<p>One <em>two</em></p>",
        "<ul><li><p>a</p></li></ul>",
        figure,
    ]


@pytest.mark.parametrize(
    ("theirs", "yours", "merged"),
    [
        ("Abc", "abC", "AbC"),  # different items
        ("Abc", "Abc", "Abc"),  # the same change on both sides
        ("aXbc", "abcY", "aXbcY"),  # insertions at different places
        ("bc", "abcY", "bcY"),  # a deletion and an insertion elsewhere
        ("Abc", "aBc", "ABc"),  # neighbouring items
    ],
)
def test_changes_to_different_items_merge(theirs, yours, merged):
    assert merge_sequences(list("abc"), list(theirs), list(yours)) == list(merged)


@pytest.mark.parametrize(
    ("theirs", "yours"),
    [("Abc", "Zbc"), ("aXbc", "aYbc"), ("bc", "Abc"), ("ac", "aBc")],
)
def test_changes_to_one_item_clash(theirs, yours):
    assert merge_sequences(list("abc"), list(theirs), list(yours)) is None


def test_bodies_merge_by_paragraph():
    base = "<p>One.</p><p>Two.</p>"
    assert merge_bodies(base, "<p>1.</p><p>Two.</p>", "<p>One.</p><p>2.</p>") == (
        "<p>1.</p><p>2.</p>"
    )
    assert merge_bodies(base, "<p>1.</p><p>Two.</p>", "<p>Uno.</p><p>Two.</p>") is None
