from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Section

DRAFT = Article.Status.DRAFT


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def may(make_article):
    sport = Section.objects.create(name="Sport", slug="sport")
    make_article(title="April story", published_at=at(2023, 4, 30))
    first = make_article(title="Early May story", published_at=at(2023, 5, 1))
    make_article(title="Late May story", published_at=at(2023, 5, 31))
    make_article(title="May sport", section=sport, published_at=at(2023, 5, 15))
    make_article(title="May draft", status=DRAFT, published_at=at(2023, 5, 10))
    make_article(title="June story", published_at=at(2023, 6, 1))
    return first


@pytest.mark.django_db
def test_month_archive_lists_that_months_articles_in_order(client, may):
    response = client.get("/archive/2023/05/")

    assertContains(response, "<h1>May 2023</h1>", html=True)
    html = response.content.decode()
    assert html.index("Late May story") < html.index("May sport")
    assert html.index("May sport") < html.index("Early May story")
    for other in ("April story", "June story", "May draft"):
        assertNotContains(response, f"{other}</a>")
    assertContains(response, 'rel="prev" href="/archive/2023/04/"')
    assertContains(response, 'rel="next" href="/archive/2023/06/"')


@pytest.mark.django_db
def test_section_month_archive_has_only_that_section(client, may):
    response = client.get("/sport/archive/2023/05/")

    assertContains(response, "<h1>Sport, May 2023</h1>", html=True)
    assertContains(response, "May sport")
    assertNotContains(response, "Early May story")
    assertContains(response, 'href="/archive/2023/05/"')
    assertNotContains(response, 'rel="prev"')


@pytest.mark.django_db
def test_article_date_links_to_its_sections_month(client, may):
    response = client.get(may.get_absolute_url())

    assertContains(response, 'class="dateline" href="/news/archive/2023/05/"')


@pytest.mark.django_db
def test_month_is_taken_in_the_sites_time_zone(client, make_article, settings):
    settings.TIME_ZONE = "America/New_York"
    # 02:00 UTC on 1 June is still 31 May in New York.
    make_article(title="Late night", published_at=datetime(2023, 6, 1, 2, tzinfo=UTC))

    assertContains(client.get("/archive/2023/05/"), "Late night")
    assert client.get("/archive/2023/06/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/archive/2023/03/",
        "/archive/2023/13/",
        "/archive/2023/00/",
        "/archive/0000/01/",
        "/archive/2023/5/",
        "/archive/2023/05/?page=9",
        "/archive/2023/05/?page=abc",
        "/nowhere/archive/2023/05/",
        "/sport/archive/2023/04/",
        "/news/archive/",
        "/news/archive/2023/",
        "/archive/%00/05/",
    ],
)
def test_empty_invalid_and_unknown_months_are_404(client, may, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_months_with_only_drafts_or_scheduled_articles_are_404(
    client, make_article, now
):
    make_article(title="Draft", status=DRAFT, published_at=at(2022, 3, 3))
    soon = now + timedelta(days=40)
    make_article(title="Embargoed", published_at=soon)

    assert client.get("/archive/2022/03/").status_code == 404
    assert client.get(f"/archive/{soon:%Y/%m}/").status_code == 404
