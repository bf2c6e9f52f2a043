"""An editor's day, end to end in a real browser."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username):
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def log_out(page):
    page.click("#logout-form button")
    page.wait_for_selector("text=Logged out")


def test_reporter_writes_editor_publishes_then_updates_the_live_story(
    new_page, live_server, make_staff, screenshot
):
    Section.objects.create(name="News", slug="news")
    make_staff("reporter", "Reporter")
    make_staff("desk", "Editor")
    base = live_server.url
    page = new_page()

    # The reporter writes a story with body text and tags, and submits it.
    log_in(page, base, "reporter")
    page.goto(base + reverse("admin:articles_article_add"))
    page.fill("#id_title", "Flood Defences Hold")
    page.select_option("#id_section", label="News")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The new river wall held overnight.")
    page.fill("#id_tags", "Flooding, Weather")
    assert page.locator("#id_status option[value=published]").count() == 0
    page.select_option("#id_status", "review")
    screenshot(page, "reporter-writes")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    screenshot(page, "reporter-submitted")
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.body == "<p>The new river wall held overnight.</p>"
    assert sorted(article.tags.names()) == ["Flooding", "Weather"]
    log_out(page)

    # The editor finds it in review and previews it.
    log_in(page, base, "desk")
    changelist = base + reverse("admin:articles_article_changelist")
    page.goto(f"{changelist}?state=review")
    page.click("text=Flood Defences Hold")
    preview_href = page.get_attribute(".object-tools a:text-is('Preview')", "href")
    page.goto(base + preview_href)
    assert "It is in review" in page.inner_text(".preview-notice")
    assert page.inner_text("h1") == "Flood Defences Hold"
    screenshot(page, "editor-previews")

    # Publishes it with the changelist action, and sees it on the home page.
    page.goto(changelist)
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish_now")
    page.click("button[name=index]")
    page.wait_for_selector("text=1 article published.")
    screenshot(page, "editor-published")
    page.goto(f"{base}/")
    assert "Flood Defences Hold" in page.inner_text("main")
    screenshot(page, "home-page")

    # Edits the live story without publishing: readers still see the old one.
    change_form = base + reverse("admin:articles_article_change", args=[article.pk])
    page.goto(change_form)
    page.fill("#id_title", "Flood Defences Hold as River Peaks")
    page.click("input[name=_save_pending]")
    page.wait_for_selector("text=saved but not published")
    screenshot(page, "editor-saves-without-publishing")
    reader = new_page()
    reader.goto(base + article.get_absolute_url())
    assert reader.inner_text("h1") == "Flood Defences Hold"
    screenshot(reader, "reader-sees-live-version")

    # Previews the change, then publishes it in one step.
    page.goto(base + preview_href)
    assert page.inner_text("h1") == "Flood Defences Hold as River Peaks"
    assert "not published" in page.inner_text(".preview-notice")
    screenshot(page, "editor-previews-change")
    page.goto(change_form)
    assert page.input_value("#id_title") == "Flood Defences Hold as River Peaks"
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    reader.reload()
    assert reader.inner_text("h1") == "Flood Defences Hold as River Peaks"
    screenshot(reader, "reader-sees-the-change")

    # Records a correction as a significant update; readers see both.
    page.goto(change_form)
    page.click("text=Add another Correction")
    page.fill("#id_corrections-0-text", "An earlier version gave the wrong river.")
    page.check("#id_significant_update")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    reader.reload()
    assert "An earlier version gave the wrong river." in reader.inner_text(
        ".article-corrections"
    )
    assert "Updated" in reader.inner_text(".article-meta")
    screenshot(reader, "reader-sees-the-correction")
