"""Login throttling: a username from one address is locked after 5 failures;
sessions' lifetimes. The second factor is in test_two_factor.py."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from operations.security import client_ip


def sign_in(client, password, address="203.0.113.7", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture
def locked_out(client, editor):
    for _ in range(5):
        sign_in(client, "wrong")
    return client


@pytest.mark.django_db
def test_five_failures_lock_the_pair_with_429(locked_out):
    response = sign_in(locked_out, "pw")  # even the right password

    assert response.status_code == 429
    assertContains(response, "Too many failed sign-in attempts", status_code=429)
    assertContains(response, "paused for 15 minutes", status_code=429)


@pytest.mark.django_db
def test_four_failures_do_not_lock(client, editor):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "pw").status_code == 302


@pytest.mark.django_db
def test_the_same_editor_can_still_sign_in_from_elsewhere(locked_out):
    # Locking by address alone (axes' default) would let anyone lock editors out.
    assert sign_in(locked_out, "pw", address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_lock_lifts_after_fifteen_minutes(locked_out, settings):
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    assert sign_in(locked_out, "pw").status_code == 302


@pytest.mark.django_db
def test_command_unlocks_an_editor(locked_out):
    call_command("axes_reset_username", "editor", verbosity=0)
    assert sign_in(locked_out, "pw").status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        # Not from our proxy: its X-Forwarded-For is the client's own claim.
        ("203.0.113.7", "1.2.3.4", "203.0.113.7"),
        ("10.0.0.2", "198.51.100.9", "198.51.100.9"),
        # A client's forged entry sits left of what our proxy appended.
        ("10.0.0.2", "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        ("10.0.0.2", "198.51.100.9, 10.0.0.3", "198.51.100.9"),
    ],
)
def test_client_address_is_taken_from_trusted_proxies_only(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lockout_behind_the_proxy_is_per_client(client, editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    for _ in range(5):
        sign_in(client, "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6")

    other_reader = sign_in(
        client, "pw", address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert other_reader.status_code == 302


@pytest.mark.django_db
def test_session_ends_at_its_absolute_age_however_active(editor_client, settings):
    assert editor_client.get(reverse("admin:index")).status_code == 200
    session = editor_client.session
    session["signed_in_at"] -= settings.SESSION_ABSOLUTE_AGE + 1
    session.save()

    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_session_is_renewed_by_activity(editor_client, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    response = editor_client.get(reverse("admin:index"))
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
