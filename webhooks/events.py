"""What receivers are told, recorded in the same transaction as the change
(an outbox: a change that rolls back tells nobody, one that commits is told
for sure), and sent by the worker after commit (delivery.py).

`note_article()` compares what readers can see now with what receivers were
last told (ArticleState) and records published, updated, corrected or
unpublished accordingly; a scheduled article's moment is noted by a job
that runs at its publication time.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from api.serializers import ArticleSerializer
from articles.models import Article

from .models import ArticleState, Delivery, Endpoint, Event, EventType
from .queue import run_later

# What a later change can be folded into while it has not been sent yet: the
# receiver gets the article as it is when the event goes out.
FOLDABLE = (EventType.PUBLISHED, EventType.UPDATED)
# What the article's current state is sent with; the rest carry only its id.
WITH_ARTICLE = (EventType.PUBLISHED, EventType.UPDATED, EventType.CORRECTED)


def site_url(path):
    return urljoin(settings.NEWSROOM_SITE_URL, path)


class SiteRequest:
    """Stands in for a request when the API's serializers make absolute links."""

    def build_absolute_uri(self, path):
        return site_url(path)


def record(event_type, *, article_id=None, payload=None):
    """Record an event and a delivery to each active endpoint that wants it,
    and wake their senders once the transaction commits; nothing when no
    endpoint wants it."""
    events = record_many(event_type, [article_id], payload=payload)
    return events[0] if events else None


def record_many(event_type, article_ids, *, payload=None):
    """record() for each of `article_ids`, in three inserts, waking each
    endpoint's sender once."""
    from .tasks import deliver_to

    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.filter(is_active=True)
        if event_type in endpoint.events
    ]
    if not endpoints or not article_ids:
        return []  # nobody to tell: no row to keep
    events = Event.objects.bulk_create(
        Event(type=event_type, article_id=article_id, payload=payload)
        for article_id in article_ids
    )
    Delivery.objects.bulk_create(
        Delivery(event=event, endpoint=endpoint)
        for event in events
        for endpoint in endpoints
    )
    for endpoint in endpoints:
        run_later(deliver_to, endpoint.pk)
    return events


def gone_payload(article):
    """What an event about an article readers can no longer see may say."""
    return {
        "article": {
            "id": article.pk,
            "canonical_url": site_url(article.get_absolute_url()),
        }
    }


@transaction.atomic
def note_article(article_id, *, corrected=False, created=False):
    """Record what receivers must be told about the article now (`created`
    when its row was just inserted, as a restore of a deleted one is)."""
    from .tasks import announce_if_live

    article = Article.objects.filter(pk=article_id).select_related("section").first()
    if article is None:
        return
    state, _ = ArticleState.objects.select_for_update().get_or_create(
        article_id=article_id
    )
    if state.is_deleted:
        if not created:
            return
        state.is_deleted = False
        state.save()
    is_live = article.is_published()
    if is_live and not state.is_live:
        record(EventType.PUBLISHED, article_id=article_id)
    elif is_live and corrected:
        record(EventType.CORRECTED, article_id=article_id)
    elif is_live and not is_folded(article_id):
        record(EventType.UPDATED, article_id=article_id)
    elif state.is_live and not is_live:
        record(
            EventType.UNPUBLISHED, article_id=article_id, payload=gone_payload(article)
        )
    if state.is_live != is_live:
        state.is_live = is_live
        state.save()
    if article.is_scheduled():
        run_later(announce_if_live, article_id, at=article.published_at)


def note_created(articles):
    """note_article() for articles just created together (none scheduled):
    each live one is told as published, once; later changes in the same
    transaction would have been folded into that event."""
    ArticleState.objects.bulk_create(
        ArticleState(article_id=article.pk, is_live=article.is_published())
        for article in articles
    )
    record_many(
        EventType.PUBLISHED,
        [article.pk for article in articles if article.is_published()],
    )


def is_folded(article_id):
    """Whether the article's newest event is still unsent and will carry
    this change as well."""
    newest = Event.objects.filter(article_id=article_id).order_by("-pk").first()
    return newest is not None and newest.type in FOLDABLE and newest.payload is None


def note_deleted(article):
    """Tell receivers that a live article is gone (called as it is deleted)."""
    state, _ = ArticleState.objects.get_or_create(article_id=article.pk)
    if state.is_live:
        record(EventType.DELETED, article_id=article.pk, payload=gone_payload(article))
    state.is_live, state.is_deleted = False, True
    state.save()


def note_site_event(event_type, data):
    """Record an event that is not about one article (the front page
    changing, issue 17), with `data` as its payload."""
    return record(event_type, payload={"data": data})


def seal(event):
    """Fix the event's payload on its first sending; False if it has been
    superseded (the article it would show is no longer live)."""
    if event.payload is None:
        article = (
            Article.objects.published()
            .filter(pk=event.article_id)
            .select_related("section", "lead_image")
            .prefetch_related(
                "authors", "tags", "corrections", "lead_image__renditions"
            )
            .first()
        )
        if article is None:
            Event.objects.filter(pk=event.pk).update(is_superseded=True, payload={})
            event.is_superseded = True
            return False
        data = ArticleSerializer(article, context={"request": SiteRequest()}).data
        payload = {"article": json.loads(json.dumps(data, cls=DjangoJSONEncoder))}
        # Another worker may have sealed it meanwhile; its payload stands.
        Event.objects.filter(pk=event.pk, payload__isnull=True).update(payload=payload)
        event.refresh_from_db(fields=["payload", "is_superseded"])
    return not event.is_superseded


def body(event):
    """The JSON a delivery of a sealed `event` POSTs."""
    document = {
        "id": str(event.public_id),
        "type": event.type,
        "occurred_at": event.occurred_at,
        **event.payload,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
