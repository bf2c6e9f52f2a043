from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.articles.admin.test_articles import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_article):
    return make_article(title="Budget Vote", status=Article.Status.DRAFT)


def schedule(client, article, at):
    data = change_form_data(article, _schedule="Schedule")
    data["published_at_0"] = at.strftime("%Y-%m-%d")
    data["published_at_1"] = at.strftime("%H:%M:%S")
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )


def test_schedule_publishes_at_the_time_given_and_says_when(desks, draft):
    at = (timezone.now() + timedelta(minutes=2, seconds=40)).replace(microsecond=0)
    response = schedule(desks[0], draft, at)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_scheduled()
    assert draft.published_at == at
    said = [str(message) for message in get_messages(response.wsgi_request)]
    expected = f"Scheduled for {at:%a} {at.day} {at:%b}, {at:%H:%M} UTC, in 2 minutes."
    assert expected in said


def test_schedule_needs_a_time_to_come(desks, draft):
    response = schedule(desks[0], draft, timezone.now() - timedelta(hours=1))
    assertContains(response, "To schedule, enter the publication time to come")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_only_editors_see_the_button_or_may_use_it(reporter_client, desks, draft):
    change = reverse("admin:articles_article_change", args=[draft.pk])
    assertContains(desks[0].get(change), 'name="_schedule"')
    assertNotContains(reporter_client.get(change), 'name="_schedule"')
    response = schedule(reporter_client, draft, timezone.now() + timedelta(days=1))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
