import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from articles.editorial.revisions import revision
from notifications.models import Notification

pytestmark = pytest.mark.django_db
LIST = reverse("admin:notifications_notification_changelist")


def test_each_person_sees_only_their_own(client, people, submitted):
    with revision(user=people["ed"], comment=""):
        submitted.make_draft(note="Two sources, please.")
    client.force_login(people["rita"])
    page = client.get(LIST)
    assertContains(page, "ed sent “Harbour deal” back to draft.")
    assertContains(page, "Note: Two sources, please.")
    assertNotContains(page, "submitted “Harbour deal”")  # the editors'
    client.force_login(people["eve"])
    page = client.get(LIST)
    assertContains(page, "rita submitted “Harbour deal” for review.")
    assertNotContains(page, "ed sent")


def test_opening_one_marks_it_read_and_goes_to_the_article(client, people, submitted):
    client.force_login(people["ed"])
    header = '<span class="unread-count" aria-label="1 unread">(1)</span>'
    assertContains(client.get(reverse("admin:index")), header, html=True)
    mine = Notification.objects.get(recipient=people["ed"])
    response = client.get(
        reverse("admin:notifications_notification_open", args=[mine.pk])
    )
    assertRedirects(
        response,
        reverse("admin:articles_article_change", args=[submitted.pk]),
        fetch_redirect_response=False,
    )
    mine.refresh_from_db()
    assert mine.read_at is not None
    assertNotContains(client.get(reverse("admin:index")), "unread-count")


def test_nobody_opens_anothers_notification(client, people, submitted):
    eves = Notification.objects.get(recipient=people["eve"])
    client.force_login(people["ed"])
    url = reverse("admin:notifications_notification_open", args=[eves.pk])
    assert client.get(url).status_code == 404
    eves.refresh_from_db()
    assert eves.read_at is None


def test_opening_an_address_that_is_no_notification_is_a_404(client, people):
    client.force_login(people["ed"])
    url = reverse("admin:notifications_notification_open", args=["not-a-number"])
    assert client.get(url).status_code == 404


def test_marking_read_and_unread_in_bulk(client, people, submitted):
    client.force_login(people["ed"])
    mine = Notification.objects.get(recipient=people["ed"])
    client.post(
        LIST, {"action": "mark_read", "_selected_action": [mine.pk], "index": 0}
    )
    mine.refresh_from_db()
    assert mine.read_at is not None
    client.post(
        LIST, {"action": "mark_unread", "_selected_action": [mine.pk], "index": 0}
    )
    mine.refresh_from_db()
    assert mine.read_at is None


def test_the_email_setting_page_names_the_address(client, people):
    client.force_login(people["rita"])
    page = client.get(reverse("admin:notifications_emailpreference"))
    assertContains(page, "Notifications are emailed to rita@newsroom.test.")
    assertContains(page, "Email me my notifications")
