"""The worker's jobs at the moments fronts change by the clock alone. Each
may run more than once, or late: it only purges and tells again."""

from worker.tasks import background_task


@background_task
def front_takes_effect(arrangement_id):
    """At a scheduled arrangement's time: purge the pages it shapes from the
    CDN and tell front_changed's receivers (nothing if it was cancelled)."""
    from .models import Arrangement
    from .signals import announce_front

    arrangement = Arrangement.objects.filter(pk=arrangement_id).first()
    if arrangement is not None and not arrangement.is_scheduled():
        announce_front(arrangement)


@background_task
def banner_expires(banner_id):
    """At a banner's expiry: purge every page from the CDN (nothing if it was
    given a later expiry meanwhile)."""
    from articles.publishing.cache import SITE, invalidate

    from .models import BreakingNews

    banner = BreakingNews.objects.filter(pk=banner_id).first()
    if banner is not None and not banner.is_active():
        invalidate(SITE)
