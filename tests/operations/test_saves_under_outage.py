"""A save is reported as saved exactly when it was committed: a database
that takes no writes is a 503 that keeps the editor's form, and nothing after
a commit turns it into a failure."""

from html.parser import HTMLParser

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from pytest_django.asserts import assertContains

from articles.models import Article
from tests.articles.admin.test_articles import change_form_data

FULL = OperationalError("database or disk is full")


@pytest.fixture
def writes_fail(monkeypatch):
    """Reads still work; every write fails, as on a full disk or a read-only
    database. Undo with monkeypatch.undo()."""
    execute = CursorWrapper.execute

    def read_only(self, sql, *args, **kwargs):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise FULL
        return execute(self, sql, *args, **kwargs)

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", read_only)
    return monkeypatch


@pytest.fixture
def story(make_article):
    return make_article(title="Council Approves Budget", body="<p>Vote.</p>")


class FormFields(HTMLParser):
    """The fields a page's form would post, as a browser sends them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.action, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def form_of(response):
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return parser.action, data


@pytest.mark.django_db
def test_a_save_the_database_cannot_take_is_a_503_that_keeps_the_text(
    editor_client, story, writes_fail
):
    change = reverse("admin:articles_article_change", args=[story.pk])
    edited = change_form_data(story, body="<p>Vote delayed to Friday.</p>")
    editor_client.raise_request_exception = False

    refused = editor_client.post(change, edited)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "30"
    assertContains(refused, "Not saved yet", status_code=503)
    assertContains(
        refused, "&lt;p&gt;Vote delayed to Friday.&lt;/p&gt;", status_code=503
    )
    assert Article.objects.get().body == "<p>Vote.</p>"

    # A minute later the database takes writes again: sent as kept, saved.
    writes_fail.undo()
    action, kept = form_of(refused)
    assert action == change
    saved = editor_client.post(action, kept)

    assert saved.status_code == 302
    assert Article.objects.get().body == "<p>Vote delayed to Friday.</p>"


@pytest.mark.django_db
def test_a_failed_sign_in_never_writes_the_password_back(client, editor, writes_fail):
    client.raise_request_exception = False

    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": "s3cret-pw"}
    )

    assert response.status_code == 503
    assert "s3cret-pw" not in response.content.decode()


@pytest.mark.django_db
def test_a_committed_save_is_reported_saved_though_the_session_cannot_be(
    editor_client, story, monkeypatch
):
    def session_store_fails(self, must_create=False):
        raise FULL

    monkeypatch.setattr(
        "django.contrib.sessions.backends.db.SessionStore.save", session_store_fails
    )
    editor_client.raise_request_exception = False
    change = reverse("admin:articles_article_change", args=[story.pk])

    response = editor_client.post(
        change, change_form_data(story, body="<p>Vote delayed.</p>")
    )

    assert response.status_code == 302
    assert Article.objects.get().body == "<p>Vote delayed.</p>"
    # A page only read is still the outage's 503: nothing was done.
    assert editor_client.get(change).status_code == 503


def cdn_down(dependencies):
    raise ConnectionError("CDN purge endpoint refused the connection")


@pytest.mark.django_db(transaction=True)
def test_a_committed_save_is_reported_saved_though_work_after_the_commit_fails(
    client, editor, make_article, settings, caplog
):
    story = make_article(title="Council Approves Budget", body="<p>Vote.</p>")
    settings.NEWSROOM_CDN_PURGE_BACKEND = f"{__name__}.cdn_down"
    client.force_login(editor)
    client.raise_request_exception = False
    change = reverse("admin:articles_article_change", args=[story.pk])

    response = client.post(change, change_form_data(story, body="<p>Delayed.</p>"))

    assert response.status_code == 302
    assert Article.objects.get().body == "<p>Delayed.</p>"
    assert "CDN purge endpoint refused" in caplog.text
