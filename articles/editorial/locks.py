"""Soft locks: who has an article open in the admin.

The change page claims the article for its user and then checks in every
HEARTBEAT while its user is active; a lock not seen for TIMEOUT has lapsed, so
it disappears by itself when the holder closes the page or goes idle. Locks
live in the database, so every app server sees the same ones.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from ..models import EditLock
from ..signals import edit_lock_taken_over

HEARTBEAT = timedelta(seconds=30)
TIMEOUT = timedelta(seconds=90)


def _when(moment):
    return date_format(timezone.localtime(moment), "N j, Y, H:i")


def _is_fresh(lock):
    return lock.seen_at >= timezone.now() - TIMEOUT


def _locked(article):
    return (
        EditLock.objects.select_for_update(of=("self",))
        .select_related("holder", "taken_from")
        .filter(article=article)
        .first()
    )


@transaction.atomic
def check_in(article, user):
    """Claim or keep the article for `user`, unless someone else holds it.

    Returns what the page should say: {"state": "yours" | "held" | "taken",
    "message": ...}.
    """
    now = timezone.now()
    lock = _locked(article)
    if lock is not None and lock.holder_id != user.pk and _is_fresh(lock):
        if lock.taken_from_id == user.pk:
            note = f" Their note: “{lock.note}”" if lock.note else ""
            return {
                "state": "taken",
                "message": f"{lock.holder} took this article over at "
                f"{_when(lock.since)}.{note} Your text is still in this page; "
                "saving it will show you what they changed first.",
            }
        return {"state": "held", "message": held_message(lock)}
    if lock is None:
        EditLock.objects.create(article=article, holder=user, since=now, seen_at=now)
    elif lock.holder_id == user.pk:
        lock.seen_at = now
        lock.save(update_fields=["seen_at"])
    else:
        _hand_over(lock, user, note="", taken_from=None)
    return {"state": "yours", "message": ""}


def held_message(lock):
    return (
        f"{lock.holder} has had this article open since {_when(lock.since)}. "
        "You can still edit; if you both save, the second save is refused and "
        "shown what changed."
    )


def others_lock(article, user):
    """The lock someone else holds on the article now, if any."""
    lock = (
        EditLock.objects.select_related("holder")
        .filter(article=article)
        .exclude(holder=user)
        .first()
    )
    return lock if lock is not None and _is_fresh(lock) else None


@transaction.atomic
def take_over(article, user, *, note):
    """Make `user` the holder, leaving `note` for the one taken over."""
    lock = _locked(article)
    if lock is None:
        now = timezone.now()
        EditLock.objects.create(article=article, holder=user, since=now, seen_at=now)
    elif lock.holder_id != user.pk:
        taken_from = lock.holder
        _hand_over(lock, user, note=note, taken_from=taken_from)
        edit_lock_taken_over.send(
            sender=EditLock,
            article=article,
            holder=user,
            taken_from=taken_from,
            note=note,
        )


def _hand_over(lock, user, *, note, taken_from):
    lock.holder = user
    lock.since = lock.seen_at = timezone.now()
    lock.taken_from = taken_from
    lock.note = note
    lock.save()


def release(article, user):
    """The holder left the page."""
    EditLock.objects.filter(article=article, holder=user).delete()
