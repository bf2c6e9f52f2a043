from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import revisions
from articles.models import Article
from tests.articles.admin.test_articles import change_form_data

WORDPRESS_SAMPLE = Path(__file__).parents[2] / "data" / "wordpress-export.xml"
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


@pytest.fixture
def desk_client(client, make_staff):
    client.force_login(make_staff("desk", "Editor"))
    return client


@pytest.fixture
def neighbours(make_article, past, now):
    older = make_article(title="Older Story", published_at=past)
    newer = make_article(title="Newer Story", published_at=now)
    return older, newer


@pytest.fixture
def story(make_article, author, neighbours, past):
    older, newer = neighbours
    article = make_article(
        title="Bridge Reopens",
        body="<p>Traffic flows again.</p>",
        published_at=past.replace(hour=(past.hour + 1) % 24),
        previous_article=older,
    )
    article.authors.add(author)
    article.tags.add("Transport")
    return article


@pytest.mark.django_db
def test_admin_save_keeps_a_revision_naming_the_editor(desk_client, story):
    desk_client.post(change_url(story), change_form_data(story, title="Bridge Opens"))

    newest = revisions.versions_of(story.pk).first()
    assert newest.revision.user.username == "desk"
    assert "Changed Title" in newest.revision.get_comment()
    assert newest.field_dict["title"] == "Bridge Opens"
    assert revisions.readable(newest)["Tags"] == "Transport"
    assert revisions.readable(newest)["Authors"] == "Ada Reporter"
    assert revisions.readable(newest)["Previous article"] == "Older Story"


@pytest.mark.django_db
def test_workflow_actions_and_unpublished_changes_keep_revisions(desk_client, story):
    desk_client.post(
        change_url(story),
        change_form_data(story, body="<p>Waiting.</p>", _save_pending="1"),
    )
    pending = revisions.versions_of(story.pk).first()
    assert pending.revision.user.username == "desk"
    assert revisions.readable(pending)["Body (unpublished changes)"] == "Waiting."
    assert revisions.readable(pending)["Body"] == "Traffic flows again."

    desk_client.post(
        CHANGELIST,
        {"action": "publish_pending_edits", "_selected_action": [story.pk]},
    )
    published = revisions.versions_of(story.pk).first()
    assert published.revision.get_comment() == (
        "Admin action: Publish unpublished changes"
    )
    assert published.field_dict["body"] == "<p>Waiting.</p>"

    desk_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [story.pk]}
    )
    assert revisions.versions_of(story.pk).first().field_dict["status"] == "draft"


@pytest.mark.django_db
def test_saves_outside_the_admin_keep_revisions_too(story):
    before = revisions.versions_of(story.pk).count()
    story.make_draft()
    assert revisions.versions_of(story.pk).count() == before + 1


@pytest.mark.django_db
def test_import_commands_are_named_as_the_author(section, tmp_path):
    call_command("import_wordpress", str(WORDPRESS_SAMPLE), stdout=StringIO())
    article = Article.objects.get(title="City Council Approves Budget")
    newest = revisions.versions_of(article.pk).first()
    assert newest.revision.user is None
    assert revisions.saved_by(newest) == "import_wordpress"

    path = tmp_path / "story.txt"
    path.write_text("Plain Story\n\nA paragraph.\n")
    call_command("import_articles", str(path), section="news", stdout=StringIO())
    article = Article.objects.get(title="Plain Story")
    assert revisions.saved_by(revisions.versions_of(article.pk).first()) == (
        "import_articles"
    )


@pytest.mark.django_db
def test_demo_articles_start_their_history_with_the_command():
    call_command("loaddemo", verbosity=0)
    for article in Article.objects.all():
        only = revisions.versions_of(article.pk).get()
        assert revisions.saved_by(only) == "loaddemo"


@pytest.mark.django_db
def test_history_compares_any_two_revisions_field_by_field(desk_client, story):
    desk_client.post(
        change_url(story),
        change_form_data(story, title="Bridge Opens Early", tags="Roads"),
    )
    first, second = reversed(revisions.versions_of(story.pk)[:2])

    response = desk_client.get(history_url(story), {"from": first.pk, "to": second.pk})

    assertContains(
        response, "Bridge <del>Reopens</del><ins>Opens Early</ins>", html=False
    )
    # Nothing waited on either side, so no unpublished changes are listed.
    assertNotContains(response, "(unpublished changes)")
    assertContains(response, "<del>Transport</del><ins>Roads</ins>", html=False)
    assertNotContains(response, '<th scope="row">Body</th>', html=False)


@pytest.mark.django_db
def test_restoring_an_old_revision_brings_back_text_tags_and_links_as_a_new_one(
    desk_client, client, story, neighbours, author
):
    older, newer = neighbours
    original = revisions.versions_of(story.pk).first()
    desk_client.post(
        change_url(story),
        change_form_data(
            story,
            title="Bridge Closed Again",
            body="<p>Cracks found.</p>",
            tags="Roads",
            authors=[],
            previous_article=newer.pk,
        ),
    )
    count = revisions.versions_of(story.pk).count()

    response = desk_client.post(restore_url(story, original), {"restore": "publish"})

    assert response.status_code == 302
    story = Article.objects.get(pk=story.pk)
    assert story.title == "Bridge Reopens"
    assert story.body == "<p>Traffic flows again.</p>"
    assert list(story.tags.names()) == ["Transport"]
    assert list(story.authors.all()) == [author]
    assert story.previous_article == older
    history = list(revisions.versions_of(story.pk))
    assert len(history) == count + 1  # a new revision; none overwritten
    assert (
        history[0]
        .revision.get_comment()
        .startswith("Restored from the revision someone outside the admin saved on")
    )
    assert history[1].field_dict["title"] == "Bridge Closed Again"
    assertContains(client.get(story.get_absolute_url()), "Traffic flows again.")


@pytest.mark.django_db
def test_reporters_cannot_restore(reporter_client, story):
    version = revisions.versions_of(story.pk).first()
    response = reporter_client.post(restore_url(story, version))
    assert response.status_code == 403


@pytest.mark.django_db
def test_deleted_article_is_recovered_with_tags_links_and_history(
    desk_client, client, story, neighbours, make_article, author
):
    older, newer = neighbours
    follower = make_article(title="Follow-up", previous_article=story)
    versions_before = revisions.versions_of(story.pk).count()
    desk_client.post(
        reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"}
    )
    assert not Article.objects.filter(pk=story.pk).exists()
    # Meanwhile the follow-up's previous link falls back to its neighbour.
    follower.refresh_from_db()
    assert follower.get_previous_published() is not None
    assertContains(client.get(follower.get_absolute_url()), "Follow-up")

    listing = desk_client.get(reverse("admin:articles_article_recover"))
    assertContains(listing, "Bridge Reopens")
    version = revisions.deleted_articles().get(object_id=str(story.pk))
    response = desk_client.post(
        reverse("admin:articles_article_recover_one", args=[version.pk])
    )

    assert response.status_code == 302
    recovered = Article.objects.get(pk=story.pk)
    assert recovered.body == "<p>Traffic flows again.</p>"
    assert list(recovered.tags.names()) == ["Transport"]
    assert list(recovered.authors.all()) == [author]
    assert recovered.previous_article == older
    assert revisions.versions_of(story.pk).count() == versions_before + 1
    assertContains(client.get(recovered.get_absolute_url()), "Traffic flows again.")
    assert not revisions.deleted_articles().filter(object_id=str(story.pk)).exists()


def delete_in_the_admin(desk_client, article):
    desk_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )


def delete_with_the_bulk_action(desk_client, article):
    desk_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )


def delete_in_the_shell(desk_client, article):
    Article.objects.filter(pk=article.pk).delete()


@pytest.fixture
def linked_story(story, make_article):
    """The story, and two articles whose editors linked to it."""
    follow_up = make_article(title="Follow-up", previous_article=story)
    preview = make_article(title="Preview", next_article=story)
    return story, follow_up, preview


def recover(desk_client, article):
    version = revisions.deleted_articles().get(object_id=str(article.pk))
    return desk_client.post(
        reverse("admin:articles_article_recover_one", args=[version.pk]), follow=True
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "delete", [delete_in_the_admin, delete_with_the_bulk_action, delete_in_the_shell]
)
def test_recovery_makes_again_the_links_other_articles_had_to_it(
    desk_client, linked_story, delete
):
    story, follow_up, preview = linked_story
    delete(desk_client, story)
    assert not Article.objects.filter(pk=story.pk).exists()
    follow_up.refresh_from_db()
    preview.refresh_from_db()
    assert follow_up.previous_article is None
    assert preview.next_article is None

    response = recover(desk_client, story)

    follow_up.refresh_from_db()
    preview.refresh_from_db()
    assert follow_up.previous_article_id == story.pk
    assert preview.next_article_id == story.pk
    assertContains(response, "“Follow-up”’s previous article")
    assertContains(response, "“Preview”’s next article")
    # The re-made link is in the linking article's history too.
    newest = revisions.versions_of(follow_up.pk).first()
    assert newest.field_dict["previous_article_id"] == story.pk


@pytest.mark.django_db
def test_recovery_leaves_a_link_an_editor_set_since_the_deletion(
    desk_client, linked_story, make_article
):
    story, follow_up, preview = linked_story
    delete_with_the_bulk_action(desk_client, story)
    elsewhere = make_article(title="Elsewhere")
    preview.next_article = elsewhere
    preview.save()

    response = recover(desk_client, story)

    preview.refresh_from_db()
    follow_up.refresh_from_db()
    assert preview.next_article == elsewhere
    assert follow_up.previous_article_id == story.pk
    assertContains(
        response,
        "Links left as an editor has set them since it was deleted: "
        "“Preview”’s next article.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("follow_up_first", [True, False])
def test_articles_deleted_together_get_their_link_back_in_either_order(
    desk_client, linked_story, follow_up_first
):
    story, follow_up, _ = linked_story
    Article.objects.filter(pk__in=[story.pk, follow_up.pk]).delete()

    for article in (follow_up, story) if follow_up_first else (story, follow_up):
        recover(desk_client, article)

    assert Article.objects.get(pk=follow_up.pk).previous_article_id == story.pk


@pytest.mark.django_db
def test_restore_asks_first_showing_what_will_change(desk_client, story):
    original = revisions.versions_of(story.pk).first()
    desk_client.post(change_url(story), change_form_data(story, title="Bridge Shut"))

    response = desk_client.get(restore_url(story, original))

    assertContains(response, "What changes against the current version")
    assertContains(response, "Bridge <del>Shut</del><ins>Reopens</ins>", html=False)
    assertContains(response, 'value="pending" checked')
    assert Article.objects.get(pk=story.pk).title == "Bridge Shut"


# Outside a test transaction, as a live request is: on PostgreSQL the
# restore's row lock needs a transaction of the view's own.
@pytest.mark.django_db(transaction=True)
def test_restoring_a_live_article_waits_for_publishing_and_keeps_updated(
    desk_client, client, story, now
):
    original = revisions.versions_of(story.pk).first()
    desk_client.post(
        change_url(story),
        change_form_data(story, title="Bridge Shut", significant_update="on"),
    )
    updated_at = Article.objects.get(pk=story.pk).significantly_updated_at
    assert updated_at is not None

    response = desk_client.post(restore_url(story, original), follow=True)

    assertContains(response, "kept as unpublished changes: readers still see")
    assertContains(response, "as in the revision someone outside the admin saved")
    stored = Article.objects.get(pk=story.pk)
    assert (stored.title, stored.significantly_updated_at) == (
        "Bridge Shut",
        updated_at,
    )
    assert stored.pending_edit.title == "Bridge Reopens"
    assertContains(client.get(stored.get_absolute_url()), "Bridge Shut")


@pytest.mark.django_db
def test_history_reads_as_editorial_events_with_text_diffs(desk_client, story):
    desk_client.post(
        change_url(story),
        change_form_data(
            story, body="<p>Waiting <em>here</em>.</p>", _save_pending="1"
        ),
    )
    desk_client.post(
        CHANGELIST, {"action": "publish_pending_edits", "_selected_action": [story.pk]}
    )
    desk_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [story.pk]}
    )

    response = desk_client.get(history_url(story))

    events = [event for _, _, event in response.context["versions"]]
    assert events[:3] == [
        "Unpublished: taken off the site",
        "Published: body",
        "Saved as unpublished changes (readers did not see this): body",
    ]
    assert events[-1] == "Created and published"
    # The newest change compared as readers read it, no markup or bookkeeping.
    previous = revisions.versions_of(story.pk)[1]
    changes = revisions.compare(
        revisions.readable(revisions.versions_of(story.pk)[2]),
        revisions.readable(previous),
    )
    assert {change.label: change.after for change in changes} == {
        "Body": "Waiting here."
    }
    assertNotContains(response, "&lt;p&gt;")


@pytest.mark.django_db
def test_history_names_a_merge_with_whom(desks, live):
    from tests.articles.admin.test_conflicts import opened_form

    ada, ben = desks
    adas_form = opened_form(ada, live, title="Ada's Headline")
    bens_form = opened_form(ben, live, body="<p>Ben.</p>")
    ada.post(change_url(live), adas_form)
    ben.post(change_url(live), bens_form)

    events = [
        event for *_, event in revisions.history(list(revisions.versions_of(live.pk)))
    ]
    assert events[0] == "Published: body. Merged with ada's changes to the title."
    assert events[1] == "Published: title"
