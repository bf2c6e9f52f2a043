"""A live story in two real browsers: an editor posts from the live desk,
and a reader's page, untouched, shows each new entry without a reload and
without moving what the reader is looking at, at phone and desktop widths."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from liveblog.models import LiveEntry, LiveStory

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(make_article, author):
    now = timezone.now()
    article = make_article(
        title="Storm Hits the Coast",
        dek="Follow the storm as it comes ashore.",
        body="<p>The storm is expected at noon.</p>",
        published_at=now - timedelta(hours=3),
    )
    story = LiveStory.objects.create(
        article=article, coverage_started_at=now - timedelta(hours=3)
    )
    for n in range(12):
        entry = LiveEntry.objects.create(
            story=story,
            posted_at=now - timedelta(minutes=5 * (12 - n)),
            title="Sea wall breached" if n == 4 else "",
            is_key_event=n == 4,
            body=f"<p>Update {n}: the wind is rising along the front, and "
            "the council asks residents to stay indoors until it passes.</p>",
        )
        entry.authors.add(author)
    return story


def open_reader(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    asks = []
    page.on(
        "response",
        lambda response: (
            "/updates/?after=" in response.url and asks.append(response.status)
        ),
    )
    return context, page, asks


def assert_unmoved(page, entry_id, top):
    """The entry the reader is reading is where it was in the window (to
    the pixel: scrolling rounds), on the page first loaded (a reload would
    forget the mark)."""
    now, untouched = page.evaluate(
        """id => [document.getElementById(id).getBoundingClientRect().top,
                  window.untouched === true]""",
        entry_id,
    )
    assert untouched
    assert abs(now - top) < 1


def post_from_the_desk(page, story, text):
    page.goto(reverse("admin:liveblog_livestory_desk", args=[story.pk]))
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type(text)
    page.click("input[value='Post entry']")
    page.wait_for_selector(".messagelist .success")
    return LiveEntry.objects.get(body=f"<p>{text}</p>")


@pytest.mark.parametrize(
    ("width", "poll_seconds"),
    [(390, 20), (1280, 2)],
    ids=["phone-every-20s", "desktop-every-2s"],
)
def test_a_reader_sees_new_entries_without_a_reload_or_moving(
    browser, live_server, story, make_staff, screenshot, settings, width, poll_seconds
):
    settings.NEWSROOM_LIVE_POLL_SECONDS = poll_seconds
    make_staff("desk", "Editor")
    reader_context, reader, asks = open_reader(browser, live_server, width)
    desk_context = browser.new_context(base_url=live_server.url)
    desk = desk_context.new_page()
    try:
        reader.goto(story.get_absolute_url())
        reader.evaluate("window.untouched = true")
        # The reader has scrolled down to read an older entry.
        reading = f"update-{story.entries.order_by('posted_at')[5].pk}"
        reader.locator(f"#{reading}").scroll_into_view_if_needed()
        reader.evaluate("window.scrollBy(0, 200)")
        before = reader.locator(f"#{reading}").bounding_box()["y"]
        screenshot(reader, "reader-before")

        log_in(desk, live_server.url, "desk")
        if poll_seconds < 5:
            # Nothing new: the asks are answered "not modified".
            reader.wait_for_timeout(3 * poll_seconds * 1000)
            assert 304 in asks
        first = post_from_the_desk(desk, story, "The storm is ashore.")
        screenshot(desk, "desk-posted")

        reader.wait_for_selector(
            f"#update-{first.pk}", state="attached", timeout=30_000
        )
        assert_unmoved(reader, reading, before)
        # Read out politely, once the live region has been emptied.
        expect(reader.locator(".live-status[role=status]")).to_have_text("1 new update")
        # Its time reads as the others' do.
        assert reader.inner_text(f"#update-{first.pk} time") == "Just now"
        screenshot(reader, "reader-after-first")

        if poll_seconds < 5:
            second = post_from_the_desk(desk, story, "Power is out in the old town.")
            reader.wait_for_selector(f"#update-{second.pk}", state="attached")
            assert_unmoved(reader, reading, before)
            # Newest first, above the entry posted before it.
            ids = reader.eval_on_selector_all(
                ".live-entries .live-entry", "entries => entries.map(e => e.id)"
            )
            assert ids[:2] == [f"update-{second.pk}", f"update-{first.pk}"]
        reader.evaluate("window.scrollTo(0, 0)")
        reader.locator(".live-entries").scroll_into_view_if_needed()
        screenshot(reader, "reader-scrolled-up")
        assert "The storm is ashore." in reader.inner_text(".live-entries")
    finally:
        reader_context.close()
        desk_context.close()


def test_without_script_a_reload_shows_new_entries(browser, live_server, story):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(story.get_absolute_url())
        entry = LiveEntry.objects.create(story=story, body="<p>Roads closed.</p>")
        page.reload()
        assert page.locator(f"#update-{entry.pk}").is_visible()
        assert page.locator(".key-events a").count() == 1
    finally:
        context.close()


def test_an_update_arriving_shows_its_gallery_and_embed_as_an_article_does(
    browser, live_server, story, make_image, settings, screenshot
):
    from embeds.models import Embed

    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    video = "https://www.youtube.com/watch?v=flood-01"
    Embed.objects.create(
        url=video,
        provider="YouTube",
        state=Embed.State.READY,
        title="Flood defences hold",
        frame_url="https://www.youtube-nocookie.com/embed/flood-01",
    )
    photos = [
        make_image(alt_text=f"The harbour at {when}") for when in ("dawn", "dusk")
    ]
    gallery = "".join(
        f'<li><figure><img alt="" data-file="{photo.pk}"></figure></li>'
        for photo in photos
    )
    context, page, _ = open_reader(browser, live_server, 1280)
    refused = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and refused.append(message.text)
        ),
    )
    try:
        page.goto(story.get_absolute_url())
        entry = LiveEntry.objects.create(
            story=story, body=f'<ul class="gallery">{gallery}</ul><p>{video}</p>'
        )
        arrived = page.locator(f"#update-{entry.pk}")
        expect(arrived.locator(".gallery-count")).to_have_text("Photo 1 of 2")
        arrived.locator("button.gallery-next").click()
        expect(arrived.locator(".gallery-count")).to_have_text("Photo 2 of 2")
        arrived.locator("button.embed-load").click()
        expect(arrived.locator("iframe")).to_have_attribute(
            "src", "https://www.youtube-nocookie.com/embed/flood-01"
        )
        screenshot(page, "live-update-with-gallery-and-embed")
        assert refused == []
    finally:
        context.close()
