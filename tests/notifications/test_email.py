import json
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains

from articles.models import Article
from notifications.models import EmailPreference, Notification
from tests.articles.admin.test_articles import change_form_data
from tests.newsroom.test_settings import load_settings

from .conftest import SMTP_PORT, start_smtp_server

Email = Notification.Email
pytestmark = pytest.mark.django_db


@pytest.fixture
def rita_drafting(client, section, people):
    """A draft rita wrote in the admin."""
    client.force_login(people["rita"])
    data = {
        "title": "Harbour deal",
        "slug": "harbour-deal",
        "section": section.pk,
        "status": "draft",
        "base_version": 0,
        **{
            f"{inline}-{count}": 0
            for inline in ("corrections", "preview_links")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    return Article.objects.get(slug="harbour-deal")


def submit_in_admin(client, article):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, status="review"),
    )


def due_now():
    """Bring every waiting retry forward, as time passing would."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_reporters_submission_reaches_the_editors_by_smtp_and_in_the_admin(
    client, people, rita_drafting, smtp_server, run_tasks
):
    response = submit_in_admin(client, rita_drafting)
    assert response.status_code == 302
    assert smtp_server.messages == []  # nothing is sent inside the request
    run_tasks()
    sent = sorted(smtp_server.messages, key=lambda m: m.rcpt_tos)
    assert [m.rcpt_tos for m in sent] == [["ed@newsroom.test"], ["eve@newsroom.test"]]
    email = message_from_bytes(sent[0].content, policy=email_policy)
    assert email["Subject"].strip() == "rita submitted “Harbour deal” for review."
    assert email["From"] == "desk@newsroom.test"
    assert f"/admin/articles/article/{rita_drafting.pk}/change/" in (
        email.get_content()
    )
    assert set(Notification.objects.values_list("email", flat=True)) == {Email.SENT}

    client.force_login(people["ed"])
    page = client.get(reverse("admin:notifications_notification_changelist"))
    assertContains(page, "rita submitted “Harbour deal” for review.")
    assertContains(page, '<span class="unread-count" aria-label="1 unread">(1)</span>')


def test_a_save_succeeds_while_the_mail_server_is_down_and_is_retried(
    client, people, rita_drafting, mail_server_down, run_tasks, settings
):
    response = submit_in_admin(client, rita_drafting)
    assert response.status_code == 302
    assert Article.objects.get(pk=rita_drafting.pk).status == Article.Status.REVIEW
    run_tasks()
    failed = Notification.objects.filter(recipient=people["ed"]).get()
    assert failed.email == Email.FAILED
    assert "ConnectionRefusedError" in failed.email_error
    retry = DBTaskResult.objects.get(status="READY", args_kwargs__args=[failed.pk])
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    # The failure is visible to the person it concerns.
    client.force_login(people["ed"])
    page = client.get(reverse("admin:notifications_notification_changelist"))
    assertContains(page, "Failed, retrying after 1 attempts: ConnectionRefusedError")

    # The server comes back; the retry delivers.
    settings.EMAIL_PORT = SMTP_PORT
    with start_smtp_server() as inbox:
        due_now()
        run_tasks()
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [
        "ed@newsroom.test",
        "eve@newsroom.test",
    ]
    failed.refresh_from_db()
    assert failed.email == Email.SENT


def test_no_email_for_someone_who_turned_it_off(
    client, people, submitted, smtp_server, run_tasks
):
    client.force_login(people["eve"])
    response = client.post(
        reverse("admin:notifications_emailpreference"), {"wants_email": ""}
    )
    assert response.status_code == 302
    assert not EmailPreference.objects.get(user=people["eve"]).wants_email
    run_tasks()
    assert [m.rcpt_tos for m in smtp_server.messages] == [["ed@newsroom.test"]]
    eve_told = Notification.objects.get(recipient=people["eve"])
    assert eve_told.email == Email.OFF  # still in her list, only not emailed


PRINT_EMAIL_SETTINGS = """
import json
from django.conf import settings
print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS,
    settings.DEFAULT_FROM_EMAIL]))
"""


def test_email_is_configured_from_the_environment():
    console = load_settings(PRINT_EMAIL_SETTINGS, DJANGO_DEBUG="1")
    assert json.loads(console.stdout)[0] == (
        "django.core.mail.backends.console.EmailBackend"
    )
    smtp = load_settings(
        PRINT_EMAIL_SETTINGS,
        DJANGO_DEBUG="1",
        DJANGO_EMAIL_HOST="mail.example.org",
        DJANGO_EMAIL_PORT="587",
        DJANGO_EMAIL_HOST_USER="desk",
        DJANGO_EMAIL_HOST_PASSWORD="secret",
        DJANGO_EMAIL_USE_TLS="1",
        DJANGO_DEFAULT_FROM_EMAIL="desk@example.org",
    )
    assert json.loads(smtp.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        587,
        "desk",
        "secret",
        True,
        "desk@example.org",
    ]
