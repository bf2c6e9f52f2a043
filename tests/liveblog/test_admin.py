import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from liveblog.models import LiveEntry


@pytest.fixture
def desk_client(client, editor):
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="liveblog")
    )
    client.force_login(editor)
    return client


def desk_url(story):
    return reverse("admin:liveblog_livestory_desk", args=[story.pk])


@pytest.mark.django_db
def test_an_entry_is_posted_in_one_step(desk_client, live_story, author, editor):
    response = desk_client.post(
        desk_url(live_story),
        {
            "title": "Power cut",
            "body": "<p>Half the town is dark.</p><script>x()</script>",
            "authors": [author.pk],
            "is_key_event": "on",
        },
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.body == "<p>Half the town is dark.</p>"
    assert entry.is_key_event and list(entry.authors.all()) == [author]
    assert Version.objects.get_for_object(entry).get().revision.user == editor
    page = desk_client.get(desk_url(live_story))
    assertContains(page, "Power cut")
    # The next entry keeps the byline.
    assert page.context["form"].initial["authors"] == [author]


@pytest.mark.django_db
def test_the_desk_and_the_story_admin_pages_load(desk_client, live_story, post):
    post("<p>One.</p>")
    for url in (
        desk_url(live_story),
        reverse("admin:liveblog_livestory_changelist"),
        reverse("admin:liveblog_livestory_change", args=[live_story.pk]),
        reverse("admin:liveblog_livestory_add"),
        reverse("admin:liveblog_liveentry_changelist"),
    ):
        assert desk_client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ["abc", "99999", "1.5"])
def test_an_entry_that_is_not_there_is_a_404_on_the_desk(
    desk_client, live_story, post, entry
):
    post("<p>One.</p>")
    assert desk_client.get(f"{desk_url(live_story)}?edit={entry}").status_code == 404


@pytest.mark.django_db
def test_a_correction_over_a_newer_save_is_refused_and_kept(
    desk_client, live_story, post
):
    entry = post("<p>Winds of 90 km/h.</p>")
    opened = desk_client.get(desk_url(live_story), {"edit": entry.pk})
    base_version = opened.context["form"]["base_version"].value()
    entry.body = "<p>Winds of 100 km/h.</p>"
    entry.save()  # a colleague's correction

    response = desk_client.post(
        desk_url(live_story),
        {
            "entry": entry.pk,
            "base_version": base_version,
            "body": "<p>Winds of 120 km/h.</p>",
            "posted_at_0": entry.posted_at.date().isoformat(),
            "posted_at_1": entry.posted_at.time().isoformat(timespec="seconds"),
            "posted_at": entry.posted_at.isoformat(),
        },
    )
    assert response.status_code == 200
    assertContains(response, "Not saved")
    assertContains(response, "it now reads “Winds of 100 km/h.”")
    assertContains(response, "120 km/h")
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Winds of 100 km/h.</p>"

    # Saving again is a deliberate choice over the correction now shown.
    again = desk_client.post(desk_url(live_story), response.context["form"].data)
    assert again.status_code == 302
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Winds of 120 km/h.</p>"


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_post(client, editor, live_story):
    client.force_login(editor)
    assert client.post(desk_url(live_story), {"body": "<p>x</p>"}).status_code == 403
    assert not LiveEntry.objects.exists()


@pytest.mark.django_db
def test_the_article_admin_page_leads_to_the_live_desk(
    desk_client, live_story, make_article
):
    article_page = reverse(
        "admin:articles_article_change", args=[live_story.article_id]
    )
    assertContains(desk_client.get(article_page), f'href="{desk_url(live_story)}"')

    plain = make_article(title="Not Live Yet")
    page = desk_client.get(reverse("admin:articles_article_change", args=[plain.pk]))
    add = reverse("admin:liveblog_livestory_add")
    assertContains(page, f'href="{add}?article={plain.pk}"')
    assertContains(page, "Make it a live story")
