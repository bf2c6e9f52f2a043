from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Author, Correction
from articles.reader.queries import article_cards, article_page


def read(article):
    return article_page(section_slug=article.section.slug, slug=article.slug)


@pytest.mark.django_db
def test_article_page_rows_hold_what_the_model_holds(make_article, make_image, now):
    """The reader page's one statement gives what the model and its
    relations give a preview, which renders the same template."""
    photo = make_image(caption="At the quay", credit="A. Photographer")
    article = make_article(
        title="Harbour “reopens”",
        dek="After <two> years.",
        body="<p>Boats are back.</p>",
        lead_image=photo,
        published_at=now - timedelta(hours=3),
    )
    Article.objects.filter(pk=article.pk).update(significantly_updated_at=now)
    article.authors.add(
        Author.objects.create(name="Zoe Writer", slug="zoe"),
        Author.objects.create(name="Ada Reporter", slug="ada"),
    )
    article.tags.add("Harbour", "City Hall", "boats")
    Correction.objects.create(article=article, text="Second.", corrected_at=now)
    Correction.objects.create(
        article=article, text="First.", corrected_at=now - timedelta(hours=1)
    )
    model = Article.objects.for_article_page().get(pk=article.pk)

    row, authors, tags, corrections = read(article)

    for field in [
        "pk",
        "title",
        "slug",
        "dek",
        "body",
        "status",
        "published_at",
        "updated_at",
        "significantly_updated_at",
        "section_id",
        "previous_article_id",
        "next_article_id",
    ]:
        assert getattr(row, field) == getattr(model, field), field
    assert row.published_at.tzinfo is not None
    assert row.is_published()
    assert row.get_absolute_url() == model.get_absolute_url()
    assert (row.section.name, row.section.get_absolute_url()) == (
        model.section.name,
        model.section.get_absolute_url(),
    )
    assert [(a.name, a.get_absolute_url()) for a in authors] == [
        (a.name, a.get_absolute_url()) for a in model.authors.all()
    ]
    assert [(t.pk, t.name, t.slug) for t in tags] == [
        (t.pk, t.name, t.slug) for t in model.tags.all()
    ]
    assert [(c.corrected_at, c.text) for c in corrections] == [
        (c.corrected_at, c.text) for c in model.corrections.all()
    ]
    image = row.lead_image
    assert (image.alt_text, image.caption, image.credit) == (
        photo.alt_text,
        "At the quay",
        "A. Photographer",
    )

    def sizes(image, slot):
        return [
            (r.format, r.width, r.height, r.file.url)
            for r in image.renditions_for(slot)
        ]

    for slot in ["article", "card", "social"]:
        assert sizes(image, slot) == sizes(model.lead_image, slot), slot


@pytest.mark.django_db
def test_article_page_rows_have_empty_lists_for_a_bare_article(make_article):
    row, authors, tags, corrections = read(make_article(title="Bare"))

    assert (row.lead_image, authors, tags, corrections) == (None, [], [], [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": timezone.now() + timedelta(hours=1)},
    ],
)
def test_article_page_rows_follow_the_read_rule(make_article, fields):
    assert read(make_article(title="Not for readers", **fields)) is None


@pytest.mark.django_db
def test_article_page_rows_need_the_articles_own_section(make_article):
    article = make_article(title="Local")

    assert article_page(section_slug="elsewhere", slug=article.slug) is None


@pytest.mark.django_db
def test_cards_hold_what_a_card_shows_in_the_order_asked(make_article, make_image):
    photo = make_image()
    with_photo = make_article(title="Quay reopens", dek="Boats.", lead_image=photo)
    with_photo.authors.add(
        Author.objects.create(name="Zoe Writer", slug="zoe"),
        Author.objects.create(name="Ada Reporter", slug="ada"),
    )
    bare = make_article(title="Bare")
    draft = make_article(title="Draft", status=Article.Status.DRAFT)

    cards = article_cards([bare.pk, draft.pk, with_photo.pk])

    assert [card.pk for card in cards] == [bare.pk, with_photo.pk]
    card = cards[1]
    assert (card.title, card.dek, card.published_at) == (
        with_photo.title,
        "Boats.",
        with_photo.published_at,
    )
    assert card.get_absolute_url() == with_photo.get_absolute_url()
    assert card.section.get_absolute_url() == with_photo.section.get_absolute_url()
    assert [author.name for author in card.authors] == ["Ada Reporter", "Zoe Writer"]
    assert card.lead_image_id == photo.pk
    for slot in ["card", "square"]:
        assert [r.file.url for r in card.lead_image.renditions_for(slot)] == [
            r.file.url for r in photo.renditions_for(slot)
        ], slot
    # A card shows no other rendition, so it reads none.
    assert card.lead_image.renditions_for("article") == []
    assert (cards[0].lead_image, cards[0].authors) == (None, [])
