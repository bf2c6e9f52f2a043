import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def test_the_body_shows_its_word_count_and_reading_time(editor_client, make_article):
    words = " ".join(["word"] * 700)
    article = make_article(title="Long Read", body=f"<p>{words}</p>")
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    assertContains(page, "700 words, 3 min read</span>")
    assertContains(page, "articles/word_count.js")


def test_a_new_article_starts_at_nothing(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add"))
    assertContains(page, "0 words, 1 min read</span>")
