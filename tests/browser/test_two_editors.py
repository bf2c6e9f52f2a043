"""Two editors on one story in a real browser: the soft lock, the refused
second save with its diff, the merge, and restoring an earlier revision."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_editors(browser, new_page, live_server, make_staff):
    """A live story and the change page's address; Ada and Ben, editors of
    the desk (restoring a revision is for editors), each in a browser with
    a session of their own."""
    news = Section.objects.create(name="News", slug="news")
    article = Article.objects.create(
        title="Flood Defences Hold",
        section=news,
        status=Article.Status.PUBLISHED,
        body="<p>The river wall held overnight.</p>",
    )
    for name in ("ada", "ben"):
        make_staff(name, "Editor")
    change = reverse("admin:articles_article_change", args=[article.pk])
    ada = new_page()
    bens_browser = browser.new_context(viewport={"width": 1280, "height": 900})
    ben = bens_browser.new_page()
    yield article, live_server.url, live_server.url + change, ada, ben
    # Closed before the database is emptied, so no check-in can race it.
    ada.close()
    bens_browser.close()


def test_second_save_is_refused_with_a_diff_then_an_old_revision_is_restored(
    two_editors, screenshot
):
    article, base, change, ada, ben = two_editors
    log_in(ada, base, "ada")
    ada.goto(change)
    log_in(ben, base, "ben")
    ben.goto(change)
    assert "ada has had this article open since" in ben.inner_text("#edit-lock-status")
    screenshot(ben, "ben-sees-ada-has-it-open")

    ada.fill("#id_title", "Flood Defences Hold Overnight")
    ada.click("input[name=_save]")
    ada.wait_for_selector(".messagelist .success")

    ben.fill("#id_title", "Flood Wall Holds")
    ben.click("input[name=_save]")
    ben.wait_for_selector("#edit-conflict")
    assert "Not saved: ada saved this article" in ben.inner_text(".errorlist")
    assert ben.input_value("#id_title") == "Flood Wall Holds"
    # His text is in the form, so the browser's kept copy is not offered.
    assert ben.locator("#kept-text").is_hidden()
    assert "Overnight" in ben.inner_text("#edit-conflict td ins")
    screenshot(ben, "ben-is-refused-and-shown-what-changed")
    assert Article.objects.get().title == "Flood Defences Hold Overnight"

    # Nothing is saved until Ben says whose headline to keep: his.
    assert "you both changed the title" in ben.inner_text(".errorlist")
    assert "Overnight" in ben.inner_text("#conflict-title .conflict-theirs ins")
    ben.click("input[name=_save]")
    assert Article.objects.get().title == "Flood Defences Hold Overnight"
    ben.check("#conflict-title input[value=mine]")
    ben.click("input[name=_save]")
    ben.wait_for_selector(".messagelist .success")
    assert Article.objects.get().title == "Flood Wall Holds"

    ada.goto(base + reverse("admin:articles_article_history", args=[article.pk]))
    assert "Wall Holds" in ada.inner_text("#revision-diff td ins")
    screenshot(ada, "history-with-the-latest-change")
    ada.locator("#change-history tbody tr").last.locator(
        "a", has_text="Restore this revision"
    ).click()
    # It asks first, showing what changes; on a live story the default
    # keeps the restored text aside, so readers see nothing yet.
    ada.wait_for_selector("#restore-changes")
    assert "Wall Holds" in ada.inner_text("#restore-changes td del")
    assert ada.is_checked("#restore-form input[value=pending]")
    screenshot(ada, "restore-asks-first")
    assert Article.objects.get().title == "Flood Wall Holds"
    ada.click("#restore-form input[type=submit]")
    ada.wait_for_selector(".messagelist .success")
    message = ada.inner_text(".messagelist .success")
    assert "as in the revision someone outside the admin saved on" in message
    assert "readers still see the live version" in message
    screenshot(ada, "first-revision-restored-as-unpublished-changes")
    assert ada.input_value("#id_title") == "Flood Defences Hold"
    stored = Article.objects.get()
    assert stored.title == "Flood Wall Holds"
    assert stored.pending_edit.title == "Flood Defences Hold"


def test_changes_to_different_fields_by_two_editors_are_both_kept(
    two_editors, screenshot
):
    """The issue's case: Ada changes the headline, Ben (who had the story
    open) the standfirst and body; Ben's save keeps both and says so."""
    article, base, change, ada, ben = two_editors
    log_in(ada, base, "ada")
    ada.goto(change)
    log_in(ben, base, "ben")
    ben.goto(change)

    ada.fill("#id_title", "Flood Defences Hold Overnight")
    ada.click("input[name=_save]")
    ada.wait_for_selector(".messagelist .success")

    ben.fill("#id_dek", "The wall was built in 2019.")
    ben.locator(".ProseMirror[contenteditable=true]").click()
    ben.keyboard.press("End")
    ben.keyboard.type(" Water fell by noon.")
    ben.click("input[name=_save]")
    ben.wait_for_selector(".messagelist .success")
    assert "their changes to the title are kept with yours" in ben.inner_text(
        ".messagelist .info"
    )
    screenshot(ben, "ben-saved-with-adas-headline-kept")
    stored = Article.objects.get()
    assert stored.title == "Flood Defences Hold Overnight"
    assert stored.dek == "The wall was built in 2019."
    assert "Water fell by noon." in stored.body
