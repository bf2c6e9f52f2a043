import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
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
    call_command("seed_demo", articles=300, verbosity=0)

    articles = Article.objects.all()
    assert articles.count() == 300
    assert {"published", "draft", "review"} <= set(
        articles.values_list("status", flat=True)
    )
    assert articles.scheduled().exists()
    live = articles.published().order_by("pk").first()
    assert live.body == sanitize_body(live.body)
    assert live.tags.exists() and live.authors.exists()
    word = live.title.split()[0]
    assert search_articles(word).filter(pk=live.pk).exists()
    for url in ("/", live.section.get_absolute_url(), live.get_absolute_url()):
        assert client.get(url).status_code == 200
    draft = articles.filter(status="draft").first()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_seed_demo_adds_to_an_archive_and_refuses_nonsense():
    call_command("seed_demo", articles=20, verbosity=0)
    call_command("seed_demo", articles=20, verbosity=0)
    assert Article.objects.count() == 40
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", articles=0)
