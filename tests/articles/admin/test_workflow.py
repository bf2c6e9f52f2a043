from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.models import Article, Correction, PendingEdit, PreviewLink
from tests.articles.admin.test_articles import change_form_data

DRAFT = Article.Status.DRAFT
REVIEW = Article.Status.REVIEW
PUBLISHED = Article.Status.PUBLISHED
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_form_data(section, **changes):
    data = {
        "title": "Storm Closes Schools",
        "slug": "storm-closes-schools",
        "section": section.pk,
        "body": "<p>Stay home.</p>",
        "tags": "Weather",
        "status": DRAFT,
    }
    data.update(changes)
    return data


@pytest.fixture
def editor_client(client, make_staff):
    client.force_login(make_staff("desk-editor", "Editor"))
    return client


@pytest.mark.django_db
def test_roles_come_from_the_migrations():
    reporter = set(
        Group.objects.get(name="Reporter").permissions.values_list(
            "codename", flat=True
        )
    )
    editor = set(
        Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article"} <= reporter
    assert "publish_article" not in reporter
    assert "delete_article" not in reporter
    assert {"publish_article", "add_correction", "add_previewlink"} <= editor


@pytest.mark.django_db
def test_changelist_shows_each_state_and_filters_on_it(
    editor_client, make_article, future
):
    make_article(title="A Draft", status=DRAFT)
    make_article(title="In Review", status=REVIEW)
    make_article(title="Embargoed", published_at=future)
    make_article(title="Live One")

    response = editor_client.get(CHANGELIST)

    assertContains(response, "Scheduled: embargoed until")
    assertContains(response, '<td class="field-state">In review</td>', html=True)
    assertContains(response, '<td class="field-state">Live</td>', html=True)
    for state, title in [
        ("draft", "A Draft"),
        ("review", "In Review"),
        ("scheduled", "Embargoed"),
        ("live", "Live One"),
    ]:
        listed = editor_client.get(f"{CHANGELIST}?state={state}").context["cl"]
        assert [a.title for a in listed.result_list] == [title]


@pytest.mark.django_db
def test_editor_actions_publish_unpublish_and_send_back(
    editor_client, make_article, future
):
    in_review = make_article(title="Ready", status=REVIEW)
    scheduled = make_article(title="Embargoed", published_at=future)
    live = make_article(title="Live")

    def act(action, *articles):
        return editor_client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [a.pk for a in articles]},
            follow=True,
        )

    assertContains(
        act("publish_now", in_review, scheduled, live), "2 articles published."
    )
    for article in (in_review, scheduled):
        article.refresh_from_db()
        assert article.is_published()

    assertContains(act("unpublish", live), "1 article unpublished.")
    live.refresh_from_db()
    assert live.status == DRAFT

    in_review.status = REVIEW
    in_review.save()
    act("send_back_to_draft", in_review)
    in_review.refresh_from_db()
    assert in_review.status == DRAFT


@pytest.mark.django_db
def test_reporter_writes_a_draft_and_submits_it(reporter_client, section):
    response = reporter_client.post(
        reverse("admin:articles_article_add"), add_form_data(section, status=REVIEW)
    )

    assertRedirects(response, CHANGELIST)
    article = Article.objects.get()
    assert article.status == REVIEW
    assert list(article.tags.names()) == ["Weather"]


@pytest.mark.django_db
def test_reporter_is_not_offered_publishing(reporter_client, make_article):
    add_page = reporter_client.get(reverse("admin:articles_article_add"))
    assertContains(add_page, '<option value="review">')
    assertNotContains(add_page, '<option value="published"')

    make_article(title="A Draft", status=DRAFT)
    changelist = reporter_client.get(CHANGELIST)
    assertContains(changelist, '<option value="submit_for_review">')
    assertNotContains(changelist, '<option value="publish_now">')


@pytest.mark.django_db
def test_reporters_forged_publish_is_refused_and_nothing_saved(
    reporter_client, section, make_article
):
    response = reporter_client.post(
        reverse("admin:articles_article_add"), add_form_data(section, status=PUBLISHED)
    )
    assertContains(response, "You may not publish: only editors publish")
    assert not Article.objects.exists()

    draft = make_article(title="Draft", status=DRAFT)
    data = change_form_data(draft, title="Sneaky", status=PUBLISHED)
    response = reporter_client.post(change_url(draft), data)
    assertContains(response, "You may not publish: only editors publish")
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Draft", DRAFT)


@pytest.mark.django_db
def test_reporters_forged_action_is_refused(reporter_client, make_article):
    draft = make_article(title="Draft", status=DRAFT)

    response = reporter_client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [draft.pk]},
        follow=True,
    )

    assertContains(response, "No action selected.")
    draft.refresh_from_db()
    assert draft.status == DRAFT


@pytest.mark.django_db
def test_reporter_cannot_change_a_published_article(reporter_client, live):
    view_only = reporter_client.get(change_url(live))
    assertContains(view_only, "Live Headline")
    assertNotContains(view_only, 'name="_save_pending"')
    assertNotContains(view_only, 'name="title"')

    response = reporter_client.post(
        change_url(live), change_form_data(live, title="Sneaky", _save_pending="1")
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Live Headline"
    assert not PendingEdit.objects.exists()


@pytest.mark.django_db
def test_editor_saves_a_live_story_without_publishing_then_publishes(
    editor_client, client, live
):
    response = editor_client.post(
        change_url(live),
        change_form_data(
            live, title="Revised Headline", tags="Budget, Council", _save_pending="1"
        ),
        follow=True,
    )

    assertContains(response, "saved but not published")
    assertContains(response, 'value="Revised Headline"')  # the form continues
    assertContains(response, "This live article has unpublished changes")
    assertContains(client.get(live.get_absolute_url()), "Live Headline")

    editor_client.post(
        change_url(live), change_form_data(live, title="Revised Headline")
    )

    live.refresh_from_db()
    assert live.title == "Revised Headline"
    assert not PendingEdit.objects.exists()
    assertContains(client.get(live.get_absolute_url()), "Revised Headline")


@pytest.mark.django_db
def test_pending_edits_are_published_by_an_action(editor_client, live):
    editor_client.post(
        change_url(live),
        change_form_data(live, title="Revised Headline", _save_pending="1"),
    )

    editor_client.post(
        CHANGELIST, {"action": "publish_pending_edits", "_selected_action": [live.pk]}
    )

    live.refresh_from_db()
    assert live.title == "Revised Headline"


@pytest.mark.django_db
def test_address_changes_cannot_wait_as_pending_edits(editor_client, live):
    response = editor_client.post(
        change_url(live),
        change_form_data(live, slug="new-slug", _save_pending="1"),
    )

    assertContains(response, "Publish to change the slug, or undo it.")
    live.refresh_from_db()
    assert live.slug == "live-headline"
    assert not PendingEdit.objects.exists()


@pytest.mark.django_db
def test_only_significant_updates_show_an_updated_time(editor_client, client, live):
    editor_client.post(change_url(live), change_form_data(live, title="Typo fixed"))
    assertNotContains(client.get(live.get_absolute_url()), "Updated")

    editor_client.post(
        change_url(live),
        change_form_data(live, body="<p>New facts.</p>", significant_update="on"),
    )

    live.refresh_from_db()
    updated = live.significantly_updated_at.replace(microsecond=0).isoformat()
    assertContains(
        client.get(live.get_absolute_url()),
        f'<span class="updated">Updated <time datetime="{updated}">',
    )


@pytest.mark.django_db
def test_editor_records_a_correction_readers_see(editor_client, client, live):
    data = change_form_data(live)
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-corrected_at_0": "2026-11-27",
            "corrections-0-corrected_at_1": "09:30:00",
            "corrections-0-text": "An earlier version misstated the vote.",
        }
    )

    editor_client.post(change_url(live), data)

    assert Correction.objects.get().article == live
    response = client.get(live.get_absolute_url())
    assertContains(response, '<h2 id="corrections-heading">Correction</h2>', html=True)
    assertContains(response, "An earlier version misstated the vote.")


@pytest.mark.django_db
def test_editor_makes_a_share_link(editor_client, client, make_article, now):
    draft = make_article(title="Secret Draft", status=DRAFT)
    data = change_form_data(draft)
    # Within the longest lifetime (NEWSROOM_PREVIEW_LINK_MAX_DAYS).
    expires = now + timedelta(days=3)
    data.update(
        {
            "preview_links-TOTAL_FORMS": 1,
            "preview_links-0-shared_with": "Legal",
            "preview_links-0-expires_at_0": expires.strftime("%Y-%m-%d"),
            "preview_links-0-expires_at_1": "00:00:00",
        }
    )

    editor_client.post(change_url(draft), data)

    link = PreviewLink.objects.get()
    assert link.created_by.username == "desk-editor"
    assertContains(editor_client.get(change_url(draft)), link.get_absolute_url())
    assertContains(client.get(link.get_absolute_url()), "Secret Draft")


@pytest.mark.django_db
def test_editor_revokes_share_links_from_their_list(editor_client, client, live):
    link = PreviewLink.objects.create(article=live, shared_with="A source")
    changelist = reverse("admin:articles_previewlink_changelist")
    assertContains(editor_client.get(changelist), "A source")

    response = editor_client.post(
        changelist,
        {"action": "revoke", "_selected_action": [link.pk]},
        follow=True,
    )

    assertContains(response, "1 link revoked.")
    assert client.get(link.get_absolute_url()).status_code == 410  # ended, and says so


@pytest.mark.django_db
def test_editor_sees_an_articles_old_addresses(editor_client, live):
    live.slug = "renamed"
    live.save()

    response = editor_client.get(reverse("admin:articles_articleredirect_changelist"))

    assertContains(response, "/news/live-headline/")


@pytest.mark.django_db
def test_change_page_says_until_when_an_article_is_embargoed(
    editor_client, make_article, future
):
    scheduled = make_article(title="Embargoed", published_at=future)
    assertContains(
        editor_client.get(change_url(scheduled)), "Scheduled: embargoed until"
    )
