"""The article list at a laptop's width: every column visible, headlines
readable rather than wrapped to a word a line."""

import pytest
from django.urls import reverse

from articles.models import Article, Section

from .test_editorial_day import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_HEADLINE = (
    "Record Seizures, Arrests after Operation Targets Internet Opioid "
    "Trafficking Across Three Continents"
)


def test_the_list_fits_1280_pixels_with_headlines_on_a_few_lines(
    new_page, live_server, make_staff, screenshot
):
    news = Section.objects.create(name="News", slug="news")
    for n in range(5):
        Article.objects.create(
            title=f"{LONG_HEADLINE} {n}", slug=f"story-{n}", section=news
        )
    make_staff("desk", "Editor")
    page = new_page()
    log_in(page, live_server.url, "desk")
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    screenshot(page, "article-list-1280")
    results = page.locator("#changelist .results")
    overflow = results.evaluate("div => div.scrollWidth - div.clientWidth")
    assert overflow <= 0  # every column visible, none scrolled away
    for header in ["Title", "Section", "State", "Publication time", "Updated at"]:
        assert page.locator(f"#result_list thead th:has-text('{header}')").is_visible()
    title = page.locator("#result_list tbody th.field-title a").first
    lines = title.evaluate(
        "link => link.getClientRects().length"
    )  # one box per line the headline wraps to
    # A 100-character headline takes four lines at most (it took thirteen).
    assert lines <= 4
