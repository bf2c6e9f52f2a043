"""What the newspaper layout shows on each kind of page, as served: fronts
with pictures, bylines and times, the article's dateline and share links,
author pages, and the masthead and footer from the publication's details."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import engines
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Section
from articles.reader.templating import byline, reading_minutes, times
from publication.models import Publication
from tests import imagefiles
from tests.public_pages import give_a_profile


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def cards(html):
    """The class attribute of each story card in `html`, in order."""
    return re.findall(r'<article class="(story [^"]*)"', html)


def card_of(html, title):
    """The story card in `html` whose headline is `title`."""
    return next(
        card.split("</article>")[0]
        for card in html.split('<article class="')
        if f">{title}</a>" in card
    )


@pytest.fixture
def front(make_article, make_image, author, now):
    """A photographed lead, a story without a picture, and a Sport story."""
    sport = Section.objects.create(name="Sport", slug="sport", position=1)
    lead = make_article(
        title="Harbour Reopens",
        dek="Boats are back.",
        lead_image=make_image(alt_text="Boats in the harbour"),
        published_at=now - timedelta(hours=1),
    )
    lead.authors.add(author)
    make_article(
        title="Why The Bypass Matters",
        dek="A column on traffic.",
        published_at=now - timedelta(hours=3),
    )
    make_article(
        title="Rovers Win The Derby",
        section=sport,
        lead_image=make_image(alt_text="Players on the pitch"),
        published_at=now - timedelta(hours=5),
    )
    return lead


@pytest.mark.django_db
def test_home_leads_with_the_newest_story_large_with_picture_and_byline(client, front):
    html = main_of(client.get("/"))

    assert cards(html)[0] == "story story-lead"
    lead = html[: html.index("</article>")]
    assert 'alt="Boats in the harbour"' in lead
    assert "Boats are back." in lead  # the lead's standfirst
    assert 'By <a href="/authors/ada-reporter/">Ada Reporter</a>' in lead
    assert 'fetchpriority="high"' in lead  # at the top, so not lazy


@pytest.mark.django_db
def test_home_leads_with_a_picture_when_the_newest_has_none(
    client, front, make_article, now
):
    make_article(title="Just In", published_at=now - timedelta(minutes=5))

    html = main_of(client.get("/"))

    assert card_of(html, "Harbour Reopens").startswith("story story-lead")
    assert card_of(html, "Just In").startswith("story story-standard")


@pytest.mark.django_db
def test_a_story_without_a_picture_gets_a_card_of_its_own(client, front):
    html = main_of(client.get("/"))

    card = card_of(html, "Why The Bypass Matters")
    assert card.startswith("story story-standard story-text-only")
    # In place of the picture: its standfirst, and no empty picture.
    assert "A column on traffic." in card
    assert "<picture" not in card


@pytest.mark.django_db
def test_home_has_a_block_per_section(client, front, make_article, now):
    for n in range(8):
        make_article(title=f"Later News {n}", published_at=now - timedelta(days=n + 1))

    html = main_of(client.get("/"))

    assert '<h2 class="block-heading" id="block-news">' in html
    block = html[html.index('id="block-news"') :]
    block = block[: block.index("</section>")]
    # The block's own section is its heading, not a label on each card.
    assert len(cards(block)) == 4
    assert 'class="kicker"' not in block


@pytest.mark.django_db
def test_section_front_does_not_repeat_its_own_name(client, front):
    html = main_of(client.get("/news/"))

    assert "<h1>News</h1>" in html
    assert cards(html)[0].startswith("story story-lead")
    assert 'class="kicker"' not in html


@pytest.mark.django_db
def test_tag_front_labels_each_card_with_its_section(client, front):
    Article.objects.get(title="Rovers Win The Derby").tags.add("Harbour")
    front.tags.add("Harbour")

    html = main_of(client.get("/tags/harbour/"))

    assert '<p class="kicker"><a href="/sport/">Sport</a></p>' in html
    assert '<p class="kicker"><a href="/news/">News</a></p>' in html


@pytest.mark.django_db
def test_card_times_are_exact_in_datetime_and_title(client, make_article):
    make_article(
        title="Late Vote",
        published_at=datetime(2026, 3, 4, 21, 5, 9, 123456, tzinfo=UTC),
    )

    assertContains(
        client.get("/news/"),
        '<time datetime="2026-03-04T21:05:09+00:00" '
        'title="March 4, 2026, 9:05 p.m. UTC" data-ago>Mar 4, 2026</time>',
        html=True,
    )


@pytest.mark.parametrize(
    ("when", "exact", "short"),
    [
        ((1, 9, 0, 0), "January 9, 2026, midnight UTC", "Jan 9, 2026"),
        ((6, 1, 12, 0), "June 1, 2026, noon UTC", "Jun 1, 2026"),
        ((6, 1, 12, 30), "June 1, 2026, 12:30 p.m. UTC", "Jun 1, 2026"),
        ((12, 31, 7, 0), "December 31, 2026, 7 a.m. UTC", "Dec 31, 2026"),
    ],
)
def test_times_read_as_a_newspaper_writes_them(when, exact, short, settings):
    settings.TIME_ZONE = "UTC"
    moment = datetime(2026, *when, tzinfo=UTC)
    assert (times(moment).exact, times(moment).short) == (exact, short)


def test_times_are_shown_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    with timezone.override("Europe/Berlin"):
        moment = times(datetime(2026, 7, 1, 10, 0, tzinfo=UTC))
    assert moment.exact == "July 1, 2026, noon CEST"
    assert moment.iso == "2026-07-01T12:00:00+02:00"


@pytest.mark.django_db
def test_a_card_never_queries_for_its_byline(live, django_assert_num_queries):
    """A card reads the byline only if it came with the article."""
    article = Article.objects.get(pk=live.pk)
    with django_assert_num_queries(0):
        assert byline(article) == []
    loaded = Article.objects.prefetch_related("authors").get(pk=live.pk)
    with django_assert_num_queries(0):
        assert [author.name for author in byline(loaded)] == ["Ada Reporter"]


def test_reading_time_is_words_at_230_a_minute():
    assert reading_minutes("<p>Short.</p>") == 1
    assert reading_minutes("<p>" + "word " * 1150 + "</p>") == 5


@pytest.fixture
def story(make_article, author, make_image, now):
    article = make_article(
        title="Flood Defences Hold & Town Dries Out",
        dek="The wall kept the old town dry.",
        body="<p>" + "word " * 700 + "</p>",
        lead_image=make_image(alt_text="The river wall"),
        published_at=datetime(2026, 3, 4, 21, 5, tzinfo=UTC),
    )
    Article.objects.filter(pk=article.pk).update(
        significantly_updated_at=datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    )
    article.authors.add(author)
    return article


@pytest.mark.django_db
def test_article_dateline_gives_date_time_zone_update_and_reading_time(client, story):
    response = client.get(story.get_absolute_url())

    assertContains(response, "March 4, 2026, 9:05 p.m. UTC")
    assertContains(
        response,
        '<span class="updated">Updated <time datetime="2026-03-05T08:30:00+00:00">'
        "March 5, 2026, 8:30 a.m. UTC</time></span>",
        html=True,
    )
    assertContains(response, "3 min read")
    assertContains(
        response,
        '<p class="byline">By <a href="/authors/ada-reporter/">Ada Reporter</a></p>',
        html=True,
    )


@pytest.mark.django_db
def test_share_links_are_plain_links_to_each_service(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    address = f"http://testserver{story.get_absolute_url()}"

    links = dict(re.findall(r'<a class="share-(\w+)" href="([^"]+)"', html))
    assert sorted(links) == ["email", "facebook", "linkedin", "whatsapp", "x"]
    shared = {
        service: parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for service, href in links.items()
    }
    title = "Flood Defences Hold & Town Dries Out"
    assert shared["email"] == {"subject": [title], "body": [address]}
    assert shared["x"] == {"url": [address], "text": [title]}
    assert shared["facebook"] == {"u": [address]}
    assert shared["linkedin"] == {"url": [address]}
    assert shared["whatsapp"] == {"text": [f"{title} {address}"]}
    assert links["email"].startswith("mailto:?")
    assert "%20" in links["email"]  # mail programs read + as a plus
    # Nothing is loaded from those services: no script, frame or image.
    assert not re.search(
        r"<(script|iframe|img)[^>]+(x\.com|facebook|linkedin|wa\.me)", html
    )
    assertContains(
        client.get(story.get_absolute_url()),
        f'<button class="share-copy" type="button" data-copy="{address}" hidden>'
        "Copy link</button>",
        html=True,
    )


@pytest.mark.django_db
def test_related_stories_are_cards_with_pictures(
    client, story, make_article, make_image
):
    related = make_article(
        title="River Peaks At Dawn",
        lead_image=make_image(alt_text="The river at dawn"),
        published_at=story.published_at - timedelta(days=1),
    )
    related.tags.add("Flooding")
    story.tags.add("Flooding")

    html = client.get(story.get_absolute_url()).content.decode()

    aside = html[html.index('<aside class="related-articles"') :]
    aside = aside[: aside.index("</aside>")]
    assert 'alt="The river at dawn"' in aside
    assert '<h3 class="story-title"><a href="/news/river-peaks-at-dawn/">' in aside


@pytest.mark.django_db
def test_author_page_shows_photo_role_biography_and_links(
    client, live, author, make_image, make_article
):
    give_a_profile(author, make_image)
    shared = make_article(title="Two Bylines")
    shared.authors.add(author, author.__class__.objects.create(name="Ben", slug="ben"))

    response = client.get(author.get_absolute_url())

    html = main_of(response)
    assert "<h1>Ada Reporter</h1>" in html
    assert 'class="author-photo"' in html and 'alt="Ada Reporter"' in html
    assert '<p class="author-role">Courts correspondent</p>' in html
    assert "Ada covers the courts and the river towns." in html
    assert '<a href="mailto:ada@newsroom.example">Email</a>' in html
    assert '<a href="https://mastodon.example/@ada">Mastodon</a>' in html
    # Her own name is the page's: cards name only whom she wrote with.
    assert 'With <a href="/authors/ben/">Ben</a>' in html
    assert 'By <a href="/authors/ada-reporter/">' not in html


@pytest.mark.django_db
def test_masthead_and_footer_come_from_the_publications_details(
    client, live, make_image
):
    Publication.objects.create(
        name="The Harbour Gazette",
        tagline="Since 1888",
        publisher="Harbour Media Ltd",
        logo=make_image(imagefiles.photo(size=(600, 120)), alt_text="Gazette"),
        about_url="/about/",
        corrections_url="https://harbour.example/corrections",
    )

    response = client.get("/")

    html = response.content.decode()
    assertContains(response, "<title>The Harbour Gazette</title>", html=True)
    masthead = html[html.index('<header class="masthead">') : html.index("</header>")]
    # The logo, named by the publication, 48 pixels high: its width follows.
    assert 'alt="The Harbour Gazette"' in masthead and 'sizes="240px"' in masthead
    # Without a logo for dark mode, the name in type stands in there.
    assert '<span class="masthead-wordmark masthead-wordmark-dark">' in masthead
    assert "Since 1888" in masthead
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/about/">About us</a>' in footer
    assert (
        '<a href="https://harbour.example/corrections">Corrections policy</a>' in footer
    )
    assert "Contact" not in footer  # not set, so not linked
    assert f"© {timezone.localdate().year} Harbour Media Ltd" in footer
    assert '<a href="/feed/">All stories (RSS)</a>' in footer
    assert '<a href="/news/">News</a>' in footer


@pytest.mark.django_db
def test_a_dark_logo_is_a_source_for_dark_mode(client, live, make_image):
    Publication.objects.create(
        name="Gazette",
        logo=make_image(imagefiles.photo(size=(600, 120)), alt_text="Gazette"),
        logo_on_dark=make_image(imagefiles.photo(size=(600, 120)), alt_text="Gazette"),
    )

    html = client.get("/").content.decode()

    assert '<source media="(prefers-color-scheme: dark)"' in html
    assert "masthead-wordmark" not in html


@pytest.mark.django_db
def test_a_newsrooms_own_stylesheet_follows_the_sites(client, live, settings):
    settings.NEWSROOM_THEME_STYLESHEET = "css/theme-example.css"

    html = client.get("/").content.decode()

    site = html.index('href="/static/css/site.css"')
    assert html.index('href="/static/css/theme-example.css"') > site


@pytest.mark.django_db
def test_without_a_theme_only_the_sites_stylesheet_loads(client, live):
    assertNotContains(client.get("/"), "theme")


@dataclass
class Banner:
    text: str
    link: str = ""


@pytest.fixture
def banner(monkeypatch):
    """A breaking-news banner, as the desk's app (issue 17) gives templates
    one through its `breaking_news()` global."""
    environment = engines["jinja2"].env
    shown = Banner("Bridge closed after crash")
    monkeypatch.setitem(environment.globals, "breaking_news", lambda: shown)
    return shown


@pytest.mark.django_db
def test_breaking_news_runs_under_the_masthead_on_every_page(client, live, banner):
    banner.link = live.get_absolute_url()
    for url in ["/", live.get_absolute_url(), "/news/"]:
        html = client.get(url).content.decode()
        breaking = html[html.index("</header>") : html.index("<main")]
        assert '<div class="breaking" role="region" aria-label="Breaking news">' in (
            breaking
        )
        assert f'<a href="{live.get_absolute_url()}">Bridge closed after crash</a>' in (
            breaking
        )


@pytest.mark.django_db
def test_without_a_banner_there_is_no_breaking_news(client, live, monkeypatch):
    environment = engines["jinja2"].env
    monkeypatch.setitem(environment.globals, "breaking_news", lambda: None)
    assertNotContains(client.get("/"), "Breaking")
