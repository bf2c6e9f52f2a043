from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller

from articles.editorial.revisions import revision
from articles.models import Article

# Ports of this suite's SMTP servers on loopback (8400-8499 is ours).
SMTP_PORT = 8425
CLOSED_PORT = 8426  # nothing listens here: a mail server that is down


class Inbox:
    """Collects what the SMTP server receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    """Mail goes out by SMTP to loopback, as a site with DJANGO_EMAIL_HOST
    sends it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = SMTP_PORT
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "desk@newsroom.test"
    return settings


@contextmanager
def start_smtp_server():
    """A real SMTP server (aiosmtpd) listening on loopback; its inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_server(smtp_settings):
    with start_smtp_server() as inbox:
        yield inbox


@pytest.fixture
def mail_server_down(smtp_settings):
    smtp_settings.EMAIL_PORT = CLOSED_PORT
    return smtp_settings


@pytest.fixture
def people(make_staff):
    names = {
        "rita": "Reporter",
        "ray": "Reporter",
        "ed": "Editor",
        "eve": "Editor",
    }
    people = {}
    for name, role in names.items():
        people[name] = make_staff(name, role)
        people[name].email = f"{name}@newsroom.test"
        people[name].save()
    return people


@pytest.fixture
def submitted(make_article, people):
    """rita's draft, submitted for review by her."""
    with revision(user=people["rita"], comment=""):
        article = make_article(title="Harbour deal", status=Article.Status.DRAFT)
        article.submit_for_review()
    return article
