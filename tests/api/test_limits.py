"""Rate limits per address and per key, and keys made and revoked in the
admin."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache

import api.limits
from api.limits import WINDOW_SECONDS
from api.models import PartnerKey, RateLimitWindow


@pytest.fixture(params=["database", "cache"])
def limits(request, settings, monkeypatch):
    # Counts are per clock minute: a test's requests must not straddle two.
    start = time.time() // WINDOW_SECONDS * WINDOW_SECONDS
    monkeypatch.setattr(api.limits, "time", SimpleNamespace(time=lambda: start + 1))
    settings.NEWSROOM_API_ANON_PER_MINUTE = 3
    settings.NEWSROOM_API_KEY_PER_MINUTE = 5
    settings.NEWSROOM_API_LIMIT_STORE = request.param
    cache.clear()
    return request.param


def statuses(client, count, **headers):
    return [
        client.get("/api/v1/sections/", headers=headers).status_code
        for _ in range(count)
    ]


@pytest.mark.django_db
def test_anonymous_clients_are_limited_per_address(client, section, limits):
    assert statuses(client, 4) == [200, 200, 200, 429]
    refused = client.get("/api/v1/sections/")
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["X-RateLimit-Remaining"] == "0"
    # Another address has its own count, cached answers count as well.
    assert client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.7").status_code == 200
    # Reader pages are not the API's business.
    assert client.get("/news/").status_code == 200


@pytest.mark.django_db
def test_a_key_has_its_own_limit(client, section, limits):
    _, key = PartnerKey.objects.create_key(name="Partner")
    _, generous = PartnerKey.objects.create_key(
        name="Big partner", requests_per_minute=8
    )

    assert statuses(client, 6, authorization=f"Api-Key {key}") == [200] * 5 + [429]
    assert statuses(client, 8, authorization=f"Api-Key {generous}") == [200] * 8
    assert statuses(client, 3) == [200] * 3  # the address's own count is apart


@pytest.mark.django_db
def test_a_revoked_or_made_up_key_is_refused(client, section, limits):
    record, key = PartnerKey.objects.create_key(name="Partner")
    record.revoked = True
    record.save()
    for presented in (key, "made.up"):
        response = client.get(
            "/api/v1/sections/", headers={"authorization": f"Api-Key {presented}"}
        )
        assert response.status_code == 401
        assert response.json()["error"] == "bad_key"


@pytest.mark.django_db
def test_the_database_count_is_one_row_per_client_and_minute(client, section, settings):
    settings.NEWSROOM_API_ANON_PER_MINUTE = 100
    settings.NEWSROOM_API_LIMIT_STORE = "database"
    statuses(client, 5)
    assert list(RateLimitWindow.objects.values_list("client", "requests")) == [
        ("address:127.0.0.1", 5)
    ]


@pytest.mark.django_db
def test_a_key_is_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post(
        "/admin/api/partnerkey/add/",
        {"name": "Wire partner", "requests_per_minute": "120", "contact": "ops@wire"},
        follow=True,
    )
    record = PartnerKey.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if " is: " in str(m)]
    key = message.split(" is: ")[1].split(". ")[0]

    assert PartnerKey.objects.get_from_key(key) == record
    assert key not in record.hashed_key
    change = admin_client.get(f"/admin/api/partnerkey/{record.pk}/change/")
    assert key not in change.content.decode()
    assert admin_client.get("/admin/api/partnerkey/").status_code == 200
    # The library's own key model, which the API does not read, is not offered.
    assert admin_client.get("/admin/rest_framework_api_key/apikey/").status_code == 404
