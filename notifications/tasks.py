"""The worker's side of notifications: sending each email, and noticing the
moment a scheduled article goes live. Both are safe to run more than once."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from desk.models import Transition
from worker.tasks import attempts_allowed, background_task

from .models import Notification, wants_email

Email = Notification.Email


@background_task(max_attempts=8, retry_delay=timedelta(minutes=1))
def send_notification_email(notification_id: int) -> None:
    """Email one notification. A mail server that is down or refuses it
    raises, so the worker tries again later; the notification shows the
    failure meanwhile."""
    notification = (
        Notification.objects.select_related("recipient", "article", "actor")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.email in (Email.SENT, Email.OFF):
        return
    recipient = notification.recipient
    unsent = Notification.objects.filter(pk=notification.pk)
    if not recipient.email or not wants_email(recipient):
        unsent.update(email=Email.OFF)
        return
    try:
        send_mail(
            subject=notification.message(),
            message=email_text(notification),
            from_email=None,  # DEFAULT_FROM_EMAIL
            recipient_list=[recipient.email],
        )
    except Exception as error:
        attempts = notification.email_attempts + 1
        last = attempts >= attempts_allowed(send_notification_email)
        unsent.update(
            email=Email.GIVEN_UP if last else Email.FAILED,
            email_attempts=F("email_attempts") + 1,
            email_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    unsent.update(email=Email.SENT, email_attempts=F("email_attempts") + 1)


def email_text(notification):
    lines = [notification.message()]
    if notification.note:
        lines += ["", f"Their note: {notification.note}"]
    address = settings.NEWSROOM_SITE_URL.rstrip("/") + notification.get_absolute_url()
    lines += [
        "",
        f"Open it: {address}",
        "",
        "You get these emails because you work on the desk. To stop them, "
        "untick “email me my notifications” under Notifications in the "
        "editor panel.",
    ]
    return "\n".join(lines)


@background_task(max_attempts=5)
def announce_went_live(transition_id: int) -> None:
    """At a scheduled article's time: tell whoever scheduled it, if that
    scheduling still stands and the article is live."""
    step = (
        Transition.objects.select_related("by", "article")
        .filter(pk=transition_id)
        .first()
    )
    if step is None or step.by is None:
        return
    article = step.article
    # Rescheduled or unpublished since: a later step speaks for it.
    still_stands = (
        Article.objects.published()
        .filter(pk=article.pk, published_at=step.scheduled_for)
        .exists()
    )
    told = Notification.objects.filter(
        kind=Notification.Kind.WENT_LIVE, article=article, created_at__gte=step.at
    )
    if not still_stands or told.exists():
        return
    notification = Notification.objects.create(
        recipient=step.by,
        kind=Notification.Kind.WENT_LIVE,
        article=article,
        created_at=timezone.now(),
    )
    send_notification_email.enqueue_on_commit(notification.pk)
