"""The admin's home page for staff: the day's work at a glance.

Every list is bounded (LIMIT rows) and costs the same few queries however
many articles there are. A Reporter sees their own work (articles they
created); anyone who may publish sees everyone's.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from reversion.models import Version

from articles.editorial.locks import TIMEOUT
from articles.models import Article, EditLock
from articles.reader.views import home_front

from .models import Transition

LIMIT = 10
PUBLISH_PERMISSION = "articles.publish_article"
Kind = Transition.Kind


def _latest(kind, field):
    """The `field` of each article's latest step of `kind`, as a subquery."""
    steps = Transition.objects.filter(article=OuterRef("pk"), kind=kind)
    return Subquery(steps.order_by("-at", "-pk").values(field)[:1])


def _listed(articles):
    """What a line of a list shows: no body, with the section."""
    return articles.select_related("section").defer("body", "dek")


def created_by(user):
    """Articles `user` created, as the workflow's record knows them."""
    return Article.objects.filter(
        desk_transitions__kind=Kind.CREATED, desk_transitions__by=user
    )


@dataclass
class Change:
    article: Article
    by: object
    at: datetime


class Dashboard:
    def __init__(self, user):
        self.user = user
        self.sees_everyones = user.has_perm(PUBLISH_PERMISSION)

    def _visible(self, articles):
        return articles if self.sees_everyones else articles & created_by(self.user)

    def scheduled_next(self):
        """The next scheduled articles, soonest first, with who scheduled each."""
        articles = Article.objects.scheduled()
        return list(
            _listed(self._visible(articles))
            .annotate(scheduled_by=_latest(Kind.SCHEDULED, "by__username"))
            .order_by("published_at", "pk")[:LIMIT]
        )

    def in_review(self):
        """Articles waiting for an editor, longest-waiting first."""
        articles = Article.objects.filter(status=Article.Status.REVIEW)
        return list(
            _listed(self._visible(articles))
            .annotate(
                submitted_at=_latest(Kind.SUBMITTED, "at"),
                submitted_by=_latest(Kind.SUBMITTED, "by__username"),
            )
            .order_by("updated_at", "pk")[:LIMIT]
        )

    def my_drafts(self):
        drafts = created_by(self.user).filter(status=Article.Status.DRAFT)
        return list(_listed(drafts).order_by("-updated_at", "-pk")[:LIMIT])

    def published_today(self):
        """Live articles published since midnight in the site's time zone."""
        midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
        articles = Article.objects.published().filter(published_at__gte=midnight)
        return list(
            _listed(self._visible(articles)).order_by("-published_at", "-pk")[:LIMIT]
        )

    def open_now(self):
        """Edit locks still checked in: who has which article open."""
        locks = EditLock.objects.filter(seen_at__gte=timezone.now() - TIMEOUT)
        if not self.sees_everyones:
            locks = locks.filter(article__in=created_by(self.user))
        return list(
            locks.select_related("article", "holder")
            .defer("article__body", "article__dek")
            .order_by("-since")[:LIMIT]
        )

    def changed_by_others(self):
        """The latest saves by someone else, one line per article."""
        versions = (
            Version.objects.get_for_model(Article)
            .exclude(revision__user=self.user)
            .filter(revision__user__isnull=False)
        )
        if not self.sees_everyones:
            own_ids = created_by(self.user).annotate(object_id=Cast("pk", CharField()))
            versions = versions.filter(object_id__in=own_ids.values("object_id"))
        # A few per article at most, so LIMIT articles are among these.
        recent = versions.select_related("revision__user").defer("serialized_data")
        recent = recent.order_by("-revision__date_created", "-pk")[: LIMIT * 3]
        latest = {}
        for version in recent:
            latest.setdefault(int(version.object_id), version.revision)
        articles = _listed(Article.objects).in_bulk(list(latest))
        return [
            Change(articles[pk], revision.user, revision.date_created)
            for pk, revision in latest.items()
            if pk in articles
        ][:LIMIT]

    def front_lead(self):
        """The story leading the home page: the editors' front's, else the
        newest, as the home page chooses."""
        return home_front()[1].lead
