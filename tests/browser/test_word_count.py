"""The word count beside the body follows what the editor types."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Section

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_word_count_and_reading_time_follow_typing(new_page, live_server, make_staff):
    Section.objects.create(name="News", slug="news")
    make_staff("desk", "Editor")
    page = new_page()
    log_in(page, live_server.url, "desk")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    count = page.locator("[data-word-count]")
    assert count.inner_text() == "0 words, 1 min read"
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The new river wall held overnight.")
    expect(count).to_have_text("6 words, 1 min read")
