"""Browser tests in Debian's Chromium, driven by Playwright's Python client.

They run wherever /usr/bin/chromium exists and are skipped, with a clear
reason, where it does not; CI sets NEWSROOM_REQUIRE_BROWSER=1, which turns
that skip into a failure, so CI can never pass without them.
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server listens on loopback only (a free port unless one is given).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if "browser" in item.keywords]
    if CHROMIUM.exists() or not browser_tests:
        return
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            f"{CHROMIUM} is missing, and NEWSROOM_REQUIRE_BROWSER=1 forbids "
            "skipping the browser tests: apt-get install -y chromium"
        )
    skip = pytest.mark.skip(reason=f"browser tests need {CHROMIUM}")
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in a fresh browser context, closed before the live server
    stops, so no keep-alive connection outlives the test."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page
    context.close()


def serve_media(page, delay=0):
    """Answer `page`'s requests for uploads from the test's MEDIA_ROOT, which
    the live server (DEBUG off) does not serve, `delay` seconds late."""

    def answer(route):
        time.sleep(delay)  # the page lays out before photos arrive
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=settings.MEDIA_ROOT / name)

    page.route(f"**/{settings.MEDIA_URL}**", answer)
    return page


@pytest.fixture
def screenshot(request):
    """Saves a numbered full-page screenshot of each step under artifacts/."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    steps = iter(range(1, 100))

    def take(page, step):
        page.screenshot(path=folder / f"{next(steps):02}-{step}.png", full_page=True)

    return take
