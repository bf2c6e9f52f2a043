import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.models import Article, Autosave
from tests.articles.admin.test_articles import change_form_data

LOGIN = reverse("admin:login")


def sign_in(client, username):
    response = client.post(
        LOGIN, {"username": username, "password": "pw", "next": reverse("admin:index")}
    )
    assert response.status_code == 302


def expire_when_idle(client, settings):
    Session.objects.all().delete()  # what an idle session comes to


def expire_at_the_absolute_limit(client, settings):
    settings.SESSION_ABSOLUTE_AGE = -1


@pytest.mark.django_db
@pytest.mark.parametrize("expire", [expire_when_idle, expire_at_the_absolute_limit])
def test_text_saved_after_the_session_expired_comes_back_after_sign_in(
    client, settings, make_staff, live, expire
):
    make_staff("desk", "Editor")
    sign_in(client, "desk")
    url = reverse("admin:articles_article_change", args=[live.pk])
    data = change_form_data(live, body="<p>Twenty minutes of reporting.</p>")
    expire(client, settings)

    response = client.post(url, data)

    assertRedirects(response, f"{LOGIN}?next={url}", fetch_redirect_response=False)
    assert Article.objects.get(pk=live.pk).body == "<p>Live body.</p>"
    assertContains(client.get(response.url), "your text is kept")

    settings.SESSION_ABSOLUTE_AGE = 3600
    sign_in(client, "desk")
    response = client.get(url)

    assertContains(response, "Not saved yet: your session had expired")
    assertContains(response, "Twenty minutes of reporting.")
    # The page posts back whole, inlines' management forms included.
    assertContains(
        response,
        '<input type="hidden" name="corrections-TOTAL_FORMS" value="0" '
        'id="id_corrections-TOTAL_FORMS">',
        html=True,
    )
    assert Article.objects.get(pk=live.pk).body == "<p>Live body.</p>"

    # Saving the form they were given back stores their text.
    response = client.post(url, response.context["adminform"].form.data)
    assert response.status_code == 302
    assert Article.objects.get(pk=live.pk).body == (
        "<p>Twenty minutes of reporting.</p>"
    )
    # Given back once: the next visit shows the stored article.
    assert "Not saved yet" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_new_article_written_after_expiry_comes_back_too(client, make_staff, section):
    make_staff("desk", "Editor")
    sign_in(client, "desk")
    Session.objects.all().delete()
    add_url = reverse("admin:articles_article_add")

    client.post(
        add_url,
        {"title": "Storm Warning", "section": section.pk, "status": "draft"},
    )
    sign_in(client, "desk")

    response = client.get(add_url)
    assertContains(response, "Not saved yet")
    assertContains(response, 'value="Storm Warning"')
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_forged_post_without_the_csrf_token_is_not_kept(make_staff, live):
    make_staff("desk", "Editor")
    browser = Client(enforce_csrf_checks=True)
    url = reverse("admin:articles_article_change", args=[live.pk])

    response = browser.post(url, change_form_data(live, body="<p>Planted.</p>"))

    assert response.status_code == 403
    assert "unsaved_article_forms" not in browser.session


@pytest.mark.django_db
def test_autosaves_are_kept_per_editor_and_follow_them_to_another_browser(
    desks, live, django_user_model
):

    ada, ben = desks
    url = reverse("admin:articles_article_autosave", args=[live.pk])
    typed = {"title": "Typed", "dek": "", "body": "<p>Typed body.</p>"}
    assert ada.post(url, {**typed, "base_version": live.version}).status_code == 204
    again = {**typed, "title": "Typed again", "base_version": live.version}
    assert ada.post(url, again).status_code == 204
    assert ada.post(url, {**typed, "base_version": "x"}).status_code == 400

    kept = Autosave.objects.get()
    assert (kept.user.username, kept.title) == ("ada", "Typed again")
    assert Article.objects.get(pk=live.pk).title == "Live Headline"  # not saved
    change = reverse("admin:articles_article_change", args=[live.pk])
    # Ada on another device, signed in afresh: her copy is offered.
    elsewhere = Client()
    elsewhere.force_login(django_user_model.objects.get(username="ada"))
    assertContains(elsewhere.get(change), '"title": "Typed again"')
    # Ben never sees it.
    assertNotContains(ben.get(change), "Typed again")
    # Readers neither: nothing public changed.
    assertNotContains(Client().get(live.get_absolute_url()), "Typed")

    # Saving the article forgets it.
    ada.post(change, change_form_data(live, title="Saved At Last"))
    assert not Autosave.objects.exists()


@pytest.mark.django_db
def test_an_autosave_arriving_after_its_save_keeps_nothing(desks, live):
    """The old page sends one last autosave of the text just saved: it is not
    offered back as unsaved text the next time the article opens."""
    ada, _ = desks
    change = reverse("admin:articles_article_change", args=[live.pk])
    url = reverse("admin:articles_article_autosave", args=[live.pk])
    typed = {"title": "Typed", "dek": "", "body": "<p>Typed body.</p>"}
    assert ada.post(url, {**typed, "base_version": live.version}).status_code == 204
    ada.post(change, change_form_data(live, **typed))
    assert Article.objects.get(pk=live.pk).title == "Typed"

    assert ada.post(url, {**typed, "base_version": live.version}).status_code == 204

    assert not Autosave.objects.exists()
    kept = ada.get(change).content.decode()
    assert '<script id="server-kept-text" type="application/json">null</script>' in kept


@pytest.mark.django_db
def test_autosave_is_for_those_who_may_change_the_article(reporter_client, live):
    url = reverse("admin:articles_article_autosave", args=[live.pk])
    data = {"title": "x", "dek": "", "body": "", "base_version": live.version}
    # A published article is read-only to a reporter.
    assert reporter_client.post(url, data).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("base_version", ["-1", "x", ""])
def test_an_autosave_without_a_version_it_was_made_from_is_a_400(
    editor_client, live, base_version
):
    url = reverse("admin:articles_article_autosave", args=[live.pk])
    data = {"title": "x", "dek": "", "body": "", "base_version": base_version}
    assert editor_client.post(url, data).status_code == 400
    assert not Autosave.objects.exists()
