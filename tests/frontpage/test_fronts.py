"""Fronts as readers see them once editors arrange them in the admin: the
placed stories lead, unfilled places take the newest, and only what
published() allows is ever shown, at once and at a scheduled second."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, Section
from articles.reader import views as reader_views
from frontpage.models import Arrangement, Front, current_front
from frontpage.signals import front_changed
from tests.articles.reader.test_views import QUERY_BUDGET
from webhooks.models import Endpoint, EventType

from .conftest import change_url, management
from .test_banner import purged


@pytest.fixture
def image(make_image):
    return make_image()


@pytest.fixture
def reader(db):
    """An anonymous reader, served from the page cache."""
    return Client()


@pytest.fixture
def stories(make_article, now):
    """Ten published stories, the newest first."""
    return [
        make_article(title=f"Story {n}", published_at=now - timedelta(hours=n + 1))
        for n in range(10)
    ]


def headlines(reader, url="/"):
    """The cards' headlines on a reader's page, in page order."""
    html = reader.get(url).content.decode()
    return re.findall(r'class="story-title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.mark.django_db
def test_an_older_story_leads_and_two_others_go_on_top_at_once(
    reader, home_front, arrange, stories
):
    assert headlines(reader)[0] == "Story 0"  # and the page is cached
    response = arrange(home_front, [stories[7], stories[5], stories[9]])
    assert response.status_code == 302

    # The lead, then the top stories: the placed ones, then the newest.
    assert headlines(reader)[:5] == [
        "Story 7",
        "Story 5",
        "Story 9",
        "Story 0",
        "Story 1",
    ]
    kept = Arrangement.objects.get()
    assert kept.stories == [stories[7].pk, stories[5].pk, stories[9].pk]
    assert kept.saved_by.username == "eve"


@pytest.mark.django_db
def test_a_scheduled_front_takes_effect_at_its_second(
    reader, home_front, arrange, stories, now, monkeypatch
):
    at = (now + timedelta(minutes=30)).replace(microsecond=0)
    arrange(home_front, [stories[8]], takes_effect_at=at)

    response = reader.get("/")
    assert headlines(reader)[0] == "Story 0"
    # Neither this server's cache nor a CDN keeps the page past that second.
    max_age = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert max_age <= 30 * 60

    monkeypatch.setattr(timezone, "now", lambda: at - timedelta(seconds=1))
    assert headlines(reader)[0] == "Story 0"
    monkeypatch.setattr(timezone, "now", lambda: at)
    assert headlines(reader)[0] == "Story 8"


@pytest.mark.django_db
def test_a_placed_draft_shows_only_while_published(
    reader, home_front, arrange, stories, make_article
):
    draft = make_article(title="Secret Scoop", status=Article.Status.DRAFT)
    arrange(home_front, [draft, stories[6]])

    assertNotContains(reader.get("/"), "Secret Scoop")
    # Its place is not left empty: the next placed story leads.
    assert headlines(reader)[:2] == ["Story 6", "Story 0"]

    draft.publish()
    assert headlines(reader)[:2] == ["Secret Scoop", "Story 6"]

    draft.make_draft()
    assertNotContains(reader.get("/"), "Secret Scoop")


@pytest.mark.django_db
def test_a_placed_embargoed_story_appears_at_its_time(
    reader, home_front, arrange, stories, make_article, now, monkeypatch
):
    embargoed = make_article(
        title="Embargoed Report", published_at=now + timedelta(hours=1)
    )
    arrange(home_front, [embargoed])
    assertNotContains(reader.get("/"), "Embargoed Report")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1))
    assert headlines(reader)[0] == "Embargoed Report"


@pytest.mark.django_db
def test_editors_choose_the_section_blocks_in_order(
    reader, home_front, arrange, make_article, now
):
    sport = Section.objects.create(name="Sport", slug="sport", position=2)
    arts = Section.objects.create(name="Arts", slug="arts", position=3)
    for n in range(12):
        make_article(title=f"News {n}", published_at=now - timedelta(hours=n + 1))
    for section in (sport, arts):
        for n in range(2):
            make_article(
                title=f"{section.name} {n}",
                section=section,
                published_at=now - timedelta(days=2, hours=n),
            )
    html = reader.get("/").content.decode()
    assert 'id="block-sport"' in html and 'id="block-arts"' in html

    arrange(home_front, [], blocks=[arts])
    html = reader.get("/").content.decode()
    assert 'id="block-arts"' in html
    assert 'id="block-sport"' not in html


@pytest.mark.django_db
def test_section_front_pins_stories_above_its_newest(
    reader, arrange, make_article, section, now
):
    stories = [
        make_article(title=f"Item {n}", published_at=now - timedelta(hours=n + 1))
        for n in range(25)
    ]
    front = Front.objects.create(section=section)
    assert headlines(reader, "/news/")[0] == "Item 0"
    arrange(front, [stories[20], stories[12]])

    first_page = headlines(reader, "/news/")
    assert first_page[:3] == ["Item 20", "Item 12", "Item 0"]
    # Not again further down the first page.
    assert first_page.count("Item 20") == first_page.count("Item 12") == 1
    assert "Item 21" in headlines(reader, "/news/?page=2")


@pytest.mark.django_db
def test_only_a_sections_own_stories_can_be_pinned_on_its_front(
    arrange, make_article, section
):
    sport = Section.objects.create(name="Sport", slug="sport")
    elsewhere = make_article(title="Match report", section=sport)
    front = Front.objects.create(section=section)
    response = arrange(front, [elsewhere])
    assertContains(response, "Only News stories can be pinned here.")
    assert not front.arrangements.exists()


@pytest.mark.django_db
def test_a_pinned_story_moved_to_another_section_leaves_the_front(
    reader, arrange, make_article, section, now
):
    pinned, newest = (
        make_article(title=title, published_at=now - timedelta(hours=hours))
        for title, hours in (("Pinned Story", 5), ("Newest Story", 1))
    )
    arrange(Front.objects.create(section=section), [pinned])
    assert headlines(reader, "/news/")[0] == "Pinned Story"

    pinned.section = Section.objects.create(name="Sport", slug="sport")
    pinned.save()

    assert headlines(reader, "/news/") == ["Newest Story"]
    assert headlines(reader, "/sport/") == ["Pinned Story"]


@pytest.mark.django_db
def test_a_stale_arrangement_is_refused_and_kept_in_the_form(
    home_front, arrange, stories
):
    opened_at = home_front.version
    arrange(home_front, [stories[3]])  # another editor's save

    home_front.refresh_from_db()
    response = arrange(home_front, [stories[4]], version=opened_at)
    assert response.status_code == 200
    assertContains(response, "Not saved: eve saved this front at")
    # Nothing lost: the editor's story is still chosen in the form.
    assertContains(response, f'<option value="{stories[4].pk}" selected>')
    assert Arrangement.objects.count() == 1

    again = response.context["adminform"].form.data["base_version"]
    response = arrange(home_front, [stories[4]], version=again)
    assert response.status_code == 302
    assert Arrangement.objects.in_effect().first().stories == [stories[4].pk]


@pytest.mark.django_db
def test_an_older_arrangement_can_be_put_back(
    reader, desk_client, home_front, arrange, stories
):
    arrange(home_front, [stories[5]])
    arrange(home_front, [stories[6]])
    first = Arrangement.objects.order_by("pk").first()
    page = desk_client.get(change_url(home_front))
    assertContains(page, "Put back")
    assertContains(page, "Story 5")

    response = desk_client.post(
        f"/admin/frontpage/front/{home_front.pk}/put-back/{first.pk}/"
    )
    assert response.status_code == 302
    assert headlines(reader)[0] == "Story 5"
    assert Arrangement.objects.count() == 3
    assert list(home_front.placements.values_list("article", flat=True)) == [
        stories[5].pk
    ]


@pytest.mark.django_db
def test_a_scheduled_arrangement_can_be_cancelled(
    desk_client, home_front, arrange, stories, now
):
    arrange(home_front, [stories[5]], takes_effect_at=now + timedelta(hours=2))
    scheduled = Arrangement.objects.get()
    assertContains(desk_client.get(change_url(home_front)), "Scheduled")
    desk_client.post(f"/admin/frontpage/front/{home_front.pk}/cancel/{scheduled.pk}/")
    assert not Arrangement.objects.exists()


@pytest.mark.django_db
def test_a_time_already_past_is_refused(home_front, arrange, stories, now):
    response = arrange(
        home_front, [stories[1]], takes_effect_at=now - timedelta(hours=1)
    )
    assertContains(response, "That time has passed")
    assert not Arrangement.objects.exists()


@pytest.mark.django_db
def test_the_desk_pages_load_for_an_editor(desk_client, home_front):
    for url in [
        "/admin/frontpage/front/",
        "/admin/frontpage/front/add/",
        change_url(home_front),
        "/admin/frontpage/breakingnews/",
        "/admin/frontpage/breakingnews/add/",
    ]:
        assert desk_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_arrange_the_home_page_makes_its_front_once(desk_client):
    first = desk_client.get("/admin/frontpage/front/home/")
    second = desk_client.get("/admin/frontpage/front/home/")
    assert first["Location"] == second["Location"]
    assert Front.objects.get().is_home


@pytest.mark.django_db
def test_front_changed_is_sent_at_once_or_by_the_worker_at_the_moment(
    home_front, arrange, stories, now, monkeypatch, run_tasks, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.NEWSROOM_CDN_PURGE_BACKEND = "tests.frontpage.test_banner.record_purge"
    heard = []

    def receiver(sender, front, arrangement, **kwargs):
        heard.append((front, arrangement.stories))

    front_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            arrange(home_front, [stories[2]])
        assert heard == [(home_front, [stories[2].pk])]

        at = now + timedelta(minutes=5)
        with django_capture_on_commit_callbacks(execute=True):
            arrange(home_front, [stories[3]], takes_effect_at=at)
            run_tasks()
        assert len(heard) == 1  # not before its time
        purged.clear()
        monkeypatch.setattr(timezone, "now", lambda: at + timedelta(seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            run_tasks()
        assert heard[1] == (home_front, [stories[3].pk])
        assert {"front"} <= set().union(*purged)
    finally:
        front_changed.disconnect(receiver)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/news/"])
def test_arranged_fronts_stay_within_the_query_budget(
    settings, home_front, arrange, make_article, author, image, section, now, url,
    django_assert_max_num_queries,
):  # fmt: skip
    settings.NEWSROOM_PAGE_CACHE = False
    placed = []
    for n in range(30):
        article = make_article(
            title=f"Story {n}",
            published_at=now - timedelta(hours=n + 1),
            lead_image=image,
        )
        article.authors.add(author)
        placed.append(article)
    arrange(home_front, placed[-7:])
    arrange(Front.objects.create(section=section), placed[-3:])
    reader = Client()
    reader.get(url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = reader.get(url)
    # The placed stories' cards have their pictures and bylines.
    html = response.content.decode()
    assert html.index("Story 29") < html.index("Story 0")
    assert html.count("Ada Reporter") >= 10
    main = html[html.index("<main") :]
    assert "</picture>" in main[: main.index("Story 29")]


@pytest.mark.django_db
def test_the_lead_is_the_first_placed_story_readers_may_see(
    home_front, arrange, stories, make_article
):
    def lead():
        return reader_views.home_front()[1].lead.pk

    assert lead() == stories[0].pk
    draft = make_article(title="Not Yet", status=Article.Status.DRAFT)
    arrange(home_front, [draft, stories[4]])
    assert current_front() == [draft.pk, stories[4].pk]
    assert lead() == stories[4].pk


@pytest.mark.django_db
def test_a_section_front_has_three_places_for_pins(arrange, make_article, section):
    items = [make_article(title=f"Item {n}") for n in range(4)]
    front = Front.objects.create(section=section)
    response = arrange(front, items)
    assertContains(response, "News front has 3 places for stories: remove some.")
    assert not front.arrangements.exists()


@pytest.mark.django_db
def test_a_page_has_one_front(desk_client, home_front):
    response = desk_client.post(
        "/admin/frontpage/front/add/",
        {
            "section": "",
            **management("placements", 0, 0),
            **management("section_blocks", 0, 0),
        },
    )
    assertContains(response, "That page has a front already.")
    assert Front.objects.count() == 1


@pytest.mark.django_db
def test_receivers_of_webhooks_are_told_the_front_changed(
    home_front, arrange, stories, make_article, django_capture_on_commit_callbacks
):
    endpoint = Endpoint.objects.create(
        url="http://127.0.0.1:9/hooks", events=[EventType.FRONT_PAGE_CHANGED]
    )
    draft = make_article(title="Not Yet", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        arrange(home_front, [draft, stories[3]])
    data = endpoint.deliveries.get().event.payload["data"]
    assert data["front"] == "home"
    # The draft's id is no reader's business.
    assert data["stories"] == [stories[3].pk]
