"""An editor arranges the home page in Chromium: stories picked with the
admin's search, put in order by drag and drop and by the keyboard, saved;
readers see that front at once, on a phone and on a desktop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from frontpage.models import Front

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_story(page, title):
    """Add a row to the stories and pick `title` in its search box."""
    rows = page.locator("#placements-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.click("#placements-group .add-row a")
    row = rows.nth(before)
    row.locator(".select2-selection").click()
    page.fill(".select2-search__field", title)
    page.click(f".select2-results__option:has-text('{title}')")


def placed_titles():
    front = Front.objects.get(section=None)
    return [p.article.title for p in front.placements.select_related("article")]


def reader_headlines(page):
    return page.locator("main .story-title").all_inner_texts()


@pytest.fixture
def desk_page(browser, live_server, width):
    """The editor's page, at the width of the test (readers read at both)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_an_editor_makes_an_older_story_the_lead_with_two_others_on_top(
    browser, desk_page, live_server, make_staff, screenshot
):
    news = Section.objects.create(name="News", slug="news")
    now = timezone.now()
    for n, title in enumerate(
        ["Tram Line Opens", "Budget Passes", "Harbour Reopens", "Old Bridge Report"]
    ):
        Article.objects.create(
            title=title,
            section=news,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=n + 1),
            body="<p>Text.</p>",
        )
    make_staff("eve", "Editor")
    base = live_server.url
    page = desk_page
    log_in(page, base, "eve")
    page.goto(base + "/admin/frontpage/front/")
    page.click("text=Arrange the home page")
    page.wait_for_selector("#placements-group")

    for title in ("Harbour Reopens", "Budget Passes", "Old Bridge Report"):
        add_story(page, title)
    screenshot(page, "stories-picked")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert placed_titles() == ["Harbour Reopens", "Budget Passes", "Old Bridge Report"]

    # Drag "Budget Passes" by its handle above "Harbour Reopens".
    rows = page.locator("#placements-group tbody tr.has_original")
    rows.nth(1).locator("td.original p").drag_to(
        rows.nth(0).locator("td.original p"), target_position={"x": 5, "y": 2}
    )
    # Then, from the keyboard, move the older story to the first place.
    old = page.locator(
        "#placements-group tr.has_original", has_text="Old Bridge Report"
    )
    old.locator("i.move-begin").focus()
    page.keyboard.press("Enter")
    screenshot(page, "reordered")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert placed_titles() == ["Old Bridge Report", "Budget Passes", "Harbour Reopens"]
    assert "On the front" in page.inner_text(".field-arrangements_kept")
    screenshot(page, "saved-with-its-history")

    for width, name in ((375, "phone"), (1280, "desktop")):
        reader = browser.new_context(viewport={"width": width, "height": 900})
        try:
            home = reader.new_page()
            home.goto(base + "/")
            assert reader_headlines(home)[:4] == [
                "Old Bridge Report",
                "Budget Passes",
                "Harbour Reopens",
                "Tram Line Opens",
            ]
            # The lead is the first thing on the page, and shown large.
            lead = home.locator("main .story-lead .story-title")
            assert lead.inner_text() == "Old Bridge Report"
            assert lead.is_visible()
            screenshot(home, f"readers-see-it-on-a-{name}")
        finally:
            reader.close()
