"""Fact boxes and galleries in a real browser: the editor's toolbar makes
them, and readers get a gallery they can page through by mouse and keyboard
at phone and desktop widths, which is a list of figures without script, in a
page that axe finds nothing wrong with."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.storage import default_storage
from django.urls import reverse

from articles.models import Article, Section

from ..public_pages import build_story_formats
from .conftest import serve_media
from .test_editorial_day import log_in
from .test_public_pages import WCAG_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTIONS = ["Boats at the quay.", "The lighthouse at dusk.", "Nets drying."]


def figure(image, caption):
    source = default_storage.url(image.file.name)
    return (
        f'<figure><img src="{source}" alt="" data-file="{image.pk}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def requests_elsewhere(page, live_server):
    """The addresses `page` asks for anywhere but the site, as it asks."""
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url)
            and elsewhere.append(request.url)
        ),
    )
    return elsewhere


@pytest.fixture
def gallery_story(make_article, make_image):
    photos = [
        make_image(alt_text=f"Photo {n} of the harbour", credit=f"Photographer {n}")
        for n in (1, 2, 3)
    ]
    gallery = "".join(
        f"<li>{figure(photo, caption)}</li>"
        for photo, caption in zip(photos, CAPTIONS, strict=True)
    )
    return make_article(
        title="A Day in the Harbour",
        body=(
            "<p>The fleet came home before the storm.</p>"
            '<aside class="fact-box"><h2>The harbour in numbers</h2>'
            "<ul><li>42 boats</li><li>Built in 1821</li></ul></aside>"
            f'<ul class="gallery">{gallery}</ul>'
            "<p>By nightfall the quay was empty.</p>"
        ),
    )


def shown_captions(page):
    return [
        caption.inner_text()
        for caption in page.locator(".gallery figcaption").all()
        if caption.is_visible()
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_readers_page_through_a_gallery(
    browser, live_server, gallery_story, width, screenshot
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = serve_media(context.new_page())
    page.goto(gallery_story.get_absolute_url())
    assert shown_captions(page) == [CAPTIONS[0]]
    assert page.inner_text(".gallery-count") == "Photo 1 of 3"
    assert page.get_attribute(".gallery-viewer", "aria-label") == (
        "Gallery of 3 photos"
    )
    # The photo fills the column and no more, in a rendition for the width.
    photo = page.locator(".gallery li:not([hidden]) img")
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('.gallery li:not([hidden]) img').complete"
    )
    box = photo.bounding_box()
    assert 0 < box["width"] <= width
    assert "/renditions/" in photo.evaluate("(img) => img.currentSrc")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    screenshot(page, f"gallery-first-{width}")

    page.click("button.gallery-next")
    assert shown_captions(page) == [CAPTIONS[1]]
    assert page.inner_text(".gallery-count") == "Photo 2 of 3"
    # By keyboard: the buttons, and the arrow keys while focus is inside.
    page.focus("button.gallery-next")
    page.keyboard.press("Enter")
    assert shown_captions(page) == [CAPTIONS[2]]
    page.keyboard.press("ArrowRight")  # round to the first again
    assert shown_captions(page) == [CAPTIONS[0]]
    page.keyboard.press("ArrowLeft")
    assert shown_captions(page) == [CAPTIONS[2]]
    assert page.inner_text(".gallery-count") == "Photo 3 of 3"
    assert page.evaluate("() => document.activeElement.className") == "gallery-next"
    assert page.locator(".gallery li:not([hidden]) .credit").inner_text() == (
        "Photographer 3"
    )
    screenshot(page, f"gallery-third-{width}")

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    problems = [
        f"{kind} {violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for kind in ["violations", "incomplete"]
        for violation in results.response[kind]
    ]
    assert problems == []
    context.close()


def test_without_script_a_gallery_is_a_list_of_figures(
    browser, live_server, gallery_story, screenshot
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 900},
        java_script_enabled=False,
    )
    page = serve_media(context.new_page())
    page.goto(gallery_story.get_absolute_url())
    assert shown_captions(page) == CAPTIONS
    assert page.locator(".gallery-controls").count() == 0
    assert page.locator(".fact-box h2").inner_text() == "The harbour in numbers"
    screenshot(page, "gallery-without-script")
    context.close()


def test_the_toolbar_inserts_a_fact_box_and_groups_figures_in_a_gallery(
    new_page, live_server, make_staff, make_image, screenshot
):
    Section.objects.create(name="News", slug="news")
    first, second = make_image(), make_image()
    make_staff("desk", "Editor")
    page = new_page()
    log_in(page, live_server.url, "desk")
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_title", "Harbour Pictures")
    page.select_option("#id_section", label="News")
    page.wait_for_selector(".ProseMirror[contenteditable=true]")
    # Two figures as the image tool places them, then both selected.
    page.evaluate(
        """(html) => {
          const editor = document.querySelector(".prose-editor .tiptap").editor;
          editor.commands.setContent(html, true);
          editor.commands.selectAll();
        }""",
        figure(first, "Boats.") + figure(second, "Nets."),
    )
    page.click(".prose-menubar button[title='Gallery of the selected figures']")
    page.evaluate(
        "() => document.querySelector('.prose-editor .tiptap').editor"
        ".commands.focus('end')"
    )
    page.click(".prose-menubar button[title='Fact box']")
    page.keyboard.press("ArrowDown")
    page.keyboard.type("Built in 1821.")
    screenshot(page, "fact-box-and-gallery-in-the-editor")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().body == (
        f'<ul class="gallery"><li>{figure(first, "Boats.")}</li>'
        f"<li>{figure(second, 'Nets.')}</li></ul>"
        '<aside class="fact-box"><h2>Key facts</h2><p>Built in 1821.</p></aside>'
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_an_embed_loads_nothing_from_its_provider_until_the_reader_asks(
    browser, live_server, make_article, make_image, width, screenshot
):
    article = build_story_formats(make_article(title="Elsewhere").section, make_image)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = serve_media(context.new_page())
    elsewhere = requests_elsewhere(page, live_server)
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            content_type="text/html", body="<!doctype html><title>v</title><p>Video"
        ),
    )
    page.goto(article.get_absolute_url())
    load = page.locator("button.embed-load")
    assert load.inner_text() == "Load content from YouTube"
    assert page.locator("iframe").count() == 0
    # The post is quoted, the unreachable chart is a card, the document a link.
    assert page.locator(".embed-quotation blockquote").inner_text() == (
        "Gates shut at 6pm."
    )
    assert page.locator(".embed-card").inner_text() == (
        "https://datawrapper.dwcdn.net/aB3xY/1/\non Datawrapper"
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    problems = [
        f"{kind} {violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for kind in ["violations", "incomplete"]
        for violation in results.response[kind]
    ]
    assert problems == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    screenshot(page, f"facade-{width}")
    assert elsewhere == []

    load.click()
    frame = page.locator("figure.embed-frame iframe")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/flood-01"
    )
    assert frame.get_attribute("title") == "Flood defences hold at the harbour"
    page.frame_locator("figure.embed-frame iframe").locator("text=Video").wait_for()
    assert elsewhere == ["https://www.youtube-nocookie.com/embed/flood-01"]
    box = frame.bounding_box()
    assert round(box["width"] / box["height"], 2) == round(640 / 360, 2)
    screenshot(page, f"frame-{width}")
    context.close()


def test_pasted_addresses_and_the_embed_button_make_embeds(
    browser, new_page, live_server, make_staff, settings, run_tasks, screenshot
):
    from tests.embeds.provider import OEmbedProvider

    provider = OEmbedProvider(8911)
    settings.NEWSROOM_OEMBED_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.NEWSROOM_OEMBED_ENDPOINTS = dict.fromkeys(
        ("YouTube", "Datawrapper", "DocumentCloud"), f"{provider.url}/oembed"
    )
    addresses = {
        "YouTube": "https://www.youtube.com/watch?v=flood-01",
        "Datawrapper": "https://datawrapper.dwcdn.net/aB3xY/1/",
        "DocumentCloud": "https://www.documentcloud.org/documents/2461-harbour",
    }
    frames = {
        "YouTube": "https://www.youtube-nocookie.com/embed/flood-01",
        "Datawrapper": "https://datawrapper.dwcdn.net/aB3xY/1/",
        "DocumentCloud": "https://embed.documentcloud.org/documents/2461-harbour/",
    }
    for name, url in addresses.items():
        provider.answers[url] = {
            "type": "rich",
            "title": f"From {name}",
            "html": f'<iframe src="{frames[name]}"></iframe>',
        }
    Section.objects.create(name="News", slug="news")
    make_staff("desk", "Editor")
    page = new_page()
    log_in(page, live_server.url, "desk")
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_title", "Storm Data")
    page.select_option("#id_section", label="News")
    page.select_option("#id_status", label="Published")
    editable = page.locator(".ProseMirror[contenteditable=true]")
    editable.click()
    page.keyboard.type("The storm, in numbers.")
    page.keyboard.press("Enter")
    # Two pasted, each on a line of its own; one through the Embed button.
    for name in ("YouTube", "Datawrapper"):
        page.evaluate(
            """(text) => {
              const data = new DataTransfer();
              data.setData("text/plain", text);
              document.querySelector(".prose-editor .tiptap").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true})
              );
            }""",
            addresses[name],
        )
        page.keyboard.press("Enter")
    page.click(".prose-menubar button[title='Embed']")
    page.fill("dialog input[name=url]", addresses["DocumentCloud"])
    screenshot(page, "embed-dialog")
    page.click("dialog button[type=submit]")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert provider.requests == []  # nothing fetched while the editor saved
    run_tasks()
    assert sorted(provider.oembed_requests()) == sorted(addresses.values())

    context = browser.new_context(base_url=live_server.url)
    reader = context.new_page()
    elsewhere = requests_elsewhere(reader, live_server)
    reader.route(
        "https://*/**",
        lambda route: route.fulfill(content_type="text/html", body="<p>Frame"),
    )
    reader.goto(article.get_absolute_url())
    buttons = reader.locator("button.embed-load")
    assert buttons.all_inner_texts() == [
        f"Load content from {name}" for name in addresses
    ]
    screenshot(reader, "three-facades")
    assert elsewhere == []
    buttons.first.click()
    reader.frame_locator("iframe").locator("text=Frame").wait_for()
    assert elsewhere == [frames["YouTube"]]
    context.close()
    provider.stop()
