from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.editorial.locks import check_in
from articles.editorial.revisions import revision
from articles.models import Article, Section
from frontpage.models import Front, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(make_article, make_staff, future, now):
    """A morning at the desk: rita (Reporter) and ed (Editor) at work."""
    rita = make_staff("rita", "Reporter")
    ed = make_staff("ed", "Editor")
    with revision(user=rita, comment=""):
        make_article(title="Rita's draft", status=Article.Status.DRAFT)
        make_article(title="Rita's story for review", status=Article.Status.REVIEW)
    with revision(user=ed, comment=""):
        make_article(title="Ed's draft", status=Article.Status.DRAFT)
        make_article(title="Ed's embargoed story", published_at=future)
        make_article(title="Ed's story this morning", published_at=now)
        opened = make_article(title="Yesterday's story")
    check_in(opened, ed)
    return {"rita": rita, "ed": ed}


def signed_in(client, user):
    client.force_login(user)
    return client


def test_editor_sees_everyones_work(client, day):
    page = signed_in(client, day["ed"]).get("/admin/")
    for shown in [
        "Ed&#x27;s embargoed story",  # scheduled next
        "Rita&#x27;s story for review",  # in review, by rita
        "Ed&#x27;s draft",  # my drafts
        "Ed&#x27;s story this morning",  # published today
        "open by ed",  # open right now
        "Rita&#x27;s draft",  # changed by someone else
    ]:
        assertContains(page, shown)
    assertContains(
        page, '<td data-label="Submitted by">rita</td>', html=True
    )  # who submitted it
    assertContains(
        page, '<td data-label="Scheduled by">ed</td>', html=True
    )  # who scheduled


def test_reporter_sees_their_own_work(client, day):
    page = signed_in(client, day["rita"]).get("/admin/")
    assertContains(page, "Rita&#x27;s story for review")
    assertContains(page, "Rita&#x27;s draft")
    assertNotContains(page, "Ed&#x27;s embargoed story")
    assertNotContains(page, "Ed&#x27;s draft")


def test_dashboard_names_the_front_pages_lead(client, day):
    page = signed_in(client, day["ed"]).get("/admin/")
    lead = page.context["dashboard"].front_lead()
    assert lead.title == "Ed's story this morning"
    assertContains(page, "Leading the front page")


def test_site_apps_are_for_superusers_only(client, day):
    page = signed_in(client, day["ed"]).get("/admin/")
    for hidden in ["Tags", "Access attempts", "TOTP devices", "Task results"]:
        assertNotContains(page, hidden)
    assertContains(page, "Articles")
    root = User.objects.create_superuser("root", password="pw")
    page = signed_in(client, root).get("/admin/")
    assertContains(page, "Site administration")
    for shown in ["Tags", "Access attempts", "TOTP devices"]:
        assertContains(page, shown)


def test_dashboard_costs_a_fixed_number_of_queries_at_100000_articles(
    client, day, django_assert_max_num_queries
):
    section = Section.objects.create(name="Archive", slug="archive-section")
    now = timezone.now()
    Article.objects.bulk_create(
        (
            Article(
                title=f"Archive story {n}",
                slug=f"archive-story-{n}",
                section=section,
                status=(Article.Status.PUBLISHED, Article.Status.DRAFT)[n % 2],
                published_at=now - timedelta(minutes=n),
            )
            for n in range(100_000)
        ),
        batch_size=5_000,
    )
    signed_in(client, day["ed"])
    # Signing in and permissions take 4, the session its save 3, the lists 7,
    # the front's lead 4 (the newest ids, the cards, and the arrangement and
    # section list the process then keeps in memory) and the unread
    # notifications 1.
    with django_assert_max_num_queries(19):
        page = client.get("/admin/")
    assert page.status_code == 200
    assertContains(page, "Ed&#x27;s embargoed story")
    assert len(page.context["dashboard"].published_today()) == 10


def test_the_lead_is_the_one_the_editors_placed_on_the_front(
    client, day, make_article, past
):
    older = make_article(title="An older story placed as lead", published_at=past)
    front = Front.objects.create()
    Placement.objects.create(front=front, article=older, position=1)
    front.keep_arrangement(user=day["ed"])
    page = signed_in(client, day["ed"]).get("/admin/")
    assert page.context["dashboard"].front_lead().pk == older.pk
    assertContains(page, "An older story placed as lead</a>")
