"""Webhooks end to end: the background worker (`manage.py db_worker`) in a
process of its own sends to a real receiver on loopback, which checks every
signature; receivers that are down, slow or failing, and a worker killed
mid-delivery."""

import time

import pytest

from tests.live_site import LiveSite

from .receiver import Receiver

SECRET = "receiver-secret"
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(
        tmp_path_factory.mktemp("webhooks-site"),
        NEWSROOM_WEBHOOK_ALLOWED_NETWORKS="127.0.0.0/8",
        NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS="0.5",
        NEWSROOM_WEBHOOK_CONNECT_TIMEOUT="1",
        NEWSROOM_WEBHOOK_TIMEOUT="2",
        NEWSROOM_WEBHOOK_BATCH_SECONDS="2",
    ).migrate()
    site.shell(
        "from articles.models import Section; "
        "Section.objects.create(name='News', slug='news')"
    )
    yield site
    site.stop()


@pytest.fixture
def fresh(site):
    """No endpoints, events, articles or jobs left by the test before."""
    site.shell(
        """
from django_tasks_db.models import DBTaskResult
from articles.models import Article
from webhooks.models import Endpoint, Event, ArticleState
Endpoint.objects.all().delete(); Event.objects.all().delete()
Article.objects.all().delete(); ArticleState.objects.all().delete()
DBTaskResult.objects.all().delete()
"""
    )
    yield site
    site.stop()


def add_endpoint(site, url):
    site.shell(
        "from webhooks.models import Endpoint, EventType; "
        f"Endpoint.objects.create(url={url!r}, secret={SECRET!r}, "
        "events=list(EventType.values))"
    )


def publish(site, title, *, in_seconds=0):
    """Publish (or schedule) an article; (id, its time, how long the save took)."""
    return site.shell(
        f"""
import json, time
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Section
started = time.monotonic()
article = Article.objects.create(
    title={title!r}, section=Section.objects.get(slug="news"), status="published",
    published_at=timezone.now() + timedelta(seconds={in_seconds}), body="<p>Text.</p>")
took = time.monotonic() - started
print(json.dumps([article.pk, article.published_at.timestamp(), took]))
"""
    )


def revise_and_correct(site, pk):
    site.shell(
        f"""
from articles.models import Article, Correction
article = Article.objects.get(pk={pk})
article.title += ", revised"
article.save()
Correction.objects.create(article=article, text="A fix.")
"""
    )


def in_order_per_article(events):
    """(article id, type) in the order each event id first arrived."""
    seen, order = set(), []
    for kind, body in events:
        if body["id"] not in seen:
            seen.add(body["id"])
            order.append((body["article"]["id"], kind))
    return order


def test_a_scheduled_story_reaches_the_receiver_within_seconds_of_going_live(fresh):
    with Receiver(SECRET) as receiver:
        add_endpoint(fresh, receiver.url)
        fresh.start_worker()
        pk, goes_live_at, _ = publish(fresh, "Embargoed budget", in_seconds=4)

        ((kind, body),) = receiver.wait_for(1, timeout=30)

    arrived_at = receiver.received[0][0]
    assert kind == "article.published"
    assert body["article"]["id"] == pk
    assert body["article"]["headline"] == "Embargoed budget"
    assert goes_live_at <= arrived_at < goes_live_at + 3
    assert receiver.refused == 0  # every delivery's signature checked out


def test_a_receiver_back_from_an_outage_gets_every_event_in_order(fresh):
    with Receiver(SECRET) as probe:
        url, port = probe.url, probe.port  # a port that is then closed
    add_endpoint(fresh, url)
    fresh.start_worker()
    first, _, _ = publish(fresh, "First")
    time.sleep(1.5)  # its first attempt fails: the receiver is down
    revise_and_correct(fresh, first)
    second, _, _ = publish(fresh, "Second")
    time.sleep(2)

    with Receiver(SECRET, port=port) as receiver:
        events = receiver.wait_for(4, timeout=40)

    order = in_order_per_article(events)
    assert [kind for pk, kind in order if pk == first] == [
        "article.published",
        "article.updated",
        "article.corrected",
    ]
    assert [kind for pk, kind in order if pk == second] == ["article.published"]
    assert len({body["id"] for _, body in events}) == 4


def test_a_receiver_answering_500_for_a_while_gets_everything(fresh):
    with Receiver(SECRET, answers=["500"] * 3) as receiver:
        add_endpoint(fresh, receiver.url)
        fresh.start_worker()
        first, _, _ = publish(fresh, "First")
        second, _, _ = publish(fresh, "Second")
        events = receiver.wait_for(2, timeout=40)

    assert receiver.refused == 3
    assert [(body["article"]["id"], kind) for kind, body in events] == [
        (first, "article.published"),
        (second, "article.published"),
    ]
    logged = fresh.shell(
        "import json; from webhooks.models import Attempt; "
        "print(json.dumps(list(Attempt.objects.order_by('pk')"
        ".values_list('status_code', flat=True))))"
    )
    assert logged == [500, 500, 500, 204, 204]


def test_a_slow_receiver_slows_neither_a_save_nor_the_others(fresh):
    with Receiver(SECRET, answers=[10] * 5) as slow, Receiver(SECRET) as quick:
        add_endpoint(fresh, slow.url)
        add_endpoint(fresh, quick.url)
        fresh.start_worker()
        _, published_at, save_took = publish(fresh, "Story")
        quick.wait_for(1, timeout=20)

    assert save_took < 1
    # At most one timed-out attempt of the slow one before it (2 s each).
    assert quick.received[0][0] - published_at < 2 + 3


def test_a_worker_killed_mid_delivery_is_taken_over(fresh):
    with Receiver(SECRET, answers=[1.5]) as receiver:
        add_endpoint(fresh, receiver.url)
        worker = fresh.start_worker()
        pk, _, _ = publish(fresh, "Story")
        deadline = time.monotonic() + 10
        while not receiver.arrivals and time.monotonic() < deadline:
            time.sleep(0.02)
        assert receiver.arrivals == 1, "the first attempt never started"
        fresh.kill(worker)  # while the receiver is still answering
        fresh.start_worker()
        events = receiver.wait_for(2, timeout=40)

    # At least once: the receiver may have taken the first attempt too, and
    # drops the repeat by its id.
    assert {body["id"] for _, body in events} == {events[0][1]["id"]}
    assert in_order_per_article(events) == [(pk, "article.published")]
