import pytest

from webhooks.models import Endpoint, EventType


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    """Receivers in these tests listen on loopback, which the site refuses
    unless told otherwise."""
    settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS = 1
    settings.NEWSROOM_WEBHOOK_CONNECT_TIMEOUT = 1
    settings.NEWSROOM_WEBHOOK_TIMEOUT = 1
    settings.NEWSROOM_WEBHOOK_BATCH_SECONDS = 5


@pytest.fixture
def make_endpoint(db):
    def make(url="http://127.0.0.1:9/hooks", events=tuple(EventType.values), **fields):
        return Endpoint.objects.create(url=url, events=list(events), **fields)

    return make
