import pytest

from articles.models import Article


def entries_url(story):
    return f"/api/v1/articles/{story.article_id}/live-entries/"


@pytest.mark.django_db
def test_the_api_lists_a_live_story_s_entries_newest_first(
    client, live_story, post, author
):
    older = post("<p>Older.</p>", minutes=5, title="Older")
    newer = post("<p>Newer.</p>", minutes=1, is_key_event=True)
    body = client.get(entries_url(live_story)).json()
    assert [row["id"] for row in body["results"]] == [newer.pk, older.pk]
    first = body["results"][0]
    assert first["body"] == "<p>Newer.</p>"
    assert first["authors"] == [author.name]
    assert first["is_key_event"] is True
    assert first["web_url"].endswith(f"/news/storm-hits-the-coast/updates/{newer.pk}/")


@pytest.mark.django_db
def test_a_new_entry_drops_the_cached_list(client, live_story, post):
    post("<p>One.</p>")
    assert len(client.get(entries_url(live_story)).json()["results"]) == 1
    post("<p>Two.</p>")
    assert len(client.get(entries_url(live_story)).json()["results"]) == 2


@pytest.mark.django_db
def test_entries_of_an_unpublished_or_ordinary_article_are_not_found(
    client, live_story, post, make_article
):
    post("<p>Secret.</p>")
    Article.objects.filter(pk=live_story.article_id).update(status=Article.Status.DRAFT)
    assert client.get(entries_url(live_story)).status_code == 404
    plain = make_article(title="Plain")
    response = client.get(f"/api/v1/articles/{plain.pk}/live-entries/")
    assert response.status_code == 404
    assert response.json()["error"]
