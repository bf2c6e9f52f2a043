import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.editorial.locks import check_in, take_over
from articles.editorial.revisions import revision
from articles.models import Article
from notifications.models import Notification

Kind = Notification.Kind
pytestmark = pytest.mark.django_db


def told(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def test_submitting_for_review_tells_the_editors(submitted):
    assert told(Kind.SUBMITTED) == ["ed", "eve"]
    notification = Notification.objects.filter(kind=Kind.SUBMITTED).first()
    assert notification.message() == "rita submitted “Harbour deal” for review."


def test_superusers_are_editors_too_but_inactive_people_are_not(make_article, people):
    User.objects.create_superuser("root", email="root@newsroom.test", password="pw")
    people["eve"].is_active = False
    people["eve"].save()
    with revision(user=people["rita"], comment=""):
        make_article(title="Late", status=Article.Status.REVIEW)
    assert told(Kind.SUBMITTED) == ["ed", "root"]


def test_sending_back_tells_the_submitter_with_the_note(submitted, people):
    with revision(user=people["ed"], comment=""):
        submitted.make_draft(note="Check the figures.")
    notification = Notification.objects.get(kind=Kind.RETURNED)
    assert notification.recipient == people["rita"]
    assert notification.note == "Check the figures."
    assert notification.message() == "ed sent “Harbour deal” back to draft."


def test_publishing_tells_the_creator_and_the_submitter(make_article, people):
    with revision(user=people["ray"], comment=""):
        article = make_article(title="Ferry", status=Article.Status.DRAFT)
    with revision(user=people["rita"], comment=""):
        article.submit_for_review()
    with revision(user=people["ed"], comment=""):
        article.publish()
    assert told(Kind.PUBLISHED) == ["ray", "rita"]


def test_scheduling_tells_them_and_going_live_tells_who_scheduled(
    submitted, people, run_tasks
):
    at = timezone.now() + timedelta(seconds=1)
    with revision(user=people["ed"], comment=""):
        submitted.publish(at=at)
    assert told(Kind.SCHEDULED) == ["rita"]
    run_tasks()
    assert told(Kind.WENT_LIVE) == []  # not yet
    time.sleep(max(0, (at - timezone.now()).total_seconds()) + 0.1)
    run_tasks()
    run_tasks()  # running again tells no one twice
    assert told(Kind.WENT_LIVE) == ["ed"]


def test_a_schedule_moved_later_goes_live_at_its_new_time_only(
    submitted, people, run_tasks
):
    at = timezone.now() + timedelta(seconds=1)
    with revision(user=people["ed"], comment=""):
        submitted.publish(at=at)
        submitted.publish(at=at + timedelta(hours=1))
    time.sleep(max(0, (at - timezone.now()).total_seconds()) + 0.1)
    run_tasks()
    assert told(Kind.WENT_LIVE) == []


def test_taking_over_a_lock_tells_who_had_it_open(submitted, people):
    check_in(submitted, people["rita"])
    take_over(submitted, people["ed"], note="Going to print.")
    notification = Notification.objects.get(kind=Kind.LOCK_TAKEN)
    assert notification.recipient == people["rita"]
    assert notification.note == "Going to print."


def test_nobody_is_told_of_their_own_step(make_article, people):
    with revision(user=people["ed"], comment=""):
        make_article(title="Mine", status=Article.Status.DRAFT).publish()
    assert told(Kind.PUBLISHED) == []
