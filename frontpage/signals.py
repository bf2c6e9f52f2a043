"""front_changed, and what changes which pages: an arrangement shapes the
fronts (the FRONT dependency), a banner every page (SITE)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from articles.publishing.cache import SITE, invalidate

from .models import FRONT, Arrangement, BreakingNews
from .tasks import banner_expires, front_takes_effect

# Sent, after the commit, when the front readers see changes: an arrangement
# saved to take effect at once, or a scheduled one whose time came (sent by
# the worker then). Arguments: front, arrangement.
front_changed = Signal()


def announce_front(arrangement):
    invalidate(FRONT)
    # Robust: a receiver that fails after the commit must not report the
    # committed arrangement as not saved.
    transaction.on_commit(
        lambda: front_changed.send(
            sender=Arrangement, front=arrangement.front, arrangement=arrangement
        ),
        robust=True,
    )


@receiver(post_save, sender=Arrangement)
def arrangement_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if instance.is_scheduled():
        # Pages expire at its time already (next_moment); the worker purges
        # the CDN then and tells the receivers.
        invalidate(FRONT)
        front_takes_effect.using(run_after=instance.takes_effect_at).enqueue_on_commit(
            instance.pk
        )
    else:
        announce_front(instance)


@receiver(post_delete, sender=Arrangement)
def arrangement_deleted(sender, instance, **kwargs):
    invalidate(FRONT)


@receiver(post_save, sender=BreakingNews)
def banner_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    invalidate(SITE)
    if instance.is_active() and instance.expires_at:
        banner_expires.using(run_after=instance.expires_at).enqueue_on_commit(
            instance.pk
        )


@receiver(post_delete, sender=BreakingNews)
def banner_deleted(sender, instance, **kwargs):
    invalidate(SITE)
