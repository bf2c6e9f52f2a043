"""Text typed into the article form is kept in the browser until the server
confirms the save, so a network that drops on save loses nothing."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_EDITOR = ".ProseMirror[contenteditable=true]"
NOTICE = "#kept-text"
WRITTEN_TITLE = "Flood Defences Hold, Then Fail"
WRITTEN_BODY = (
    "<p>The river wall held overnight.</p><p>By noon the water was over the top.</p>"
)


@pytest.fixture
def story():
    news = Section.objects.create(name="News", slug="news")
    return Article.objects.create(
        title="Flood Defences Hold",
        section=news,
        body="<p>The river wall held overnight.</p>",
    )


@pytest.fixture
def reporter(new_page, live_server, make_staff, story):
    """A reporter's page on the story's change form."""
    make_staff("reporter", "Reporter")
    page = new_page()
    log_in(page, live_server.url, "reporter")
    page.goto(reverse("admin:articles_article_change", args=[story.pk]))
    return page


def write(page):
    page.fill("#id_title", WRITTEN_TITLE)
    page.locator(BODY_EDITOR).click()
    # The caret to the end through the editor itself: a key press can reach it
    # before it has read where a click put the browser's selection.
    page.locator(BODY_EDITOR).evaluate(
        "editable => editable.editor.commands.focus('end')"
    )
    page.keyboard.press("Enter")
    page.keyboard.type("By noon the water was over the top.")


def save_while_offline(page):
    page.context.set_offline(True)
    page.click("input[name=_save]")
    page.wait_for_url("chrome-error://**")
    page.context.set_offline(False)


def assert_saves_and_is_not_offered_again(page, story):
    """Save the written text: it lands, and the form no longer offers it."""
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    saved = Article.objects.get()
    assert (saved.title, saved.body) == (WRITTEN_TITLE, WRITTEN_BODY)
    page.goto(reverse("admin:articles_article_change", args=[story.pk]))
    assert page.locator(NOTICE).is_hidden()


def test_text_lost_to_a_network_drop_on_save_is_restored_and_saved(
    reporter, story, screenshot
):
    write(reporter)
    save_while_offline(reporter)
    screenshot(reporter, "network-dropped-on-save")
    assert Article.objects.get().title == "Flood Defences Hold"

    reporter.goto(reverse("admin:articles_article_change", args=[story.pk]))
    notice = reporter.get_by_role("alert").filter(has_text="Unsaved text from")
    notice.wait_for()
    assert "was kept in this browser." in notice.inner_text()
    assert "over the top" not in reporter.inner_text(BODY_EDITOR)
    screenshot(reporter, "kept-text-offered")

    notice.get_by_role("button", name="Restore it").click()
    assert notice.is_hidden()
    assert reporter.input_value("#id_title") == WRITTEN_TITLE
    assert "By noon the water was over the top." in reporter.inner_text(BODY_EDITOR)
    screenshot(reporter, "kept-text-restored")
    assert_saves_and_is_not_offered_again(reporter, story)


def test_discarded_text_is_forgotten(reporter, story):
    write(reporter)
    save_while_offline(reporter)
    change = reverse("admin:articles_article_change", args=[story.pk])
    reporter.goto(change)

    reporter.get_by_role("button", name="Discard").click()
    assert reporter.locator(NOTICE).is_hidden()
    assert reporter.input_value("#id_title") == "Flood Defences Hold"

    reporter.goto(change)
    reporter.wait_for_selector(BODY_EDITOR)
    assert reporter.locator(NOTICE).is_hidden()
    assert "over the top" not in reporter.inner_text(BODY_EDITOR)


def test_saved_text_is_not_offered_back_after_someone_else_changes_it(reporter, story):
    write(reporter)
    reporter.click("input[name=_save]")
    reporter.wait_for_selector(".messagelist .success")
    # The desk rewrites the story after the reporter's save.
    story = Article.objects.get()
    story.body = "<p>The wall was breached at noon.</p>"
    story.save()

    reporter.goto(reverse("admin:articles_article_change", args=[story.pk]))
    reporter.wait_for_selector(BODY_EDITOR)
    assert reporter.locator(NOTICE).is_hidden()
    assert "breached" in reporter.inner_text(BODY_EDITOR)


def test_text_the_server_kept_across_a_sign_in_is_not_offered_twice(reporter, story):
    write(reporter)
    # The session ends (signed out elsewhere); the CSRF cookie stays.
    reporter.context.clear_cookies(name="sessionid")
    reporter.click("input[name=_save]")
    reporter.wait_for_selector("#id_username")
    reporter.fill("#id_username", "reporter")
    reporter.fill("#id_password", "pw")
    reporter.click("input[type=submit]")

    reporter.wait_for_selector(".errornote")
    assert "your session had expired" in reporter.inner_text(".errorlist")
    assert reporter.input_value("#id_title") == WRITTEN_TITLE
    assert reporter.locator(NOTICE).is_hidden()
    assert_saves_and_is_not_offered_again(reporter, story)


def test_text_autosaved_on_the_server_reopens_in_another_browser(
    browser, reporter, live_server, story, screenshot, monkeypatch
):
    """The reporter types on a laptop that then dies; on a second browser the
    text is offered back from the server, restored and saved."""
    from datetime import timedelta

    from articles.editorial import unsaved
    from articles.models import Autosave

    # The live server runs in this process: a second's interval, not 30.
    monkeypatch.setattr(unsaved, "AUTOSAVE_INTERVAL", timedelta(seconds=1))
    change = reverse("admin:articles_article_change", args=[story.pk])
    reporter.reload()
    write(reporter)
    for _ in range(100):
        kept = Autosave.objects.filter(title=WRITTEN_TITLE).first()
        if kept is not None and "over the top" in kept.body:
            break
        reporter.wait_for_timeout(100)
    assert kept is not None and "over the top" in kept.body
    assert Article.objects.get().title == "Flood Defences Hold"
    reporter.context.close()  # the laptop dies, its browser storage with it

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    try:
        page = phone.new_page()
        log_in(page, live_server.url, "reporter")
        page.goto(change)
        page.wait_for_selector(f"{NOTICE}:not([hidden])")
        message = page.inner_text(f"{NOTICE} .kept-text-message")
        assert "kept on the server" in message
        assert "differs from the article in the headline, body text" in message
        screenshot(page, "autosave-offered-on-another-browser")
        page.click("[data-kept-text=restore]")
        assert page.input_value("#id_title") == WRITTEN_TITLE
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        saved = Article.objects.get()
        assert saved.title == WRITTEN_TITLE
        assert "over the top" in saved.body
        assert not Autosave.objects.exists()
    finally:
        phone.close()
