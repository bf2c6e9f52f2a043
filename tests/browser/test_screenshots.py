"""The README's screenshots: the home page, a section front, an article and
an author page of a demo archive (`seed_demo`, photos and all), on a phone
and a desktop, in light and dark mode. `make screenshots` takes them and
copies them to docs/screenshots/."""

import io

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Article, Author
from publication.models import Publication

from .conftest import ARTIFACTS, serve_media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ARTIFACTS.parent / "screenshots"
# Long enough to show each page's layout, short enough to keep files small.
MOST_PIXELS_HIGH = 2600
# Every lazy picture of the page, scrolled to and loaded.
LOAD_EVERY_PICTURE = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 60));
  }
  scrollTo(0, 0);
  await Promise.all([...document.images].map(image => image.decode().catch(() => {})));
}"""


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", articles=160, photos=20, seed=23, verbosity=0)
    Publication.objects.create(
        name="The Harbour Courier",
        tagline="News from the river towns",
        publisher="Harbour Courier Media",
        about_url="/about/",
        contact_url="mailto:newsdesk@courier.example",
        corrections_url="/corrections/",
    )
    live = Article.objects.published()
    story = (
        live.filter(section__slug="news", significantly_updated_at__isnull=False)
        .exclude(lead_image=None)
        .first()
    ) or live.filter(section__slug="news").exclude(lead_image=None).first()
    author = (
        story.authors.exclude(photo=None).first()
        or Author.objects.exclude(photo=None).first()
    )
    return {
        "home": "/",
        "section": "/news/",
        "article": story.get_absolute_url(),
        "author": author.get_absolute_url(),
    }


def save(page, name):
    """The page, to MOST_PIXELS_HIGH, in 256 colours."""
    height = min(page.evaluate("document.body.scrollHeight"), MOST_PIXELS_HIGH)
    width = page.viewport_size["width"]
    shot = page.screenshot(
        full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
    )
    image = PILImage.open(io.BytesIO(shot)).convert("RGB").quantize(256)
    image.save(SCREENSHOTS / f"{name}.png", optimize=True)


def test_readme_screenshots(browser, live_server, demo_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for color_scheme in ["light", "dark"]:
        for width in [375, 1280]:
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": width, "height": 900},
                color_scheme=color_scheme,
            )
            page = serve_media(context.new_page())
            for name, url in demo_site.items():
                assert page.goto(url).status == 200, url
                page.evaluate(LOAD_EVERY_PICTURE)
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                assert page.evaluate(
                    "[...document.images].every(image => image.naturalWidth > 0)"
                ), url
                save(page, f"{name}-{width}-{color_scheme}")
            context.close()
