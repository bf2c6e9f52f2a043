"""The workflow's record: each step articles announces becomes a Transition,
and the questions the desk asks of it (who made, submitted or scheduled an
article) are answered here."""

from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article
from articles.signals import article_transitioned, articles_created

from .models import Transition

Kind = Transition.Kind


def kinds_of_step(*, created, previous_status, status, published_at):
    """The Transition kinds one save makes, in order."""
    kinds = [Kind.CREATED] if created else []
    if status == Article.Status.REVIEW:
        kinds.append(Kind.SUBMITTED)
    elif status == Article.Status.PUBLISHED:
        future = published_at is not None and published_at > timezone.now()
        kinds.append(Kind.SCHEDULED if future else Kind.PUBLISHED)
    elif previous_status == Article.Status.REVIEW:
        kinds.append(Kind.RETURNED)
    elif previous_status == Article.Status.PUBLISHED:
        kinds.append(Kind.UNPUBLISHED)
    return kinds


@receiver(article_transitioned)
def record_step(sender, *, article, created, previous_status, by, note, **kwargs):
    kinds = kinds_of_step(
        created=created,
        previous_status=previous_status,
        status=article.status,
        published_at=article.published_at,
    )
    now = timezone.now()
    for kind in kinds:
        # Created one at a time, so each sends post_save (notifications).
        Transition.objects.create(
            article=article,
            kind=kind,
            by=by,
            at=now,
            note=note if kind == Kind.RETURNED else "",
            scheduled_for=article.published_at if kind == Kind.SCHEDULED else None,
        )


@receiver(articles_created)
def record_created(sender, *, articles, by, **kwargs):
    """The steps of articles created together (none scheduled), in one
    insert. Such rows send no post_save, and need none: notifications would
    tell only the creator of a new article's steps, who took them."""
    now = timezone.now()
    Transition.objects.bulk_create(
        Transition(article=article, kind=kind, by=by, at=now)
        for article in articles
        for kind in kinds_of_step(
            created=True,
            previous_status=None,
            status=article.status,
            published_at=article.published_at,
        )
    )


def latest(article, kind):
    """The article's latest step of `kind`, or None."""
    return (
        Transition.objects.filter(article=article, kind=kind)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )


def latest_by(article, kind):
    """Who took the article's latest step of `kind`, if anyone we know."""
    step = latest(article, kind)
    return step.by if step else None
