"""Sending to a real receiver on loopback, one worker's run at a time."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from webhooks.delivery import send_due
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.signing import REPLAY_WINDOW_SECONDS, is_valid, signature
from webhooks.targets import validate_target

from .receiver import Receiver


@pytest.fixture
def receiving(make_endpoint):
    """An endpoint at a receiver that answers as told."""

    def start(*answers, events=tuple(EventType.values)):
        endpoint = make_endpoint(events=events)
        receiver = Receiver(endpoint.secret, answers)
        endpoint.url = receiver.url
        endpoint.save()
        return endpoint, receiver

    return start


@pytest.mark.django_db
def test_a_delivery_is_signed_and_carries_the_published_article(
    receiving, make_article
):
    endpoint, receiver = receiving()
    with receiver:
        article = make_article(title="Harbour Reopens", body="<p>Boats.</p>")
        article.tags.add("harbour")
        send_due(endpoint.pk)
        ((kind, body),) = receiver.wait_for(1)

    _, headers, _ = receiver.received[0]
    assert kind == "article.published"
    assert headers["Newsroom-Event-Type"] == "article.published"
    assert headers["Newsroom-Event-Id"] == body["id"]
    assert body["article"]["headline"] == "Harbour Reopens"
    assert body["article"]["body_text"] == "Boats."
    # The tag added after the save, in the same piece of work, is there too.
    assert [tag["slug"] for tag in body["article"]["tags"]] == ["harbour"]
    assert body["article"]["canonical_url"].endswith("/news/harbour-reopens/")
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_signatures_and_the_replay_window():
    body = b'{"id": "x"}'
    now = int(time.time())
    signed = signature("secret", str(now), body)

    assert is_valid("secret", str(now), body, signed)
    assert not is_valid("other", str(now), body, signed)
    assert not is_valid("secret", str(now), body + b" ", signed)
    assert not is_valid("secret", str(now + 1), body, signed)
    old = str(now - REPLAY_WINDOW_SECONDS - 1)
    assert not is_valid("secret", old, body, signature("secret", old, body))
    assert not is_valid("secret", "soon", body, signed)


@pytest.mark.django_db
def test_a_failing_receiver_is_retried_with_backoff_then_gets_everything_in_order(
    receiving, make_article, settings
):
    settings.NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS = 0.3
    endpoint, receiver = receiving("500", "500")
    with receiver:
        article = make_article(title="Story")
        send_due(endpoint.pk)  # 500: backs off
        endpoint.refresh_from_db()
        assert endpoint.failures == 1
        first_wait = endpoint.retry_at - timezone.now()
        send_due(endpoint.pk)  # within the back-off: nothing is tried
        assert receiver.refused == 1
        time.sleep(0.35)
        # The first event's payload was fixed at its first attempt: this
        # change is an event of its own.
        article.title = "Story, revised"
        article.save()
        from articles.models import Correction

        Correction.objects.create(article=article, text="Fix.")
        send_due(endpoint.pk)  # 500 again, waits twice as long
        endpoint.refresh_from_db()
        assert endpoint.retry_at - timezone.now() > first_wait
        time.sleep(0.65)
        send_due(endpoint.pk)
        events = receiver.wait_for(3)

    assert [kind for kind, _ in events] == [
        "article.published",
        "article.updated",
        "article.corrected",
    ]
    assert events[0][1]["article"]["headline"] == "Story"
    assert events[1][1]["article"]["headline"] == "Story, revised"
    delivery = Delivery.objects.filter(event__type="article.published").get()
    assert [a.status_code for a in delivery.attempt_log.order_by("pk")] == [
        500,
        500,
        204,
    ]
    assert all(a.response_ms < 1000 for a in delivery.attempt_log.all())
    endpoint.refresh_from_db()
    assert endpoint.failures == 0


@pytest.mark.django_db
def test_a_receiver_that_is_down_costs_one_quick_attempt(make_endpoint, make_article):
    endpoint = make_endpoint()  # port 9 on loopback: nothing listens
    make_article(title="Story")
    started = time.monotonic()
    send_due(endpoint.pk)
    assert time.monotonic() - started < 2
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "ConnectionRefused" in delivery.last_error


@pytest.mark.django_db
def test_a_slow_receiver_times_out(receiving, make_article, settings):
    endpoint, receiver = receiving(3)
    with receiver:
        make_article(title="Story")
        started = time.monotonic()
        send_due(endpoint.pk)
        elapsed = time.monotonic() - started
    assert elapsed < settings.NEWSROOM_WEBHOOK_TIMEOUT + 1
    assert "timed out" in Delivery.objects.get().last_error


@pytest.mark.django_db
def test_a_delivery_gives_up_after_the_retry_period(
    make_endpoint, make_article, settings
):
    settings.NEWSROOM_WEBHOOK_RETRY_HOURS = 0
    endpoint = make_endpoint()
    make_article(title="Story")
    send_due(endpoint.pk)
    assert Delivery.objects.get().status == Delivery.Status.FAILED


@pytest.mark.django_db
def test_an_event_whose_article_went_back_to_draft_is_not_sent(receiving, make_article):
    endpoint, receiver = receiving()
    with receiver:
        article = make_article(title="Secret", body="<p>Secret body.</p>")
        article.make_draft()
        send_due(endpoint.pk)
        events = receiver.wait_for(1)
    assert [kind for kind, _ in events] == ["article.unpublished"]
    assert "Secret body" not in str(events)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.com/hook",
    ],
)
def test_private_loopback_and_link_local_targets_are_refused(settings, url):
    settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS = []
    with pytest.raises(ValidationError):
        validate_target(url)


@pytest.mark.django_db
def test_a_target_refused_at_delivery_time_is_not_contacted(
    make_endpoint, make_article, settings
):
    """An endpoint saved while allowed (or a name that since resolves to a
    private address) is checked again when sending."""
    endpoint = make_endpoint()
    make_article(title="Story")
    settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS = []
    send_due(endpoint.pk)
    assert "refused" in Delivery.objects.get().last_error


@pytest.mark.django_db
def test_admin_registers_endpoints_and_resends(admin_client, make_article, receiving):
    page = admin_client.get("/admin/webhooks/endpoint/add/")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/webhooks/endpoint/add/",
        {
            "url": "http://10.1.2.3/hook",
            "events": ["article.published"],
            "is_active": "on",
            "secret": "s3cret",
        },
    )
    assert response.status_code == 200  # refused: a private address
    assert not Endpoint.objects.exists()

    endpoint, receiver = receiving()
    with receiver:
        make_article(title="Story")
        send_due(endpoint.pk)
        receiver.wait_for(1)
        delivery = Delivery.objects.get()
        assert admin_client.get("/admin/webhooks/delivery/").status_code == 200
        assert (
            admin_client.get(
                f"/admin/webhooks/delivery/{delivery.pk}/change/"
            ).status_code
            == 200
        )
        admin_client.post(
            "/admin/webhooks/delivery/",
            {"action": "send_again", "_selected_action": [delivery.pk]},
        )
        send_due(endpoint.pk)
        events = receiver.wait_for(2)
    # The same event again, with the same id, so receivers can drop it.
    assert events[0][1]["id"] == events[1][1]["id"]


@pytest.mark.django_db
def test_the_job_queued_by_a_save_sends_it(receiving, make_article, run_tasks):
    """As the worker runs it: the save queued deliver_to in its transaction."""
    endpoint, receiver = receiving()
    with receiver:
        make_article(title="Story")
        assert receiver.received == []  # the save itself sent nothing
        run_tasks()
        ((kind, _),) = receiver.wait_for(1)
    assert kind == "article.published"
