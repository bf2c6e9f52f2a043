"""Every public page in a real browser: axe-core's WCAG 2.2 A and AA rules in
light and dark mode at phone and desktop widths, reflow at 320 px, the
keyboard path, the measure, no layout shift from photos, and the article on
paper. The README's screenshots are taken by test_screenshots.py."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from ..public_pages import build_public_pages
from .conftest import serve_media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COLOR_SCHEMES = ["light", "dark"]


@pytest.fixture
def pages(spector, make_image, author):
    return build_public_pages(spector, make_image, author)


@pytest.fixture
def open_page(new_page):
    """A page in a browser whose uploads come from the test's MEDIA_ROOT,
    which the live server (DEBUG off) does not serve."""

    def open_page(photo_delay=0, **options):
        page = serve_media(new_page(), delay=photo_delay)
        if options:
            page.emulate_media(**options)
        return page

    return open_page


def visit(page, url, status):
    response = page.goto(url)
    assert response.status == status, url


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("width", [375, 1280])
def test_every_public_page_passes_axe(open_page, pages, color_scheme, width):
    page = open_page(color_scheme=color_scheme)
    page.set_viewport_size({"width": width, "height": 900})
    axe = Axe()
    violations = []
    for name, (url, status) in pages.items():
        visit(page, url, status)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        # "Incomplete" is what axe could not decide (contrast over an image,
        # say): it fails too, rather than pass unseen.
        violations += [
            f"{name}: {kind} {violation['id']} ({violation['impact']}): "
            f"{[node['target'] for node in violation['nodes']]}"
            for kind in ["violations", "incomplete"]
            for violation in results.response[kind]
        ]
    assert violations == [], "\n".join(violations)


def test_every_public_page_reflows_at_320_pixels(new_page, pages):
    """WCAG 1.4.10: at 320 CSS pixels (a 1280 px screen at 400% zoom) nothing
    makes the reader scroll sideways."""
    page = new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for name, (url, status) in pages.items():
        visit(page, url, status)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    assert too_wide == {}


def test_keyboard_reader_skips_to_the_article_with_focus_in_sight(new_page, pages):
    page = new_page()
    page.goto(pages["article"][0])

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    assert skip_link.inner_text() == "Skip to content"
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1
    outline = skip_link.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is inside the article, past the site's navigation.
    assert page.locator("main :focus").count() == 1


def test_pager_links_name_the_articles_they_lead_to(new_page, pages):
    page = new_page()
    page.goto(pages["article"][0])
    pager = page.get_by_role("navigation", name="More articles")
    previous = pager.get_by_role(
        "link", name="Previous: Supreme Court to Reconsider Chevron", exact=True
    )
    following = pager.get_by_role(
        "link",
        name="Next: Federal Officials Talk Cybersecurity Collaboration, "
        "Strategy with Law Enforcement at RSA Conference",
        exact=True,
    )
    assert previous.count() == 1
    assert following.count() == 1


# Characters a line of the first paragraph holds: its width over the average
# width of its own characters in its own font.
CHARACTERS_PER_LINE = """() => {
  const paragraph = document.querySelector(".article-body p");
  const context = document.createElement("canvas").getContext("2d");
  context.font = getComputedStyle(paragraph).font;
  const text = paragraph.textContent;
  return paragraph.clientWidth / (context.measureText(text).width / text.length);
}"""


@pytest.mark.parametrize("width", [768, 1280])
def test_article_lines_hold_60_to_75_characters(new_page, pages, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(pages["article"][0])
    assert 60 <= page.evaluate(CHARACTERS_PER_LINE) <= 75


# The page's cumulative layout shift so far, as Chromium scores it.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 100);
})"""


@pytest.mark.parametrize("name", ["home", "article-with-lead-image"])
def test_photos_arriving_late_move_nothing(open_page, pages, name):
    page = open_page(photo_delay=0.5)
    page.goto(pages[name][0])
    assert page.locator("img").first.evaluate("image => image.naturalWidth") > 0
    assert page.evaluate(LAYOUT_SHIFT) == 0


def test_printed_article_is_the_story_with_its_address_and_date(
    open_page, pages, screenshot
):
    page = open_page(media="print")
    url, _ = pages["article"]
    page.goto(url)
    screen_only = [".masthead nav", ".skip-link", ".share", ".article-pager"]
    for chrome in [*screen_only, ".site-footer"]:
        assert not page.locator(chrome).is_visible(), chrome
    assert page.locator("h1").inner_text().startswith("Record Seizures")
    assert page.get_by_text("May 2, 2023").first.is_visible()
    printed_address = page.locator(".print-address")
    assert printed_address.is_visible()
    # The story's canonical address, on the site's configured host.
    canonical = settings.NEWSROOM_SITE_URL + urlsplit(page.url).path
    assert printed_address.inner_text().endswith(canonical)
    screenshot(page, "article-print")
