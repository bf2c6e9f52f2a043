from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import ProtectedError

from articles.models import Article, Section, published_sql

PUBLISHED = Article.Status.PUBLISHED
DRAFT = Article.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "when", "visible"),
    [
        (PUBLISHED, "past", True),
        (PUBLISHED, "now", True),
        (PUBLISHED, "future", False),
        (DRAFT, "past", False),
        (DRAFT, "future", False),
        (DRAFT, None, False),
    ],
)
def test_published_matches_is_published(make_article, request, status, when, visible):
    published_at = request.getfixturevalue(when) if when else None
    article = make_article(status=status, published_at=published_at)

    assert (article in Article.objects.published()) is visible
    assert article.is_published() is visible
    # The same rule as the reader pages' own SQL writes it.
    condition, params = published_sql("a")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM articles_article AS a WHERE {condition}", params
        )
        assert (article.pk in {pk for (pk,) in cursor}) is visible


@pytest.mark.django_db
def test_scheduled_article_becomes_public_when_its_time_comes(make_article, future):
    article = make_article(published_at=future)
    assert not Article.objects.published().exists()

    Article.objects.filter(pk=article.pk).update(published_at=future.replace(year=2000))

    assert list(Article.objects.published()) == [article]


@pytest.mark.django_db
def test_publishing_without_a_time_publishes_now(make_article, now):
    article = make_article(status=DRAFT)
    article.status = PUBLISHED
    article.save()

    assert article.published_at >= now
    assert article.is_published()


@pytest.mark.django_db
def test_database_refuses_published_article_without_time(make_article):
    article = make_article(status=DRAFT)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status=PUBLISHED)


@pytest.mark.django_db
def test_slug_is_made_from_title_when_blank(make_article):
    article = make_article(title="Court Rules on “Chevron” Case", slug="")
    assert article.slug == "court-rules-on-chevron-case"


@pytest.mark.django_db
def test_slug_is_unique_within_a_section(make_article):
    make_article(title="Budget passes", slug="budget")
    with pytest.raises(IntegrityError):
        make_article(title="Budget passes again", slug="budget")


@pytest.mark.django_db
def test_same_slug_is_allowed_in_another_section(make_article):
    sport = Section.objects.create(name="Sport", slug="sport")
    make_article(slug="results")
    other = make_article(slug="results", section=sport)
    assert other.get_absolute_url() == "/sport/results/"


@pytest.mark.django_db
def test_duplicate_slug_is_a_validation_error_for_forms(make_article, section):
    make_article(slug="budget")
    duplicate = Article(title="Budget", slug="budget", section=section)
    with pytest.raises(ValidationError, match="already has an article with this slug"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_title_without_letters_needs_a_slug_by_hand(section):
    article = Article(title="!!!", section=section)
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    assert "slug" in raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<img src="x" onerror="steal()"><p>ok</p>', "<p>ok</p>"),
        ("<h1>Big</h1><h2>Sub</h2>", "Big<h2>Sub</h2>"),
        ('<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>"),
        (
            '<p><a href="https://doj.gov/" title="DOJ">DOJ</a> <em>said</em></p>',
            '<p><a href="https://doj.gov/" title="DOJ" rel="noopener noreferrer">'
            "DOJ</a> <em>said</em></p>",
        ),
        (
            "<blockquote><p>“Quote”</p></blockquote><ul><li>one</li></ul>",
            "<blockquote><p>“Quote”</p></blockquote><ul><li>one</li></ul>",
        ),
    ],
)
def test_body_is_sanitised_on_every_save(make_article, dirty, clean):
    article = make_article(body=dirty)
    article.refresh_from_db()
    assert article.body == clean


@pytest.mark.django_db
def test_absolute_url_is_section_then_slug(make_article):
    article = make_article(title="Record Seizures", slug="record-seizures")
    assert article.get_absolute_url() == "/news/record-seizures/"


@pytest.mark.parametrize(
    "slug", ["admin", "tags", "authors", "static", "search", "feed", "archive"]
)
def test_section_slug_cannot_shadow_site_urls(slug):
    section = Section(name="Shadow", slug=slug)
    with pytest.raises(ValidationError) as raised:
        section.full_clean(validate_unique=False, validate_constraints=False)
    assert "used by the site itself" in str(raised.value)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["feed", "archive"])
def test_article_slug_cannot_shadow_section_urls(section, slug):
    typed = Article(title="Shadow", slug=slug, section=section)
    from_title = Article(title=slug.title(), section=section)

    for article in (typed, from_title):
        with pytest.raises(ValidationError, match="used by the site itself"):
            article.full_clean()


@pytest.mark.django_db
def test_article_cannot_link_to_itself(make_article):
    article = make_article()
    article.previous_article = article
    with pytest.raises(ValidationError, match="own previous article"):
        article.full_clean()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(next_article=article)


@pytest.mark.django_db
def test_section_with_articles_cannot_be_deleted(make_article, section):
    make_article()
    with pytest.raises(ProtectedError):
        section.delete()


@pytest.fixture
def timeline(make_article, now):
    """Three published articles a day apart, oldest first."""
    return [
        make_article(title=f"Day {day}", published_at=now - timedelta(days=4 - day))
        for day in (1, 2, 3)
    ]


@pytest.mark.django_db
def test_neighbours_fall_back_to_adjacent_published_articles(timeline):
    first, middle, last = timeline

    assert middle.get_previous_published() == first
    assert middle.get_next_published() == last


@pytest.mark.django_db
def test_first_and_last_articles_have_one_neighbour(timeline):
    first, middle, last = timeline

    assert first.get_previous_published() is None
    assert first.get_next_published() == middle
    assert last.get_previous_published() == middle
    assert last.get_next_published() is None


@pytest.mark.django_db
def test_fallback_skips_drafts_scheduled_and_other_sections(
    timeline, make_article, now, future
):
    first, middle, last = timeline
    sport = Section.objects.create(name="Sport", slug="sport")
    between = now - timedelta(days=2, hours=12)
    make_article(title="Draft", status=DRAFT, published_at=between)
    make_article(title="Sport", section=sport, published_at=between)
    make_article(title="Embargoed", published_at=future)

    assert middle.get_previous_published() == first
    assert last.get_next_published() is None


@pytest.mark.django_db
def test_ties_on_publication_time_break_on_id(make_article, past):
    a, b, c = (make_article(title=t, published_at=past) for t in "ABC")

    assert [b.get_previous_published(), b.get_next_published()] == [a, c]
    assert a.get_previous_published() is None
    assert c.get_next_published() is None


@pytest.mark.django_db
def test_editor_links_override_the_fallback(timeline, make_article, now):
    first, middle, last = timeline
    sport = Section.objects.create(name="Sport", slug="sport")
    elsewhere = make_article(
        title="Elsewhere", section=sport, published_at=now - timedelta(days=9)
    )
    middle.previous_article = elsewhere
    middle.next_article = first
    middle.save()

    assert middle.get_previous_published() == elsewhere
    assert middle.get_next_published() == first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "when"), [(DRAFT, None), (DRAFT, "past"), (PUBLISHED, "future")]
)
def test_editor_link_to_unpublished_article_falls_back(
    timeline, make_article, request, status, when
):
    first, middle, last = timeline
    hidden = make_article(
        title="Hidden",
        status=status,
        published_at=request.getfixturevalue(when) if when else None,
    )
    middle.previous_article = hidden
    middle.next_article = hidden
    middle.save()

    assert middle.get_previous_published() == first
    assert middle.get_next_published() == last


@pytest.mark.django_db
def test_draft_has_no_fallback_neighbours(timeline, make_article):
    draft = make_article(title="Draft", status=DRAFT)

    assert draft.get_previous_published() is None
    assert draft.get_next_published() is None
