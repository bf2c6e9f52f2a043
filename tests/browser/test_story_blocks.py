"""Pull quotes, written with the body editor's toolbar in a real browser."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_toolbar_makes_a_quotation_a_pull_quote(
    new_page, live_server, make_staff, screenshot
):
    Section.objects.create(name="News", slug="news")
    make_staff("desk", "Editor")
    page = new_page()
    log_in(page, live_server.url, "desk")
    page.goto(reverse("admin:articles_article_add"))
    page.fill("#id_title", "Flood Defences Hold")
    page.select_option("#id_section", label="News")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("We built it for this night.")
    page.click(".prose-menubar button[title*='uote' i]")
    screenshot(page, "quotation")
    page.click(".prose-menubar__selected:has-text('Block style')")
    screenshot(page, "dropdown")
    page.click("text=Quotation: Pull quote")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Article.objects.get().body == (
        '<blockquote class="pull-quote"><p>We built it for this night.</p></blockquote>'
    )
