from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    PendingEdit,
    PreviewLink,
    Section,
    save_pending_edit,
)

PUBLISHED = Article.Status.PUBLISHED
REVIEW = Article.Status.REVIEW
DRAFT = Article.Status.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "when", "state"),
    [
        (PUBLISHED, "past", "live"),
        (PUBLISHED, "future", "scheduled"),
        (REVIEW, None, "unpublished"),
        (REVIEW, "past", "unpublished"),
        (DRAFT, None, "unpublished"),
        (DRAFT, "future", "unpublished"),
    ],
)
def test_each_article_is_in_exactly_one_state(
    make_article, request, status, when, state
):
    published_at = request.getfixturevalue(when) if when else None
    article = make_article(status=status, published_at=published_at)

    assert (article in Article.objects.published()) is (state == "live")
    assert (article in Article.objects.scheduled()) is (state == "scheduled")
    assert article.is_scheduled() is (state == "scheduled")
    assert (article in Article.objects.unpublished()) is (state != "live")


@pytest.mark.django_db
def test_scheduled_article_appears_at_its_moment_and_not_a_second_before(
    client, make_article, monkeypatch
):
    moment = timezone.now() + timedelta(hours=1)
    article = make_article(title="Embargoed Report", published_at=moment)

    monkeypatch.setattr(timezone, "now", lambda: moment - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Embargoed Report" not in client.get("/").content

    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert b"Embargoed Report" in client.get("/").content


@pytest.mark.django_db
def test_review_needs_no_publication_time(make_article):
    article = make_article(status=REVIEW)
    assert article.published_at is None


@pytest.mark.django_db
def test_publish_now_and_in_the_future(make_article, future):
    article = make_article(status=REVIEW)

    article.publish(at=future)
    assert article.is_scheduled()

    article.publish()
    assert article.is_published()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("when", "kept"),
    [("future", False), ("past", True)],
    ids=["scheduled time is forgotten", "time it was public is kept"],
)
def test_making_a_draft_keeps_only_a_time_that_came(make_article, request, when, kept):
    published_at = request.getfixturevalue(when)
    article = make_article(published_at=published_at)

    article.make_draft()

    article.refresh_from_db()
    assert article.status == DRAFT
    assert article.published_at == (published_at if kept else None)


def keep_aside(article, **changes):
    fields = {
        "title": article.title,
        "dek": article.dek,
        "body": article.body,
        "authors": list(article.authors.all()),
        "tag_names": list(article.tags.names()),
        "is_significant_update": False,
    }
    fields.update(changes)
    return save_pending_edit(article=article, saved_by=None, **fields)


@pytest.mark.django_db
def test_pending_edit_leaves_the_live_article_alone(live):
    keep_aside(
        live,
        title="New Headline",
        body="<p>New body.<script>x()</script></p>",
        tag_names=["Budget", "Council"],
    )

    live.refresh_from_db()
    assert live.title == "Live Headline"
    assert live.body == "<p>Live body.</p>"
    assert list(live.tags.names()) == ["Budget"]
    assert PendingEdit.objects.get().body == "<p>New body.</p>"


@pytest.mark.django_db
def test_preview_copy_carries_the_pending_byline_and_tags(live):
    other = Author.objects.create(name="Bo Writer", slug="bo-writer")
    keep_aside(live, title="New Headline", authors=[other], tag_names=["Council"])

    preview = Article.objects.get(pk=live.pk).with_pending_edit()

    assert preview.title == "New Headline"
    assert [a.name for a in preview.authors.all()] == ["Bo Writer"]
    assert [t.name for t in preview.tags.all()] == ["Council"]
    live.refresh_from_db()
    assert [a.name for a in live.authors.all()] == ["Ada Reporter"]


@pytest.mark.django_db
def test_publishing_the_pending_edit_applies_all_of_it_at_once(live):
    other = Author.objects.create(name="Bo Writer", slug="bo-writer")
    keep_aside(live, title="New Headline", authors=[other], tag_names=["Council"])

    live.publish_pending_edit()

    live.refresh_from_db()
    assert live.title == "New Headline"
    assert [a.name for a in live.authors.all()] == ["Bo Writer"]
    assert list(live.tags.names()) == ["Council"]
    assert not PendingEdit.objects.exists()
    assert live.significantly_updated_at is None


@pytest.mark.django_db
def test_significant_pending_edit_sets_the_updated_time(live, now):
    keep_aside(live, body="<p>New facts.</p>", is_significant_update=True)
    live.publish_pending_edit()
    assert live.significantly_updated_at >= now


@pytest.fixture
def sport(db):
    return Section.objects.create(name="Sport", slug="sport")


@pytest.mark.django_db
def test_renaming_a_public_article_keeps_its_old_address(live, sport):
    live.slug = "renamed"
    live.save()
    live.section = sport
    live.save()

    assert dict(ArticleRedirect.objects.values_list("old_path", "article")) == {
        "/news/live-headline/": live.pk,
        "/news/renamed/": live.pk,
    }


@pytest.mark.django_db
def test_renaming_a_never_public_article_makes_no_redirect(make_article, future):
    draft = make_article(title="Draft", status=DRAFT)
    scheduled = make_article(title="Soon", published_at=future)
    for article in (draft, scheduled):
        article.slug += "-renamed"
        article.save()
    assert not ArticleRedirect.objects.exists()


@pytest.mark.django_db
def test_taking_back_an_old_address_drops_its_redirect(live):
    live.slug = "renamed"
    live.save()
    live.slug = "live-headline"
    live.save()
    assert list(ArticleRedirect.objects.values_list("old_path", flat=True)) == [
        "/news/renamed/"
    ]


@pytest.mark.django_db
def test_no_article_can_claim_another_ones_old_address(live, make_article):
    live.slug = "renamed"
    live.save()

    newcomer = Article(title="Live Headline", section=live.section, status=DRAFT)
    with pytest.raises(ValidationError, match="Another article used this address"):
        newcomer.full_clean()
    with pytest.raises(ValidationError):
        newcomer.save()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_share_link_opens_only_while_active(live, now):
    link = PreviewLink.objects.create(article=live)
    token = link.get_absolute_url().split("/")[-2]
    assert PreviewLink.from_token(token) == link
    assert link.is_active()

    link.expires_at = now - timedelta(seconds=1)
    link.save()
    assert not link.is_active()

    link.expires_at = now + timedelta(days=1)
    link.save()
    link.revoke()
    assert not link.is_active()


@pytest.mark.django_db
def test_share_link_ends_at_its_longest_lifetime_whatever_its_expiry(
    live, now, settings
):
    settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS = 7
    # Saved past the form's check, as the shell or an older release could.
    link = PreviewLink.objects.create(
        article=live, expires_at=now + timedelta(days=365)
    )
    assert link.is_active()

    PreviewLink.objects.filter(pk=link.pk).update(
        created_at=now - timedelta(days=7, seconds=1)
    )

    assert not link.is_active()


@pytest.mark.django_db
def test_share_link_expiry_past_the_longest_lifetime_is_refused(live, now, settings):
    settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS = 7
    link = PreviewLink(article=live, expires_at=now + timedelta(days=8))

    with pytest.raises(ValidationError, match="lasts 7 days at most"):
        link.full_clean()
    link.expires_at = now + timedelta(days=6)
    link.full_clean()


@pytest.mark.django_db
def test_share_link_tokens_cannot_be_forged(live):
    link = PreviewLink.objects.create(article=live)
    assert PreviewLink.from_token(str(link.pk)) is None
    assert PreviewLink.from_token(signing.dumps(link.pk)) is None  # other salt
    assert PreviewLink.from_token("x" * 40) is None


@pytest.mark.django_db
def test_an_old_address_cannot_be_another_articles_current_one(live, make_article):
    other = make_article(title="Other")
    redirect = ArticleRedirect(old_path=live.get_absolute_url(), article=other)

    with pytest.raises(ValidationError, match="another article's address"):
        redirect.full_clean()
    ArticleRedirect(old_path="/2019/05/other/", article=other).full_clean()
    ArticleRedirect(old_path=other.get_absolute_url(), article=other).full_clean()
