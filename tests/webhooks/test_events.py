"""Which events a change records, on every write path, in its transaction."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Correction
from webhooks.events import note_site_event
from webhooks.models import Delivery, Event, EventType


def recorded():
    return [(event.type, event.article_id) for event in Event.objects.order_by("pk")]


@pytest.mark.django_db
def test_each_change_is_the_right_event(make_endpoint, make_article, now):
    make_endpoint()
    article = make_article(title="Story", status=Article.Status.DRAFT)
    assert recorded() == []  # a draft is nobody's business

    article.publish()
    Event.objects.update(payload={})  # as if sent, so the next is not folded in
    article.title = "Story, revised"
    article.save()
    Event.objects.update(payload={})
    Correction.objects.create(article=article, text="A fix.")
    article.make_draft()
    article.publish()
    Event.objects.update(payload={})
    pk = article.pk
    article.delete()

    assert recorded() == [
        (EventType.PUBLISHED, pk),
        (EventType.UPDATED, pk),
        (EventType.CORRECTED, pk),
        (EventType.UNPUBLISHED, pk),
        (EventType.PUBLISHED, pk),
        (EventType.DELETED, pk),
    ]
    assert Event.objects.last().payload["article"]["id"] == pk


@pytest.mark.django_db
def test_changes_before_the_event_goes_out_are_folded_into_it(
    make_endpoint, make_article
):
    make_endpoint()
    article = make_article(title="Story")
    article.tags.add("harbour")
    article.title = "Story, revised"
    article.save()
    assert recorded() == [(EventType.PUBLISHED, article.pk)]


@pytest.mark.django_db
def test_a_change_rolled_back_tells_nobody(make_endpoint, make_article):
    make_endpoint()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(title="Story")
        raise RuntimeError
    assert recorded() == []
    assert Delivery.objects.count() == 0


@pytest.mark.django_db
def test_a_scheduled_article_is_told_at_its_time(
    make_endpoint, make_article, django_capture_on_commit_callbacks
):
    from webhooks.tasks import announce_if_live

    make_endpoint()
    moment = timezone.now() + timedelta(seconds=30)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Embargoed", published_at=moment)

    assert recorded() == []
    job = DBTaskResult.objects.get(task_path="webhooks.tasks.announce_if_live")
    assert job.run_after == moment
    assert job.args_kwargs["args"] == [article.pk]

    announce_if_live.call(article.pk)  # too early: a worker whose clock is behind
    assert recorded() == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    announce_if_live.call(article.pk)
    assert recorded() == [(EventType.PUBLISHED, article.pk)]


@pytest.mark.django_db
def test_deliveries_go_only_to_endpoints_that_want_the_event(
    make_endpoint, make_article
):
    wants_all = make_endpoint()
    wants_deletions = make_endpoint(events=[EventType.DELETED])
    make_endpoint(is_active=False)

    make_article(title="Story")

    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [wants_all.pk]
    assert not wants_deletions.deliveries.exists()


@pytest.mark.django_db
def test_front_page_events_have_an_extension_point(make_endpoint):
    """For issue 17's front page: its change signal calls note_site_event."""
    endpoint = make_endpoint(events=[EventType.FRONT_PAGE_CHANGED])

    event = note_site_event(EventType.FRONT_PAGE_CHANGED, {"slots": [1, 2]})

    assert event.payload == {"data": {"slots": [1, 2]}}
    assert endpoint.deliveries.get().event == event


@pytest.mark.django_db
def test_without_an_endpoint_that_wants_it_nothing_is_kept(make_endpoint, make_article):
    make_endpoint(events=[EventType.DELETED])
    article = make_article(title="Story")
    assert recorded() == []
    article.delete()
    assert [kind for kind, _ in recorded()] == [EventType.DELETED]
