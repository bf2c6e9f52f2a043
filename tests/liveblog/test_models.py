import pytest
from django.db import IntegrityError, transaction
from reversion.models import Version

from articles.models import EditConflict
from liveblog.models import LiveEntry


@pytest.mark.django_db
def test_entry_body_is_cleaned_on_every_save(post):
    entry = post('<p onclick="x()">Winds of <b>90</b> km/h.</p><script>x()</script>')
    assert entry.body == "<p>Winds of <b>90</b> km/h.</p>"
    entry.body = "<p>Fixed<iframe src=//evil></iframe></p>"
    entry.save()
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Fixed</p>"


@pytest.mark.django_db
def test_each_save_of_an_entry_keeps_a_revision(post):
    entry = post("<p>First.</p>")
    entry.body = "<p>Corrected.</p>"
    entry.save()
    bodies = [
        version.field_dict["body"]
        for version in Version.objects.get_for_object(entry).order_by("pk")
    ]
    assert bodies == ["<p>First.</p>", "<p>Corrected.</p>"]


@pytest.mark.django_db
def test_a_save_from_a_stale_copy_is_refused(post):
    entry = post("<p>First.</p>")
    theirs = LiveEntry.objects.get(pk=entry.pk)
    theirs.body = "<p>Their fix.</p>"
    theirs.save()
    entry.body = "<p>My fix.</p>"
    with pytest.raises(EditConflict):
        entry.save()
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Their fix.</p>"


@pytest.mark.django_db
def test_pinning_an_entry_unpins_the_one_before(post):
    first = post("<p>Read this first.</p>", is_pinned=True)
    second = post("<p>No, this.</p>", is_pinned=True)
    first.refresh_from_db()
    assert (first.is_pinned, second.is_pinned) == (False, True)


@pytest.mark.django_db
def test_a_copy_opened_before_another_entry_was_pinned_is_stale(post):
    first = post("<p>Read this first.</p>", is_pinned=True)
    opened = LiveEntry.objects.get(pk=first.pk)  # an editor's copy, pinned
    second = post("<p>No, this.</p>", is_pinned=True)

    opened.body = "<p>Read this first, corrected.</p>"
    with pytest.raises(EditConflict):
        opened.save()
    second.refresh_from_db()
    assert second.is_pinned


@pytest.mark.django_db
def test_the_database_holds_one_pinned_entry_per_story(post):
    post("<p>Pinned.</p>", is_pinned=True)
    other = post("<p>Other.</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveEntry.objects.filter(pk=other.pk).update(is_pinned=True)
