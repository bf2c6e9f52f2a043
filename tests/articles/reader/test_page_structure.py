"""What axe cannot judge on its own, on every public page: one h1 and no
skipped heading levels, landmarks, a working skip link, dates a machine can
read, alt text, and link text that makes sense out of context; and what an
article prints."""

from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains

from tests.public_pages import build_public_pages

# Link text a screen reader's list of links would leave meaningless.
VAGUE_LINK_TEXTS = {"previous", "next", "more", "here", "click here", "read more"}
LANDMARKS = {"header", "nav", "main", "footer"}


class PageOutline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []  # levels, in document order
        self.elements = set()
        self.ids = set()
        self.skip_target = None
        self.lang = None
        self.images_without_alt = []
        self.times_without_datetime = 0
        self.links = []  # visible text of each link
        self.link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.add(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "img" and not (attrs.get("alt") or "").strip():
            self.images_without_alt.append(attrs.get("src"))
        elif tag == "time" and not attrs.get("datetime"):
            self.times_without_datetime += 1
        elif tag == "a":
            if "skip-link" in (attrs.get("class") or "") and not self.skip_target:
                self.skip_target = attrs["href"].removeprefix("#")
            self.link = ""

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            self.links.append(" ".join(self.link.split()))
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link += data


@pytest.fixture
def outlines(client, spector, make_image, author):
    pages = build_public_pages(spector, make_image, author)
    outlines = {}
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, name
        outlines[name] = PageOutline()
        outlines[name].feed(response.content.decode())
    return outlines


@pytest.mark.django_db
def test_every_page_has_one_h1_and_skips_no_heading_level(outlines):
    for name, outline in outlines.items():
        assert outline.headings.count(1) == 1, name
        assert outline.headings[0] == 1, name
        steps = zip(outline.headings, outline.headings[1:], strict=False)
        assert all(later <= earlier + 1 for earlier, later in steps), name


@pytest.mark.django_db
def test_every_page_has_landmarks_a_language_and_a_skip_link(outlines):
    for name, outline in outlines.items():
        assert LANDMARKS <= outline.elements, name
        assert outline.lang == "en", name
        assert outline.skip_target in outline.ids, name


@pytest.mark.django_db
def test_every_image_has_alt_text_and_every_date_a_datetime(outlines):
    for name, outline in outlines.items():
        assert outline.images_without_alt == [], name
        assert outline.times_without_datetime == 0, name
    assert "img" in outlines["article-with-lead-image"].elements
    assert "time" in outlines["article"].elements


@pytest.mark.django_db
def test_no_link_text_is_meaningless_out_of_context(outlines):
    for name, outline in outlines.items():
        vague = [text for text in outline.links if text.lower() in VAGUE_LINK_TEXTS]
        assert vague == [], name
        assert "" not in outline.links, name
    assert "Previous: Supreme Court to Reconsider Chevron" in outlines["article"].links


@pytest.mark.django_db
def test_article_page_carries_its_full_address_for_print(client, spector):
    """Shown only on paper (site.css), where a reader cannot see the URL bar."""
    url = spector.get_absolute_url()
    assertContains(
        client.get(url), f'<p class="print-address">Online at http://testserver{url}'
    )
