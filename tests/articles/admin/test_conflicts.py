import re
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article, Author, EditConflict, PendingEdit
from tests.articles.admin.test_articles import change_form_data

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_form(client, article, **changes):
    """The change form as `client` opened it now, with their edits."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    data = change_form_data(article, **changes)
    # As a browser would post it: from the hidden input on the page.
    found = re.search(r'name="base_version" value="(\d+)"', response.content.decode())
    data["base_version"] = found[1]
    return data


@pytest.mark.django_db
def test_second_save_is_refused_and_keeps_both_editors_text(desks, live):
    ada, ben = desks
    adas_form = opened_form(ada, live, body="<p>Ada's new lead.</p>")
    bens_form = opened_form(ben, live, body="<p>Ben's rewrite.</p>")
    assert ada.post(change_url(live), adas_form).status_code == 302

    response = ben.post(change_url(live), bens_form)

    assert response.status_code == 200
    assertContains(response, "Not saved: ada saved this article at")
    # Ben's text is still in his form, next to what Ada changed.
    assertContains(response, "Ben&#x27;s rewrite.")
    assertContains(
        response, "<del>Live body.</del><ins>Ada&#x27;s new lead.</ins>", html=False
    )
    assert Article.objects.get(pk=live.pk).body == "<p>Ada's new lead.</p>"

    # Ben merges by hand and saves again from the form he was given back:
    # nothing is saved until he says whose body to keep.
    merged = response.context["adminform"].form.data.copy()
    merged["body"] = "<p>Ada's new lead.</p><p>Ben's rewrite.</p>"
    assertContains(ben.post(change_url(live), merged), "Not saved")
    assert Article.objects.get(pk=live.pk).body == "<p>Ada's new lead.</p>"
    merged["keep-body"] = "mine"
    assert ben.post(change_url(live), merged).status_code == 302
    assert Article.objects.get(pk=live.pk).body == (
        "<p>Ada's new lead.</p><p>Ben's rewrite.</p>"
    )


@pytest.mark.django_db
def test_saving_without_publishing_is_checked_too(desks, live):
    ada, ben = desks
    adas_form = opened_form(ada, live, body="<p>Ada waits.</p>", _save_pending="1")
    bens_form = opened_form(ben, live, body="<p>Ben waits.</p>", _save_pending="1")
    ada.post(change_url(live), adas_form)

    response = ben.post(change_url(live), bens_form)

    assertContains(response, "Not saved: ada saved this article")
    assert PendingEdit.objects.get(article=live).body == "<p>Ada waits.</p>"

    # A headline kept aside from a form opened before Ada's changes merges
    # with them: her body waits too, with his headline.
    stale = change_form_data(live, title="Over the top", _save_pending="1")
    stale["base_version"] = adas_form["base_version"]
    assert ben.post(change_url(live), stale).status_code == 302
    pending = PendingEdit.objects.get(article=live)
    assert (pending.title, pending.body) == ("Over the top", "<p>Ada waits.</p>")
    assert Article.objects.get(pk=live.pk).title == "Live Headline"


@pytest.mark.django_db
def test_form_opened_before_an_action_keeps_what_the_action_did(desks, live):
    ada, ben = desks
    bens_form = opened_form(ben, live, body="<p>Ben's edit.</p>")
    ada.post(CHANGELIST, {"action": "unpublish", "_selected_action": [live.pk]})

    response = ben.post(change_url(live), bens_form, follow=True)

    assertContains(response, "their changes to the status are kept with yours")
    stored = Article.objects.get(pk=live.pk)
    assert stored.status == Article.Status.DRAFT
    assert stored.body == "<p>Ben's edit.</p>"


@pytest.mark.django_db
def test_a_stale_copy_cannot_overwrite_a_newer_save(live):
    stale = Article.objects.get(pk=live.pk)
    live.body = "<p>Newer.</p>"
    live.save()
    stale.body = "<p>Older.</p>"

    with pytest.raises(EditConflict):
        stale.save()
    assert Article.objects.get(pk=live.pk).body == "<p>Newer.</p>"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks whole tables between "
    "threads; make test-postgres (and CI) run this race",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_cannot_both_win(live, desks):
    """Both requests carry the same version and hit the server at once, each
    on its own database connection; one is saved and the other refused."""
    forms = [
        opened_form(client, live, body=f"<p>{name} wins.</p>")
        for client, name in zip(desks, ("Ada", "Ben"), strict=True)
    ]
    start = threading.Barrier(2)
    statuses = {}

    def save(index):
        try:
            start.wait()
            response = desks[index].post(change_url(live), forms[index])
            statuses[index] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses.values()) == [200, 302]
    winner = "Ada" if statuses[0] == 302 else "Ben"
    assert Article.objects.get(pk=live.pk).body == f"<p>{winner} wins.</p>"


@pytest.mark.django_db
def test_a_save_the_database_refused_can_be_retried(make_article, live):
    other = make_article(title="Other Story")
    other.slug = live.slug
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()

    other.slug = "other-story-renamed"
    other.save()
    assert Article.objects.get(pk=other.pk).slug == "other-story-renamed"


@pytest.mark.django_db
def test_changes_to_different_fields_are_merged(desks, live):
    ada, ben = desks
    reporter = Author.objects.create(name="Rita Reporter", slug="rita")
    adas_form = opened_form(ada, live, title="Ada's Headline", tags="Budget, Council")
    bens_form = opened_form(ben, live, dek="Ben's standfirst.", body="<p>Ben.</p>")
    bens_form["authors"] = [*bens_form["authors"], reporter.pk]
    assert ada.post(change_url(live), adas_form).status_code == 302

    response = ben.post(change_url(live), bens_form, follow=True)

    assertContains(
        response,
        "Ada saved this article while you were editing; their changes to the "
        "title and tags are kept with yours.",
    )
    stored = Article.objects.get(pk=live.pk)
    assert (stored.title, stored.dek, stored.body) == (
        "Ada's Headline",
        "Ben's standfirst.",
        "<p>Ben.</p>",
    )
    assert sorted(stored.tags.names()) == ["Budget", "Council"]
    assert reporter in stored.authors.all()


@pytest.mark.django_db
def test_a_resave_after_a_refusal_cannot_revert_their_work(desks, live):
    """The issue's case: both changed the headline, only Ada the tags and only
    Ben the body. The refused form already holds Ada's tags, and saving it
    again needs a choice for the headline."""
    ada, ben = desks
    adas_form = opened_form(ada, live, title="Ada's Headline", tags="Budget, Council")
    bens_form = opened_form(ben, live, title="Ben's Headline", body="<p>Ben.</p>")
    ada.post(change_url(live), adas_form)

    refused = ben.post(change_url(live), bens_form)

    assertContains(refused, "you both changed the title")
    form = refused.context["adminform"].form
    assert form.data["tags"] == "Budget, Council"
    assert form.data["title"] == "Ben's Headline"
    assertContains(refused, 'name="keep-title" value="theirs"')
    again = form.data.copy()
    assertContains(ben.post(change_url(live), again), "you both changed the title")
    assert Article.objects.get(pk=live.pk).title == "Ada's Headline"

    again["keep-title"] = "theirs"
    assert ben.post(change_url(live), again).status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert (stored.title, stored.body) == ("Ada's Headline", "<p>Ben.</p>")
    assert sorted(stored.tags.names()) == ["Budget", "Council"]


@pytest.mark.django_db
def test_body_changes_to_different_paragraphs_are_merged(desks, make_article):
    story = make_article(title="Storm", body="<p>One.</p><p>Two.</p><p>Three.</p>")
    ada, ben = desks
    adas_form = opened_form(ada, story, body="<p>One, Ada.</p><p>Two.</p><p>Three.</p>")
    bens_form = opened_form(
        ben, story, body="<p>One.</p><p>Two.</p><p>Three, Ben.</p><p>Four.</p>"
    )
    ada.post(change_url(story), adas_form)

    assert ben.post(change_url(story), bens_form).status_code == 302
    assert Article.objects.get(pk=story.pk).body == (
        "<p>One, Ada.</p><p>Two.</p><p>Three, Ben.</p><p>Four.</p>"
    )


@pytest.mark.django_db
def test_body_changes_to_one_paragraph_are_a_conflict(desks, make_article):
    story = make_article(title="Storm", body="<p>One.</p><p>Two.</p>")
    ada, ben = desks
    adas_form = opened_form(ada, story, body="<p>One, Ada.</p><p>Two.</p>")
    bens_form = opened_form(ben, story, body="<p>One, Ben.</p><p>Two.</p>")
    ada.post(change_url(story), adas_form)

    response = ben.post(change_url(story), bens_form)

    assertContains(response, "you both changed the body")
    # Shown as text, side by side: as opened, theirs and his.
    assertContains(response, '<td class="conflict-original">One.', html=False)
    assertContains(response, "<ins>One, Ada.</ins>", html=False)
    assertContains(response, "<ins>One, Ben.</ins>", html=False)
    assert Article.objects.get(pk=story.pk).body == "<p>One, Ada.</p><p>Two.</p>"
