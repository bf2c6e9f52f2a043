import pytest

from articles.editorial.locks import check_in, take_over
from articles.editorial.revisions import revision
from articles.models import Article
from articles.signals import edit_lock_taken_over
from desk.history import latest_by
from desk.models import Transition

Kind = Transition.Kind
pytestmark = pytest.mark.django_db


def kinds(article):
    return list(
        Transition.objects.filter(article=article)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    )


def test_each_step_is_recorded_with_who_took_it(make_article, make_staff, future):
    reporter = make_staff("rita", "Reporter")
    editor = make_staff("ed", "Editor")
    with revision(user=reporter, comment=""):
        article = make_article(title="Draft", status=Article.Status.DRAFT)
        article.submit_for_review()
    with revision(user=editor, comment=""):
        article.make_draft(note="Needs a second source.")
        article.submit_for_review()
        article.publish(at=future)
        article.make_draft()
        article.publish()
        article.make_draft()
    assert kinds(article) == [
        Kind.CREATED,
        Kind.SUBMITTED,
        Kind.RETURNED,
        Kind.SUBMITTED,
        Kind.SCHEDULED,
        Kind.UNPUBLISHED,
        Kind.PUBLISHED,
        Kind.UNPUBLISHED,
    ]
    assert latest_by(article, Kind.CREATED) == reporter
    assert latest_by(article, Kind.SCHEDULED) == editor
    returned = Transition.objects.get(article=article, kind=Kind.RETURNED)
    assert returned.note == "Needs a second source."
    scheduled = Transition.objects.get(article=article, kind=Kind.SCHEDULED)
    assert scheduled.scheduled_for == future


def test_saves_that_change_no_state_record_nothing(make_article):
    article = make_article(title="Live")
    article.title = "Live, retitled"
    article.save()
    assert kinds(article) == [Kind.CREATED, Kind.PUBLISHED]
    assert latest_by(article, Kind.PUBLISHED) is None  # made by no one we know


def test_rescheduling_is_a_step_of_its_own(make_article, future):
    article = make_article(title="Embargoed", published_at=future)
    article.publish(at=future.replace(hour=(future.hour + 1) % 24))
    assert kinds(article).count(Kind.SCHEDULED) == 2


def test_a_rolled_back_save_leaves_no_record(make_article):
    article = make_article(title="Draft", status=Article.Status.DRAFT)
    with pytest.raises(RuntimeError), revision(comment=""):
        article.submit_for_review()
        raise RuntimeError
    assert kinds(article) == [Kind.CREATED]


def test_taking_over_a_lock_names_who_held_it(make_article, make_staff):
    article = make_article(title="Open")
    ada, ben = make_staff("ada", "Editor"), make_staff("ben", "Editor")
    told = []

    def listen(sender, **kwargs):
        told.append(kwargs)

    edit_lock_taken_over.connect(listen)
    try:
        check_in(article, ada)
        take_over(article, ben, note="Deadline; I'll finish it.")
        take_over(article, ben, note="again")  # already his: no one to tell
    finally:
        edit_lock_taken_over.disconnect(listen)
    assert [(t["holder"], t["taken_from"], t["note"]) for t in told] == [
        (ben, ada, "Deadline; I'll finish it.")
    ]
