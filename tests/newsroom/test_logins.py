"""Login throttling: a username from one address is locked after 5 failures."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
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


@pytest.fixture
def totp_device(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.django_db
def test_second_factor_is_required_when_switched_on(client, settings, totp_device):
    settings.STAFF_REQUIRE_2FA = True

    without_code = sign_in(client, "pw")
    assert without_code.status_code == 200
    assertContains(without_code, "otp_token")

    with_code = client.post(
        reverse("admin:login"),
        {
            "username": "editor",
            "password": "pw",
            "otp_device": totp_device.persistent_id,
            "otp_token": current_code(totp_device),
        },
        REMOTE_ADDR="203.0.113.7",
    )
    assert with_code.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_wrong_code_is_refused(client, settings, totp_device):
    settings.STAFF_REQUIRE_2FA = True
    response = client.post(
        reverse("admin:login"),
        {
            "username": "editor",
            "password": "pw",
            "otp_device": totp_device.persistent_id,
            "otp_token": "000000",
        },
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 200
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_session_signed_in_by_password_alone_is_not_staff_once_2fa_is_on(
    editor_client, settings
):
    settings.STAFF_REQUIRE_2FA = True
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


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
