"""The newspaper layout in a real browser: the sections menu at each width
without script, recent times as "2 hrs ago", pictures cropped for phones and
desktops, sharing that loads nothing from other sites, and a newsroom's own
theme."""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.template import engines
from django.utils import timezone

from .conftest import serve_media
from .test_public_pages import WCAG_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(browser, live_server):
    """A page in a context of its own (script on or off, a viewport, the
    clipboard), whose uploads come from the test's MEDIA_ROOT."""
    contexts = []

    def open_page(width=1280, **options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": 900},
            **options,
        )
        contexts.append(context)
        return serve_media(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def stories(make_article, make_image, author):
    now = timezone.now()
    story = make_article(
        title="Harbour Reopens",
        lead_image=make_image(alt_text="Boats in the harbour"),
        published_at=now - timedelta(hours=2, minutes=5),
    )
    story.authors.add(author)
    for n in range(3):
        make_article(
            title=f"Earlier Story {n}",
            lead_image=make_image(alt_text=f"Photo {n}"),
            published_at=now - timedelta(days=3 + n),
        )
    return story


@pytest.mark.parametrize("javascript", [True, False])
def test_sections_are_a_disclosure_on_phones(open_page, stories, javascript):
    page = open_page(width=375, java_script_enabled=javascript)
    page.goto("/")
    menu = page.locator(".section-nav")
    news = menu.get_by_role("link", name="News")

    assert not news.is_visible()
    menu.get_by_text("Sections").click()
    assert news.is_visible()
    news.click()
    assert urlsplit(page.url).path == "/news/"


def test_sections_are_a_row_on_wide_screens(open_page, stories):
    page = open_page(width=1280, java_script_enabled=False)
    page.goto("/news/")
    menu = page.locator(".section-nav")

    assert not menu.get_by_text("Sections").is_visible()
    current = menu.get_by_role("link", name="News")
    assert current.is_visible()
    assert current.get_attribute("aria-current") == "page"


def test_recent_stories_say_how_long_ago(open_page, stories):
    page = open_page()
    page.goto("/")
    time = page.locator(".story-lead time")

    assert time.inner_text() == "2 hrs ago"
    assert time.get_attribute("title").startswith(
        f"{timezone.localtime(stories.published_at):%B} "
    )
    # Older than a day, a story keeps its date.
    assert page.locator(".top-stories time").first.inner_text().count(",") == 1


def test_without_script_every_story_shows_its_date(open_page, stories):
    """What a cached page says is never stale: the date, not an age."""
    page = open_page(java_script_enabled=False)
    page.goto("/")
    local = timezone.localtime(stories.published_at)
    assert page.locator(".story-lead time").inner_text() == (
        f"{local:%b} {local.day}, {local.year}"
    )


@pytest.mark.parametrize(("width", "shape"), [(375, 1), (1280, 1.5)])
def test_card_pictures_are_cropped_for_the_screen(open_page, stories, width, shape):
    """Phones get the square crop beside the headline; wider screens the 3:2
    card crop, each the rendition its size needs."""
    page = open_page(width=width)
    page.goto("/news/")
    picture = page.locator(".story-standard img").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0",
        arg=picture.element_handle(),
    )
    natural = picture.evaluate("image => image.naturalWidth / image.naturalHeight")
    shown = picture.evaluate("image => image.clientWidth / image.clientHeight")
    assert natural == pytest.approx(shape, rel=0.02)
    assert shown == pytest.approx(shape, rel=0.02)
    if width == 375:
        assert "/renditions/" in picture.evaluate("image => image.currentSrc")
        assert picture.evaluate("image => image.naturalWidth") <= 320


def test_sharing_loads_nothing_from_other_sites(open_page, stories):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(stories.get_absolute_url())
    page.wait_for_load_state("networkidle")

    origin = urlsplit(page.url).netloc
    assert {urlsplit(url).netloc for url in asked} == {origin}
    share = page.locator(".share")
    for service in ["Email", "X", "Facebook", "LinkedIn", "WhatsApp"]:
        assert share.get_by_role("link", name=service).is_visible()

    share.get_by_role("button", name="Copy link").click()
    # The story's canonical address, on the site's configured host.
    canonical = settings.NEWSROOM_SITE_URL + urlsplit(page.url).path
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    assert share.get_by_role("status").inner_text() == "Link copied"


def test_without_script_there_is_no_copy_button(open_page, stories):
    page = open_page(java_script_enabled=False)
    page.goto(stories.get_absolute_url())
    assert not page.get_by_role("button", name="Copy link").is_visible()
    assert page.locator(".share").get_by_role("link", name="Share by Email").count()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_newsrooms_own_theme_restyles_and_stays_accessible(
    open_page, stories, settings, color_scheme
):
    settings.NEWSROOM_THEME_STYLESHEET = "css/theme-example.css"
    page = open_page(color_scheme=color_scheme)
    page.goto("/")

    brand = page.locator(".story-lead .kicker a").evaluate(
        "link => getComputedStyle(link).color"
    )
    assert brand in {"rgb(0, 90, 82)", "rgb(111, 211, 196)"}
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.response["violations"] == []


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_breaking_news_banner_is_accessible(
    open_page, stories, monkeypatch, color_scheme, width
):
    banner = SimpleNamespace(text="Bridge closed after crash", link="/news/")
    monkeypatch.setitem(engines["jinja2"].env.globals, "breaking_news", lambda: banner)
    page = open_page(width=width, color_scheme=color_scheme)
    page.goto("/")

    region = page.get_by_role("region", name="Breaking news")
    assert region.get_by_role("link", name="Bridge closed after crash").is_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.response["violations"] == []
