"""Staff sign-in with a second factor: enrolment at the first sign-in, codes
from the app, single-use backup codes; and staff passwords' strength."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains

from .test_settings import REAL_SECRET, load_settings

PRINT_2FA = """
from django.conf import settings
print(settings.STAFF_REQUIRE_2FA)
"""


@pytest.mark.parametrize(
    ("environ", "required"),
    [
        ({}, "True"),
        ({"DJANGO_STAFF_2FA": "0"}, "False"),
        ({"DJANGO_DEBUG": "1"}, "False"),
        ({"DJANGO_DEBUG": "1", "DJANGO_STAFF_2FA": "1"}, "True"),
    ],
)
def test_two_factor_is_on_in_production_unless_turned_off(environ, required):
    result = load_settings(PRINT_2FA, DJANGO_SECRET_KEY=REAL_SECRET, **environ)
    assert result.stdout.strip() == required, result.stderr


@pytest.fixture
def two_factor(settings):
    settings.STAFF_REQUIRE_2FA = True
    # A wrong code holds the next try off for a second, then longer
    # (django-otp's throttling, tested there): only a wait here.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, code=None, password="pw"):
    fields = {"username": "editor", "password": password, "next": "/admin/"}
    if code is not None:
        fields["otp_token"] = code
    return client.post(reverse("admin:login"), fields, REMOTE_ADDR="203.0.113.7")


def app_code(device, steps_ahead=0):
    """The code the editor's phone shows now, or `steps_ahead` steps later."""
    step = int((time.time() - device.t0) // device.step) + steps_ahead
    return f"{hotp(device.bin_key, step, digits=device.digits):06d}"


def enrol(client):
    """Sign in for the first time and set up the app; the backup codes shown."""
    first = sign_in(client)
    assert first.status_code == 302
    page = client.get(first["Location"], follow=True)
    assertContains(page, "Set up two-factor sign-in")
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    confirmed = client.post(
        reverse("admin:two_factor_enrol"),
        {"otp_token": app_code(device), "next": "/admin/"},
    )
    assert confirmed.status_code == 200
    return device, re.findall(r"<li><code>(\w+)</code></li>", confirmed.text)


@pytest.mark.django_db
def test_first_sign_in_enrols_with_a_qr_code_then_shows_backup_codes(
    client, editor, two_factor
):
    response = sign_in(client)
    assert response.status_code == 302
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 302
    assert admin_page["Location"].startswith(reverse("admin:two_factor_enrol"))

    page = client.get(admin_page["Location"])
    assertContains(page, 'src="data:image/svg+xml;base64,')
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert "no-store" in page["Cache-Control"]

    wrong = client.post(reverse("admin:two_factor_enrol"), {"otp_token": "000000"})
    assertContains(wrong, "That code is wrong")
    assert client.get("/admin/").status_code == 302

    confirmed = client.post(
        reverse("admin:two_factor_enrol"),
        {"otp_token": app_code(device), "next": "/admin/"},
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", confirmed.text)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assertContains(confirmed, "not shown again")
    device.refresh_from_db()
    assert device.confirmed
    # This session was verified by the code just entered.
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_enrolled_staff_need_the_apps_code(client, editor, two_factor):
    device, _ = enrol(client)
    client.logout()

    without = sign_in(client)
    assertContains(without, "Enter the code from your authenticator app")
    assert not client.session.get("_auth_user_id")

    wrong = sign_in(client, "123456")
    assertContains(wrong, "That code is wrong")
    assert not client.session.get("_auth_user_id")

    # The next step's code: the enrolment used up the current one.
    later = sign_in(client, app_code(device, steps_ahead=1))
    assert later.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_backup_code_signs_in_once(client, editor, two_factor):
    _, codes = enrol(client)
    client.logout()

    assert sign_in(client, codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()

    again = sign_in(client, codes[0])
    assertContains(again, "already used")
    assert not client.session.get("_auth_user_id")
    # The others still work, as printed (spaces and capitals forgiven).
    assert sign_in(client, " " + codes[1].upper()).status_code == 302


@pytest.mark.django_db
def test_new_backup_codes_end_the_old_ones(client, editor, two_factor):
    _, old_codes = enrol(client)
    index = client.get(reverse("admin:index"))
    assertContains(index, f'href="{reverse("admin:two_factor_backup_codes")}"')

    page = client.get(reverse("admin:two_factor_backup_codes"))
    assertContains(page, "You have 10 unused backup codes")
    made = client.post(reverse("admin:two_factor_backup_codes"))
    new_codes = re.findall(r"<li><code>(\w+)</code></li>", made.text)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    # Shown once: the page now only counts them.
    assertNotContains(
        client.get(reverse("admin:two_factor_backup_codes")), new_codes[0]
    )
    client.logout()

    assertContains(sign_in(client, old_codes[0]), "already used")
    assert sign_in(client, new_codes[0]).status_code == 302


@pytest.mark.django_db
def test_staff_can_sign_out_before_enrolling(client, editor, two_factor):
    sign_in(client)
    enrolment = client.get(reverse("admin:two_factor_enrol"))
    assertContains(enrolment, f'action="{reverse("admin:logout")}"')

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_enrolment_is_only_for_staff_without_an_app(client, editor, two_factor):
    device, _ = enrol(client)
    client.logout()
    # A password alone, once the app is set up, cannot set up another.
    client.force_login(editor)

    response = client.get(reverse("admin:two_factor_enrol"))

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=editor).count() == 1
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_anonymous_visitors_cannot_reach_enrolment_or_backup_codes(client, two_factor):
    assert client.get(reverse("admin:two_factor_enrol")).status_code == 302
    codes = client.get(reverse("admin:two_factor_backup_codes"))
    assert codes.status_code == 302
    assert reverse("admin:login") in codes["Location"]


@pytest.mark.django_db
def test_a_password_only_session_is_not_staff_once_2fa_is_on(
    editor_client, editor, two_factor
):
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    "password",
    [
        "Xq7#mLp2vR",  # ten characters, otherwise strong
        "Zt9!kWq4rNs",  # eleven
        "password1234",  # twelve, but among the commonest passwords
    ],
)
def test_weak_staff_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="editor", is_staff=True))


def test_a_long_uncommon_password_is_accepted():
    validate_password("Xq7#mLp2vR-harbour", User(username="editor", is_staff=True))


@pytest.mark.django_db
def test_the_admin_refuses_a_short_password_for_new_staff(admin_client):
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "reporter",
            "password1": "Xq7#mLp2vR",
            "password2": "Xq7#mLp2vR",
            "usable_password": "true",
        },
    )
    assertContains(response, "at least 12 characters")
    assert not User.objects.filter(username="reporter").exists()
