"""The SpecTor fixture against the article's original text in fixtures/source/."""

import datetime

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from pytest_django.asserts import assertContains
from taggit.models import Tag

from articles.models import Article, Section, TaggedArticle
from articles.sanitizer import sanitize_body
from tests.pages import text_blocks

SOURCE = settings.BASE_DIR / "fixtures" / "source" / "spector.txt"
SPECTOR_URL = (
    "/news/record-seizures-arrests-after-operation-targets-internet-opioid-trafficking/"
)
SUBHEADINGS = {"Public Safety Campaign", "Broader Efforts to Curb Fentanyl"}


def read_source():
    """Title, body paragraphs and Previous/Next titles, as the seed page shows them.

    Blocks are separated by blank lines; blocks of only (non-breaking) spaces are
    spacers; the trailer starts at the block "Previous".
    """
    blocks = [block.strip() for block in SOURCE.read_text("utf-8").split("\n\n")]
    title, *rest = blocks
    trailer_start = next(i for i, b in enumerate(rest) if b.startswith("Previous"))
    body = [block for block in rest[:trailer_start] if block]
    trailer = [block for block in rest[trailer_start:] if block]
    previous_title = trailer[trailer.index("Previous\nPrevious") + 1]
    next_title = trailer[trailer.index("Next\nNext") + 1]
    return title, body, previous_title, next_title


def test_article_page_matches_the_original_word_for_word(client, spector):
    title, paragraphs, _, _ = read_source()

    response = client.get(SPECTOR_URL)

    html = response.content.decode()
    assert text_blocks(html, "article-header")[1] == ("h1", title)
    blocks = text_blocks(html, "article-body")
    assert [text for _, text in blocks] == paragraphs
    assert {text for tag, text in blocks if tag == "h2"} == SUBHEADINGS
    assert {tag for tag, text in blocks if text not in SUBHEADINGS} == {"p"}
    assertContains(response, "13,900 thousand pounds")
    assertContains(response, "“Monopoly Market.”")


def test_article_links_to_the_original_neighbours(client, spector):
    _, _, previous_title, next_title = read_source()

    response = client.get(SPECTOR_URL)

    previous_article = Article.objects.published().get(title=previous_title)
    next_article = Article.objects.published().get(title=next_title)
    assert previous_article.published_at < spector.published_at
    assert next_article.published_at > spector.published_at
    assertContains(response, f'rel="prev" href="{previous_article.get_absolute_url()}"')
    assertContains(response, f'rel="next" href="{next_article.get_absolute_url()}"')
    assertContains(response, previous_title)
    assertContains(response, next_title)


def test_article_is_published_in_news_on_the_day_of_the_announcement(spector):
    assert spector.section.slug == "news"
    assert spector.is_published()
    published_on = spector.published_at.astimezone(datetime.UTC).date()
    assert published_on == datetime.date(2023, 5, 2)


def test_article_is_tagged_and_tag_pages_list_it(client, spector):
    slugs = set(spector.tags.values_list("slug", flat=True))
    assert {"fentanyl", "dark-web", "opioids"} <= slugs

    for slug in slugs:
        assertContains(client.get(f"/tags/{slug}/"), SPECTOR_URL)


def test_stored_body_is_already_sanitised(spector):
    # loaddata skips save(), so the fixture must hold clean HTML itself.
    assert spector.body == sanitize_body(spector.body)


def test_loading_twice_changes_nothing(spector):
    models = [Section, Article, Tag, TaggedArticle]

    def snapshot():
        return [
            serializers.serialize("json", model.objects.order_by("pk"))
            for model in models
        ]

    before = snapshot()
    call_command("loaddata", "spector", verbosity=0)

    assert snapshot() == before
    assert Article.objects.count() == 3


def test_article_without_a_photo_still_renders_whole(client, spector):
    response = client.get(SPECTOR_URL)

    assert spector.lead_image is None
    assertContains(response, "Operation SpecTor is part of a broader effort")
    html = response.content.decode()
    assert "<picture" not in html and "<figure" not in html and "og:image" not in html
