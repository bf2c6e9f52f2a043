import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from articles.reader.pagination import MAX_PAGES
from articles.reader.views import SEARCH_RESULTS_PER_PAGE
from articles.search import query
from articles.search.index import POSTGRESQL_STORE_INLINE, SEARCH_INDEX
from articles.search.query import search_articles

DRAFT = Article.Status.DRAFT
HOUR = timedelta(hours=1)


def titles(query):
    return [article.title for article in search_articles(query)]


@pytest.mark.django_db
def test_title_hit_outranks_dek_hit_outranks_body_hit(make_article, past):
    # Same length everywhere, and the body article is the newest, so only the
    # weights can put them in this order.
    filler = "<p>Council members met on Tuesday evening.</p>"
    make_article(
        title="Council meets",
        body=filler + "<p>Residents discussed the harbour.</p>",
        published_at=past + timedelta(hours=2),
    )
    make_article(
        title="Residents gather",
        dek="The harbour plan is debated.",
        body=filler,
        published_at=past + timedelta(hours=1),
    )
    make_article(title="Harbour plan approved", body=filler, published_at=past)
    make_article(title="Weather", body="<p>Rain all week.</p>")

    assert titles("harbour") == [
        "Harbour plan approved",
        "Residents gather",
        "Council meets",
    ]


@pytest.mark.django_db
def test_every_word_must_match(make_article):
    make_article(title="Harbour plan approved")
    make_article(title="Harbour closed for storms")

    assert titles("harbour storms") == ["Harbour closed for storms"]


@pytest.mark.django_db
def test_drafts_and_scheduled_articles_are_not_found(make_article, future):
    make_article(title="Harbour draft", status=DRAFT)
    make_article(title="Harbour embargo", published_at=future)
    make_article(title="Harbour story")

    assert titles("harbour") == ["Harbour story"]


@pytest.mark.django_db
def test_index_follows_edits_and_deletions(make_article):
    article = make_article(title="Harbour plan approved")

    article.title = "Bridge plan approved"
    article.save()
    assert titles("harbour") == []
    assert titles("bridge") == ["Bridge plan approved"]

    # update() skips save(); the database keeps the index in step anyway.
    Article.objects.filter(pk=article.pk).update(dek="Ferries return.")
    assert titles("ferries") == ["Bridge plan approved"]

    article.delete()
    assert titles("bridge") == []


@pytest.mark.django_db
def test_installing_the_index_indexes_existing_articles(make_article):
    SEARCH_INDEX.remove(connection)
    make_article(title="Harbour plan approved")
    # PostgreSQL alters no table with foreign-key checks still pending.
    connection.check_constraints()

    SEARCH_INDEX.install(connection)

    assert titles("harbour") == ["Harbour plan approved"]


@pytest.mark.django_db
def test_migrate_restores_triggers_a_table_rebuild_dropped(make_article):
    """On SQLite, a migration that rebuilds the article table drops its
    triggers; the post_migrate hook must bring them back."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER articles_article_search_{event}")
    missed = make_article(title="Harbour written while unindexed")

    call_command("migrate", "articles", verbosity=0)

    assert titles("harbour") == [missed.title]
    make_article(title="Harbour written after")
    assert len(titles("harbour")) == 2


def test_search_page_finds_spector_with_the_word_highlighted(client, spector):
    response = client.get("/search/", {"q": "ProtectTor"})

    assert response.status_code == 200
    assertContains(response, "1 result for “ProtectTor”")
    assertContains(
        response,
        '<a href="/news/record-seizures-arrests-after-operation-targets-internet-'
        'opioid-trafficking/">Record Seizures, Arrests after Operation Targets '
        "Internet Opioid Trafficking</a>",
        html=True,
    )
    assertContains(response, "called Operation <mark>ProtectTor</mark> that aimed")
    assertContains(response, '<meta name="robots" content="noindex">', html=True)


@pytest.mark.django_db
def test_results_show_hits_in_title_and_dek_and_no_body_markup(client, make_article):
    make_article(
        title="Harbour <plan> approved",
        dek="The harbour reopens.",
        body='<p>Boats return to the <a href="https://harbour.example/">harbour'
        "</a> &amp; the quay.</p>",
    )

    response = client.get("/search/", {"q": "harbour"})

    assertContains(response, "<mark>Harbour</mark> &lt;plan&gt; approved")
    assertContains(response, "The <mark>harbour</mark> reopens.")
    assertContains(response, "Boats return to the <mark>harbour</mark> &amp; the quay")
    assertNotContains(response, "harbour.example")


@pytest.mark.django_db
def test_results_are_paginated_keeping_the_query(client, make_article, past):
    for n in range(25):
        make_article(title=f"Harbour story {n:02}", published_at=past)

    first = client.get("/search/", {"q": "harbour"})
    second = client.get("/search/", {"q": "harbour", "page": "2"})

    assertContains(first, "25 results")
    assertContains(first, 'href="?q=harbour&amp;page=2"')
    assertContains(first, 'class="story search-result"', count=20)
    assertContains(second, 'class="story search-result"', count=5)


@pytest.mark.django_db
def test_empty_search_shows_the_form_only(client, make_article):
    make_article(title="Harbour")

    response = client.get("/search/")

    assert response.status_code == 200
    assertContains(response, 'type="search"')
    assertNotContains(response, "Harbour")


@pytest.mark.django_db
def test_overlong_search_is_refused_with_a_message(client, make_article):
    response = client.get("/search/", {"q": "harbour " * 1250})

    assertContains(response, "Keep your search under 200 characters.", status_code=400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query_string",
    [
        "q=",
        "q=" + "a" * 10_000,
        "q=%22",
        "q=%22harbour",
        "q=*",
        "q=harbour*",
        "q=NEAR(harbour",
        "q=harbour%20OR",
        "q=OR%20AND%20NOT",
        "q=title:harbour",
        "q=-harbour",
        "q=^harbour",
        "q=%27%20OR%201=1%20--",
        "q=%5C",
        "q=%F0%9F%98%80",
        "q=%ED%A0%80",
        "q=%ED%A0%80harbour",
        "q=%FF%FE",
        "q=%00",
        "q=harbour%00",
        "q=harbour&page=abc",
        "q=harbour&page=0",
        "q=harbour&page=99",
        "q=harbour&page=%00",
        "q=harbour&q=plan",
        "q=harbour&order=newest&page=99",
        "q=harbour&order=%00",
        "order=newest",
        "page=abc",
    ],
)
def test_odd_searches_never_error(client, make_article, query_string):
    make_article(title="Harbour plan")

    response = client.get(f"/search/?{query_string}")

    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_excerpts_read_as_the_text_does_around_emphasis_and_links(client, make_article):
    make_article(
        title="Flood",
        body="<p>The worst flood in the town's <em>history</em>. Read "
        '<a href="https://example.com/">the report</a>, then <strong>act</strong>!'
        "</p><p>Next paragraph.</p>",
    )

    response = client.get("/search/", {"q": "history"})

    # (Where the excerpt starts and ends is each database's choice.)
    assertContains(
        response,
        "the town&#x27;s <mark>history</mark>. Read the report, then act! Next",
    )


@pytest.mark.django_db
def test_newest_first_orders_every_match_by_date(make_article, past):
    make_article(title="Harbour plan approved", published_at=past)
    make_article(
        title="Council meets", body="<p>The harbour.</p>", published_at=past + HOUR
    )

    assert [a.title for a in search_articles("harbour", "newest")] == [
        "Council meets",
        "Harbour plan approved",
    ]


@pytest.mark.django_db
def test_best_match_ranks_only_the_newest_matches(
    client, make_article, past, monkeypatch
):
    monkeypatch.setattr(query, "RANKED_MATCHES", 2)
    make_article(title="Harbour harbour harbour", published_at=past)
    for hours in (1, 2):
        make_article(
            title=f"Story {hours}",
            body="<p>By the harbour.</p>",
            published_at=past + hours * HOUR,
        )

    assert titles("harbour") == ["Story 2", "Story 1"]
    # More matches than are ranked: newest first still reaches every one.
    assert [a.title for a in search_articles("harbour", "newest")] == [
        "Story 2",
        "Story 1",
        "Harbour harbour harbour",
    ]
    response = client.get("/search/", {"q": "harbour"})
    # The count is of every match, and newest first reaches them all.
    assertContains(response, "3 results")
    assertContains(response, "ranks the 1,000 most recently added articles that match")
    newest = client.get("/search/", {"q": "harbour", "order": "newest"})
    assertContains(newest, "/news/harbour-harbour-harbour/")
    assertContains(newest, '<option value="newest" selected>')


def test_best_match_ranks_as_many_matches_as_the_pages_reach():
    assert query.RANKED_MATCHES == MAX_PAGES * SEARCH_RESULTS_PER_PAGE


@pytest.mark.django_db
def test_an_unknown_order_is_refused_with_a_message(client, make_article):
    response = client.get("/search/", {"q": "harbour", "order": "random"})

    assertContains(response, "Choose best match or newest first.", status_code=400)


@pytest.fixture
def harbour_archive(make_article, past, future):
    """Published matches among other stories, drafts and scheduled matches,
    in the order they were added; returns the published matches' titles,
    most recently added first."""
    matches = []
    for n in range(12):
        if n % 3 == 0:
            make_article(title=f"Weather {n}", published_at=past + n * HOUR)
        elif n % 4 == 1:
            make_article(title=f"Harbour draft {n}", status=DRAFT)
            make_article(title=f"Harbour embargo {n}", published_at=future)
        else:
            # Published out of the order they were added in.
            published_at = past + (n % 5) * HOUR
            matches.append(
                make_article(title=f"Harbour {n}", published_at=published_at)
            )
    return matches[::-1]


@pytest.mark.django_db
def test_newest_matches_are_the_same_however_the_archive_is_read(
    harbour_archive, monkeypatch
):
    """On PostgreSQL the newest matches are read a window of ids at a time;
    the narrowest windows must still find each published match once, in
    order, and nothing else."""
    monkeypatch.setattr(query, "FIRST_WINDOW", 1)
    newest = [article.pk for article in harbour_archive]

    for count in range(1, len(newest) + 2):
        assert query.recent_matches("harbour", count) == newest[:count]


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["best", "newest"])
def test_search_pages_show_the_same_matches_however_the_archive_is_read(
    client, harbour_archive, monkeypatch, order
):
    def shown():
        response = client.get("/search/", {"q": "harbour", "order": order})
        assertContains(response, f"{len(harbour_archive)} results")
        return re.findall(r'class="story-title"><a href="([^"]+)"', response.text)

    wide = shown()
    monkeypatch.setattr(query, "FIRST_WINDOW", 1)
    narrow = shown()

    assert narrow == wide
    # Every published match, and no draft or scheduled one.
    assert sorted(wide) == sorted(a.get_absolute_url() for a in harbour_archive)
    if order == "newest":
        by_date = sorted(
            harbour_archive, key=lambda a: (a.published_at, a.pk), reverse=True
        )
        assert wide == [article.get_absolute_url() for article in by_date]


@pytest.mark.django_db
def test_search_help_says_best_match_ranks_only_the_newest_matches(client):
    response = client.get("/search/")

    assertContains(
        response,
        '<p class="search-help" id="search-help">Best match ranks the 1,000 most '
        "recently added articles that match; newest first lists every match by "
        "date.</p>",
        html=True,
    )
    assertContains(response, '<option value="newest">Newest first</option>')


@pytest.mark.django_db
def test_vectors_moved_into_their_rows_still_find_every_article(make_article):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's index has no vectors to move")
    make_article(title="Harbour plan approved", body="<p>The quay.</p>")
    make_article(title="Council meets", body="<p>The harbour.</p>")

    with connection.cursor() as cursor:
        cursor.execute(POSTGRESQL_STORE_INLINE)

    assert titles("harbour") == ["Harbour plan approved", "Council meets"]
    assert titles("quay") == ["Harbour plan approved"]
