import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial import locks as edit_locks
from articles.models import EditLock


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def lock_url(article, action=""):
    name = "articles_article_lock" + (f"_{action}" if action else "")
    return reverse(f"admin:{name}", args=[article.pk])


@pytest.mark.django_db
def test_others_see_who_has_the_article_open_and_since_when(desks, live):
    ada, ben = desks
    assertNotContains(ada.get(change_url(live)), "has had this article open")

    response = ben.get(change_url(live))

    lock = EditLock.objects.get(article=live)
    assert lock.holder.username == "ada"
    assertContains(response, "ada has had this article open since")
    assertContains(response, "Take over")
    # The notice warns; Ben's save still goes through the version check.
    assert ben.post(lock_url(live)).json()["state"] == "held"


@pytest.mark.django_db
def test_the_notice_expires_when_the_holder_stops_checking_in(desks, live):
    ada, ben = desks
    ada.get(change_url(live))
    EditLock.objects.update(seen_at=EditLock.objects.get().seen_at - edit_locks.TIMEOUT)

    assertNotContains(ben.get(change_url(live)), "has had this article open")
    assert EditLock.objects.get(article=live).holder.username == "ben"


@pytest.mark.django_db
def test_checking_in_keeps_the_lock_and_leaving_releases_it(desks, live):
    ada, ben = desks
    ada.get(change_url(live))
    first_seen = EditLock.objects.get().seen_at

    assert ada.post(lock_url(live)).json() == {"state": "yours", "message": ""}
    assert EditLock.objects.get().seen_at > first_seen

    assert ada.post(lock_url(live, "release")).status_code == 204
    assertNotContains(ben.get(change_url(live)), "has had this article open")


@pytest.mark.django_db
def test_an_editor_takes_over_with_a_note_the_holder_sees(desks, live):
    ada, ben = desks
    ada.get(change_url(live))
    ben.get(change_url(live))

    response = ben.post(
        lock_url(live, "take_over"), {"note": "Breaking news, I need it now"}
    )

    assert response.status_code == 302
    assert EditLock.objects.get().holder.username == "ben"
    check_in = ada.post(lock_url(live)).json()
    assert check_in["state"] == "taken"
    assert "ben took this article over" in check_in["message"]
    assert "Breaking news, I need it now" in check_in["message"]
    assertContains(ada.get(change_url(live)), "Breaking news, I need it now")


@pytest.mark.django_db
def test_lock_views_need_a_post_and_the_right_to_edit(desks, reporter_client, live):
    ada, _ = desks
    assert ada.get(lock_url(live)).status_code == 405
    # Reporters may not edit a published article, so may not lock it either.
    assert reporter_client.post(lock_url(live)).status_code == 404
    assert not EditLock.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_check_ins_work_outside_a_test_transaction(client, live, make_staff):
    """As on a real server, where each request has its own transactions."""
    client.force_login(make_staff("ada", "Editor"))
    assert client.get(change_url(live)).status_code == 200
    assert client.post(lock_url(live)).json()["state"] == "yours"
    assert client.post(lock_url(live, "take_over"), {"note": ""}).status_code == 302
    assert client.post(lock_url(live, "release")).status_code == 204
    not_an_id = reverse("admin:articles_article_lock", args=["not-an-id"])
    assert client.post(not_an_id).status_code == 404
