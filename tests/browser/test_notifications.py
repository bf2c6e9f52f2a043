"""Reading notifications in the editor panel, in Chromium, at a desktop's
and a phone's width."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Section

from .test_editorial_day import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted_by_rita(new_page, live_server, make_staff, run_tasks):
    """rita writes a story in the browser and submits it; the worker runs."""
    Section.objects.create(name="News", slug="news")
    make_staff("rita", "Reporter")
    for editor in ("ed", "eve"):
        make_staff(editor, "Editor")
    page = new_page()
    log_in(page, live_server.url, "rita")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_title", "Harbour Deal Signed")
    page.select_option("#id_section", label="News")
    page.select_option("#id_status", "review")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    log_out(page)
    run_tasks()
    return Article.objects.get()


def test_an_editor_reads_a_notification_at_desktop_width(
    new_page, live_server, submitted_by_rita, screenshot
):
    page = new_page()
    log_in(page, live_server.url, "ed")
    link = page.locator("#user-tools a.notifications-link")
    assert " ".join(link.text_content().split()) == "Notifications (1)"
    assert link.locator(".unread-count").get_attribute("aria-label") == "1 unread"
    screenshot(page, "dashboard-with-unread")

    link.click()
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)  # waits for the list page to load
    message = row.locator("td.field-what strong a")
    assert message.inner_text() == "rita submitted “Harbour Deal Signed” for review."
    screenshot(page, "notification-list")

    message.click()
    page.wait_for_selector("#id_title")
    assert page.input_value("#id_title") == "Harbour Deal Signed"
    link = page.locator("#user-tools a.notifications-link")
    assert link.text_content().strip() == "Notifications"
    screenshot(page, "opened-article")

    page.goto(live_server.url + reverse("admin:notifications_notification_changelist"))
    read = page.locator("#result_list tbody tr td.field-what")
    assert read.locator("strong").count() == 0  # no longer shown as unread
    assert read.locator("a").inner_text() == (
        "rita submitted “Harbour Deal Signed” for review."
    )


def test_a_phone_shows_the_count_and_the_whole_message(
    browser, live_server, submitted_by_rita, screenshot
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}
    )
    try:
        page = context.new_page()
        log_in(page, live_server.url, "eve")
        link = page.locator("#user-tools a.notifications-link")
        assert link.is_visible()
        assert " ".join(link.text_content().split()) == "Notifications (1)"
        screenshot(page, "phone-dashboard")
        # What is in review reads as lines on a phone, none over another.
        cells = page.locator("#content-main .desk-module tbody tr").first.locator("td")
        boxes = [cells.nth(n).bounding_box() for n in range(cells.count())]
        for above, below in zip(boxes, boxes[1:], strict=False):
            assert above["y"] + above["height"] <= below["y"] + 1
        assert cells.last.inner_text() == "rita"
        label = cells.last.evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert label == '"Submitted by: "'
        link.click()
        message = page.locator("#result_list td.field-what a")
        box = message.bounding_box()
        assert box is not None and box["x"] >= 0
        assert box["x"] + box["width"] <= 375  # readable without scrolling
        screenshot(page, "phone-notification-list")
    finally:
        context.close()
