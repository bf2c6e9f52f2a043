from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import now

from articles.management.demo_copy import template_words
from articles.models import Article, Author
from articles.sanitizer import sanitize_body
from articles.search.query import search_articles


@pytest.mark.django_db
def test_loaddemo_fills_an_empty_site():
    call_command("loaddemo", verbosity=0)
    assert Article.objects.published().count() == 3


@pytest.mark.django_db
def test_loaddemo_never_overwrites_an_editors_change(capsys):
    call_command("loaddemo", verbosity=0)
    Article.objects.filter(slug__startswith="record-seizures").update(title="Edited")

    call_command("loaddemo")

    assert Article.objects.filter(title="Edited").exists()
    assert "demo fixture not loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_makes_a_readable_searchable_archive(client):
    call_command("seed_demo", articles=300, photos=3, verbosity=0)

    articles = Article.objects.all()
    assert articles.count() == 300
    assert {"published", "draft", "review"} <= set(
        articles.values_list("status", flat=True)
    )
    assert articles.scheduled().exists()
    live = articles.published().order_by("pk").first()
    assert live.body == sanitize_body(live.body)
    assert live.tags.exists() and live.authors.exists()
    # Every headline names a rare place: a search for it finds a handful.
    place = next(w for w in live.title.lower().split() if w not in template_words())
    found = search_articles(place)
    assert found.filter(pk=live.pk).exists()
    assert found.count() < articles.published().count() / 10
    # The newest stories came in over the last two days, as a day's news does.
    recent = articles.published().filter(published_at__gte=now() - timedelta(days=2))
    assert recent.count() >= 60
    for url in ("/", live.section.get_absolute_url(), live.get_absolute_url()):
        assert client.get(url).status_code == 200
    draft = articles.filter(status="draft").first()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_seed_demo_adds_to_an_archive_and_refuses_nonsense():
    call_command("seed_demo", articles=20, photos=0, verbosity=0)
    call_command("seed_demo", articles=20, photos=0, verbosity=0)
    assert Article.objects.count() == 40
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", articles=0)
    with pytest.raises(CommandError, match="0 or more"):
        call_command("seed_demo", articles=1, photos=-1)


@pytest.mark.django_db
def test_seed_demo_past_distinct_copies_articles_the_database_serves(client):
    call_command("seed_demo", articles=90, distinct=30, photos=0, verbosity=0)

    articles = Article.objects.order_by("pk")
    assert articles.count() == 90
    assert articles.values("slug").distinct().count() == 90
    original, *_ = articles.filter(title=articles.last().title)
    copies = articles.filter(title=original.title).exclude(pk=original.pk)
    assert copies.count() == 2
    for copy in copies:
        assert copy.body == original.body and copy.status == original.status
        assert set(copy.tags.all()) == set(original.tags.all())
        assert set(copy.authors.all()) == set(original.authors.all())
    # Published copies are spread over the archive's years, read by the same
    # rule and found by search; the unpublished stay unpublished.
    live = articles.published()
    assert live.count() > 60
    assert live.filter(pk__gt=30).values("published_at").distinct().count() > 50
    copy = live.filter(pk__gt=30).first()
    assert client.get(copy.get_absolute_url()).status_code == 200
    place = next(w for w in copy.title.lower().split() if w not in template_words())
    assert search_articles(place).filter(pk=copy.pk).exists()
    assert client.get(f"/tags/{copy.tags.first().slug}/").status_code == 200
    for hidden in articles.filter(pk__gt=30).exclude(pk__in=live):
        assert client.get(hidden.get_absolute_url()).status_code == 404
    # Copies bring their search data along; edits after the seed are
    # indexed as ever.
    copy.title = "Quokkas overrun the harbour"
    copy.save()
    assert list(search_articles("quokkas")) == [copy]
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", articles=1, distinct=0)


@pytest.mark.django_db
def test_seed_demo_gives_stories_photos_and_writers_portraits():
    call_command("seed_demo", articles=200, photos=6, verbosity=0)

    live = Article.objects.published()
    with_photo = live.exclude(lead_image=None)
    # Most stories have one of the shared photos; columns and a few others not.
    assert live.count() / 2 < with_photo.count() < live.count()
    assert with_photo.values("lead_image").distinct().count() == 6
    photo = with_photo.first().lead_image
    # Stored as any upload is: a clean master and every slot's renditions.
    assert photo.alt_text and photo.credit
    assert {r.slot for r in photo.renditions.all()} >= {"article", "card", "social"}
    assert 0 <= photo.focal_x <= 100 and 0 <= photo.focal_y <= 100
    assert photo.width > photo.height
    writers = Author.objects.all()
    assert writers.exclude(photo=None).count() == 6
    writer = writers.exclude(photo=None).first()
    assert writer.role and writer.bio and writer.email
    assert writer.links.get().url.startswith("https://")
    # Each writes for one desk.
    assert writer.articles.values("section").distinct().count() == 1
