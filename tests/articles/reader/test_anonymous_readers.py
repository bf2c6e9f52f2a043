"""An anonymous reader's page skips the session, sign-in and message
middleware (operations/sessions.py) and still gets what the full path
gives: the same HTML and the same headers, Vary: Cookie included."""

import pytest
from django.test import override_settings

from tests.public_pages import build_public_pages

DJANGO_MIDDLEWARE = {
    "operations.sessions.SessionMiddleware": (
        "operations.outages.CommittedWritesSessionMiddleware"
    ),
    "operations.sessions.AuthenticationMiddleware": (
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    ),
    "operations.sessions.OTPMiddleware": "django_otp.middleware.OTPMiddleware",
    "operations.sessions.MessageMiddleware": (
        "django.contrib.messages.middleware.MessageMiddleware"
    ),
}
# Different on every request, whatever the path: its id, and the time a
# never-cached page (previews) expires, which is the time of the answer.
PER_REQUEST_HEADERS = {"X-Request-ID", "Expires"}


def answer(client, url):
    response = client.get(url)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name not in PER_REQUEST_HEADERS
    }
    return response.status_code, headers, response.content


@pytest.mark.django_db
def test_every_public_page_is_the_same_without_the_session_machinery(
    client, settings, spector, make_image, author
):
    settings.NEWSROOM_PAGE_CACHE = False  # every request renders
    pages = build_public_pages(spector, make_image, author)
    full_path = [DJANGO_MIDDLEWARE.get(name, name) for name in settings.MIDDLEWARE]
    assert full_path != settings.MIDDLEWARE
    for name, (url, status) in pages.items():
        lean = answer(client, url)
        with override_settings(MIDDLEWARE=full_path):
            full = answer(client, url)
        assert lean[0] == status, name
        assert lean == full, name
        assert "Cookie" in lean[1].get("Vary", ""), name


@pytest.mark.django_db
def test_an_anonymous_readers_page_opens_no_session(client, settings, spector):
    settings.NEWSROOM_PAGE_CACHE = False
    response = client.get(spector.get_absolute_url())

    assert response.status_code == 200
    assert not hasattr(response.wsgi_request, "session")
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_signed_in_reader_still_has_their_session(admin_client, spector):
    response = admin_client.get(spector.get_absolute_url())

    assert response.status_code == 200
    assert response.wsgi_request.user.is_superuser
    assert "no-store" in response.headers["Cache-Control"]
