import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify
from django_tasks_db.management.commands.db_worker import Worker

from articles.models import Article, Author, Section
from images.models import Image
from worker.models import WorkerHeartbeat

from . import imagefiles


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def past(now):
    return now - timedelta(days=1)


@pytest.fixture
def future(now):
    return now + timedelta(days=1)


@pytest.fixture
def section(db):
    return Section.objects.create(name="News", slug="news")


@pytest.fixture
def make_article(section, past):
    """Build articles through the same save() every other write path uses."""

    def make(**fields):
        fields.setdefault("title", "Headline")
        fields.setdefault("slug", slugify(fields["title"]))
        fields.setdefault("section", section)
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", past)
        return Article.objects.create(**fields)

    return make


@pytest.fixture
def spector(db):
    """The demo fixture's SpecTor article, loaded as `make run` loads it."""
    call_command("loaddata", "spector", verbosity=0)
    return Article.objects.get(
        slug="record-seizures-arrests-after-operation-targets-internet-opioid-trafficking"
    )


@pytest.fixture
def author(db):
    return Author.objects.create(name="Ada Reporter", slug="ada-reporter")


@pytest.fixture
def editor(db):
    """Staff who may change articles, but are not superusers."""
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["articles", "images"])
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh, empty folder for each test's uploads (and one for originals)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_image(db):
    """Add a photo to the image library the way any upload is added."""

    def make(content=None, **fields):
        fields.setdefault("alt_text", "Firefighters on a ladder")
        content = content or imagefiles.photo()
        return Image.objects.create(file=imagefiles.upload(content), **fields)

    return make


@pytest.fixture
def make_staff(db):
    """Staff users in one of the roles the migrations create."""

    def make(username, role):
        user = User.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def desks(make_staff):
    """Two editors, ada and ben, each signed in in a browser of their own."""
    clients = []
    for name in ("ada", "ben"):
        client = Client()
        client.force_login(make_staff(name, "Editor"))
        clients.append(client)
    return clients


@pytest.fixture
def reporter_client(client, make_staff):
    client.force_login(make_staff("reporter", "Reporter"))
    return client


@pytest.fixture
def live(make_article, author):
    """A published article with a byline and a tag, as readers see it."""
    article = make_article(title="Live Headline", body="<p>Live body.</p>")
    article.authors.add(author)
    article.tags.add("Budget")
    return article


@pytest.fixture(autouse=True)
def page_cache_namespace(settings):
    """A cache namespace of its own for each test: no test is served a page
    another cached (the cache outlives each test's database)."""
    settings.NEWSROOM_PAGE_CACHE_NAMESPACE = uuid.uuid4().hex


@pytest.fixture
def run_tasks(db, monkeypatch):
    """Run here and now every task that is due, as `manage.py db_worker`
    would, retries included (a retry waits for its time, like any worker)."""
    # Its loop closes old connections as a request would; the test's
    # transaction must outlive it, as Django's test client keeps it open.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )

    def run():
        Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="tests",
        ).run()

    return run


@pytest.fixture
def worker_heard_from(db):
    """Record a background worker whose last heartbeat was `seconds_ago`."""

    def heard_from(seconds_ago=0, worker_id="tests"):
        heard_at = timezone.now() - timedelta(seconds=seconds_ago)
        return WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname="localhost",
            pid=1,
            started_at=heard_at - timedelta(hours=1),
            last_seen_at=heard_at,
        )

    return heard_from


@pytest.fixture
def live_worker(worker_heard_from, settings):
    """A background worker heard from just now, as on a running site; the
    lease outlasts any test, so it stays alive while the test runs."""
    settings.NEWSROOM_WORKER_LEASE_SECONDS = 3600
    return worker_heard_from(seconds_ago=0)


@pytest.fixture(autouse=True)
def api_limits_off(settings):
    """The content API's rate limits stay out of tests that fetch it many
    times; tests/api/test_limits.py turns them on."""
    settings.NEWSROOM_API_ANON_PER_MINUTE = 0
    settings.NEWSROOM_API_KEY_PER_MINUTE = 0
