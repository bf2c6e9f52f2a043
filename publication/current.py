"""The publication's details as pages read them: kept in each process's memory
and read again only when they, or anything else every page shows, change.

Saving the details gives the page cache's ``site`` dependency a new
generation (`invalidate`), which drops every cached page; each process keeps
its copy only under the generation it was read at (`kept_in_memory`), so it
notices the change at its next render, whichever server saved it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.publishing.cache import SITE, invalidate, kept_in_memory
from articles.reader.publisher import Publisher, from_settings

from .models import Publication


def current_publication():
    """The publication's details: the saved row, or the defaults while editors
    have saved none (unsaved, so reading costs no write)."""
    return kept_in_memory("publication", SITE, load_publication)


def load_publication():
    return (
        Publication.objects.select_related("logo", "logo_on_dark")
        .prefetch_related("logo__renditions", "logo_on_dark__renditions")
        .first()
    ) or Publication()


def publisher():
    """The core's Publisher (NEWSROOM_PUBLISHER names this function)."""
    publication = current_publication()
    logo = publication.logo and next(
        (r for r in publication.logo.renditions_for("article") if r.format == "jpeg"),
        None,
    )
    return Publisher(
        name=publication.name,
        logo_url=logo.file.url if logo else from_settings().logo_url,
    )


@receiver(post_save, sender=Publication)
@receiver(post_delete, sender=Publication)
def publication_changed(sender, instance, **kwargs):
    invalidate(SITE)
