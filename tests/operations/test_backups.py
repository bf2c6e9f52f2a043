"""backup and restore, on whichever database the suite runs against."""

import sqlite3
import threading
import time

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from operations.backups import _sqlite_copy


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_what_the_backup_held(make_article, tmp_path):
    kept = make_article(title="Kept Story")
    backup = tmp_path / "site.backup"
    call_command("backup", backup, verbosity=0)

    kept.delete()
    make_article(title="Written After the Backup")
    call_command("restore", backup, "--yes", verbosity=0)

    assert list(Article.objects.values_list("title", flat=True)) == ["Kept Story"]


@pytest.mark.django_db(transaction=True)
def test_restore_needs_confirmation_and_changes_nothing_without_it(
    make_article, tmp_path
):
    make_article(title="Kept Story")
    backup = tmp_path / "site.backup"
    call_command("backup", backup, verbosity=0)

    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", backup)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "content", [b"", b"not a database at all", b"SQLite format 3\x00truncated"]
)
def test_bad_backup_file_is_refused_and_the_site_keeps_its_data(
    make_article, tmp_path, content
):
    make_article(title="Live Story")
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)

    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", bad, "--yes")

    assert Article.objects.get().title == "Live Story"


def test_missing_backup_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", tmp_path / "nowhere.backup", "--yes")


def test_backup_into_a_missing_directory_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("backup", tmp_path / "no" / "such" / "site.backup")


def test_sqlite_copy_is_consistent_while_the_site_writes(tmp_path):
    live_path = tmp_path / "live.sqlite3"
    setup = sqlite3.connect(live_path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()

    def write_stories():
        writer = sqlite3.connect(live_path, timeout=5)
        for n in range(3000):
            with writer:
                writer.execute("INSERT INTO story (body) VALUES (?)", ("x" * n,))
        writer.close()

    writing = threading.Thread(target=write_stories)
    writing.start()
    time.sleep(0.05)
    reader = sqlite3.connect(live_path, check_same_thread=False)
    copy_path = tmp_path / "copy.sqlite3"
    _sqlite_copy(reader, destination_path=copy_path)
    writing.join()

    copy = sqlite3.connect(copy_path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [row[0] for row in copy.execute("SELECT id FROM story ORDER BY id")]
    # A snapshot of whole commits: stories 1..n, none missing, none torn.
    assert ids == list(range(1, len(ids) + 1))
    assert all(
        len(body) == story_id - 1
        for story_id, body in copy.execute("SELECT id, body FROM story")
    )
