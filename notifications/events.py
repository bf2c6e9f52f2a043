"""Who is told of what: the desk's steps and lock take-overs become
notifications, written in the transaction that made the step, each with its
email queued for the worker in that same transaction."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.editorial.revisions import versions_of
from articles.models import EditLock
from articles.signals import edit_lock_taken_over
from desk.history import latest_by
from desk.models import Transition

from .models import Notification
from .tasks import announce_went_live, send_notification_email

Kind = Notification.Kind


def editors():
    """Active staff who may publish: the people a submission waits for."""
    may_publish = Permission.objects.filter(
        content_type__app_label="articles", codename="publish_article"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=may_publish)
            | Q(groups__permissions__in=may_publish)
        )
        .distinct()
    )


def creator_of(article):
    """Who created the article: the desk's record, else its first revision."""
    created = latest_by(article, Transition.Kind.CREATED)
    if created is not None:
        return created
    first = versions_of(article.pk).order_by("pk").first()
    return first.revision.user if first else None


def notify(recipients, *, kind, article, actor, note="", scheduled_for=None):
    """Tell each of `recipients` (but not the actor, nor anyone twice)."""
    told = set()
    for recipient in recipients:
        if recipient is None or recipient == actor or recipient.pk in told:
            continue
        told.add(recipient.pk)
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            article=article,
            actor=actor,
            note=note,
            scheduled_for=scheduled_for,
        )
        send_notification_email.enqueue_on_commit(notification.pk)


@receiver(post_save, sender=Transition)
def tell_of_step(sender, instance, created, **kwargs):
    if not created:
        return
    step, article = instance, instance.article
    common = {"article": article, "actor": step.by}
    match step.kind:
        case Transition.Kind.SUBMITTED:
            notify(editors(), kind=Kind.SUBMITTED, **common)
        case Transition.Kind.RETURNED:
            submitter = latest_by(article, Transition.Kind.SUBMITTED)
            notify([submitter], kind=Kind.RETURNED, note=step.note, **common)
        case Transition.Kind.PUBLISHED | Transition.Kind.SCHEDULED:
            people = [
                creator_of(article),
                latest_by(article, Transition.Kind.SUBMITTED),
            ]
            if step.kind == Transition.Kind.PUBLISHED:
                notify(people, kind=Kind.PUBLISHED, **common)
            else:
                notify(
                    people,
                    kind=Kind.SCHEDULED,
                    scheduled_for=step.scheduled_for,
                    **common,
                )
                announce_went_live.using(
                    run_after=step.scheduled_for
                ).enqueue_on_commit(step.pk)


@receiver(edit_lock_taken_over, sender=EditLock)
def tell_of_take_over(sender, *, article, holder, taken_from, note, **kwargs):
    notify([taken_from], kind=Kind.LOCK_TAKEN, article=article, actor=holder, note=note)
