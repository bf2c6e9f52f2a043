from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, PreviewLink, save_pending_edit

DRAFT = Article.Status.DRAFT


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def assert_is_private_preview(response):
    assert response.status_code == 200
    assertContains(response, 'class="preview-notice"')
    assertContains(
        response, '<meta name="robots" content="noindex, nofollow">', html=True
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.fixture
def draft(make_article):
    return make_article(title="Work in Progress", status=DRAFT)


@pytest.fixture
def changed(live):
    """A live article with changes waiting to be published."""
    save_pending_edit(
        article=live,
        saved_by=None,
        title="Corrected Headline",
        dek="",
        body="<p>Pending body.</p>",
        authors=[],
        tag_names=["Council"],
        is_significant_update=False,
    )
    return live


@pytest.mark.django_db
def test_staff_preview_a_draft_marked_and_uncached(editor_client, draft):
    response = editor_client.get(preview_url(draft))

    assert_is_private_preview(response)
    assertContains(response, "<h1>Work in Progress</h1>", html=True)
    assertContains(response, "readers cannot see this article. It is a draft.")


@pytest.mark.django_db
def test_reporter_previews_too(reporter_client, draft):
    assert_is_private_preview(reporter_client.get(preview_url(draft)))


@pytest.mark.django_db
def test_staff_see_when_a_scheduled_article_is_embargoed_until(
    editor_client, make_article, future
):
    scheduled = make_article(title="Embargoed", published_at=future)

    response = editor_client.get(preview_url(scheduled))

    assertContains(response, "Embargoed until")


@pytest.mark.django_db
def test_preview_of_a_live_article_shows_its_unpublished_changes(
    editor_client, client, changed
):
    response = editor_client.get(preview_url(changed))

    assert_is_private_preview(response)
    assertContains(response, "<h1>Corrected Headline</h1>", html=True)
    assertContains(response, "Pending body.")
    assertContains(response, 'href="/tags/council/"')
    assertContains(response, "these changes are not published")

    public = client.get(changed.get_absolute_url())
    assertContains(public, "<h1>Live Headline</h1>", html=True)
    assertNotContains(public, "Pending body.")
    assertNotContains(public, "Corrected Headline")
    assert client.get("/tags/council/").status_code == 404


@pytest.mark.django_db
def test_editor_sees_only_the_live_version_at_the_public_address(
    editor_client, changed
):
    response = editor_client.get(changed.get_absolute_url())
    assertContains(response, "<h1>Live Headline</h1>", html=True)
    assertNotContains(response, "preview-notice")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader", "staff without permission"])
def test_preview_is_404_for_anyone_but_staff_editors(client, draft, who):
    if who != "anonymous":
        client.force_login(
            User.objects.create_user("someone", is_staff=who.startswith("staff"))
        )
    assert client.get(preview_url(draft)).status_code == 404


@pytest.mark.django_db
def test_share_link_shows_that_one_preview_to_anyone(client, changed, draft):
    link = PreviewLink.objects.create(article=changed, shared_with="Our lawyer")

    response = client.get(link.get_absolute_url())

    assert_is_private_preview(response)
    assertContains(response, "<h1>Corrected Headline</h1>", html=True)
    assert client.get(preview_url(draft)).status_code == 404
    assert client.get(preview_url(changed)).status_code == 404


def assert_link_ended(response):
    assertContains(response, "This preview link has ended", status_code=410)
    assertNotContains(response, "Work in Progress", status_code=410)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_expired_share_link_says_it_has_ended(client, draft, now):
    link = PreviewLink.objects.create(
        article=draft, expires_at=now + timedelta(hours=1)
    )
    assert client.get(link.get_absolute_url()).status_code == 200

    PreviewLink.objects.update(expires_at=now - timedelta(seconds=1))

    assert_link_ended(client.get(link.get_absolute_url()))


@pytest.mark.django_db
def test_revoked_share_link_says_it_has_ended(client, draft):
    link = PreviewLink.objects.create(article=draft)
    link.revoke()
    assert_link_ended(client.get(link.get_absolute_url()))


@pytest.mark.django_db
def test_share_link_ends_at_the_longest_lifetime(client, draft, now, settings):
    settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS = 7
    link = PreviewLink.objects.create(
        article=draft, expires_at=now + timedelta(days=365)
    )
    PreviewLink.objects.update(created_at=now - timedelta(days=7, minutes=1))

    response = client.get(link.get_absolute_url())

    assert_link_ended(response)
    assertContains(response, "last 7 days at most", status_code=410)


@pytest.mark.django_db
def test_the_admin_refuses_a_share_link_past_the_longest_lifetime(
    admin_client, draft, now
):
    link = PreviewLink.objects.create(article=draft, shared_with="Our lawyer")
    change = reverse("admin:articles_previewlink_change", args=[link.pk])
    later = now + timedelta(days=30)
    response = admin_client.post(
        change,
        {
            "shared_with": "Our lawyer",
            "expires_at_0": later.strftime("%Y-%m-%d"),
            "expires_at_1": "12:00:00",
            "revoked_at_0": "",
            "revoked_at_1": "",
        },
    )

    assertContains(response, "lasts 7 days at most")
    link.refresh_from_db()
    assert link.expires_at < later


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["1", "MQ:forged:sig", "%00", "a" * 300])
def test_forged_share_tokens_are_404(client, draft, token):
    assert client.get(f"/preview/shared/{token}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_preview_of_no_article_is_404(editor_client, pk):
    assert editor_client.get(f"/preview/{pk}/").status_code == 404
