import pytest
from django.core.management import call_command

from articles.models import Article


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
