"""backup and restore, on whichever database the suite runs against."""

import io
import sqlite3
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from images.models import Image
from operations.backups import _sqlite_copy, backup_database


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


def stored_files(root):
    return {
        path.relative_to(root): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_the_photos_and_restore_puts_them_back(
    make_image, media_root, settings, tmp_path
):
    settings.IMAGES_KEEP_ORIGINALS = True
    image = make_image(alt_text="Harbour at dawn")
    photos = stored_files(media_root)
    originals = stored_files(settings.ORIGINALS_ROOT)
    assert photos and originals
    backup = tmp_path / "site.backup"
    call_command("backup", backup, verbosity=0)

    image.delete()  # its files go with it
    assert not stored_files(media_root)
    call_command("restore", backup, "--yes", verbosity=0)

    assert Image.objects.get().alt_text == "Harbour at dawn"
    assert stored_files(media_root) == photos
    assert stored_files(settings.ORIGINALS_ROOT) == originals
    assert Path(Image.objects.get().file.name) in photos


@pytest.mark.django_db(transaction=True)
def test_a_database_only_backup_from_before_still_restores(make_article, tmp_path):
    make_article(title="Kept Story")
    backup = tmp_path / "database.backup"
    backup_database(backup)
    Article.objects.all().delete()

    call_command("restore", backup, "--yes", verbosity=0)

    assert Article.objects.get().title == "Kept Story"


@pytest.mark.django_db(transaction=True)
def test_a_backup_cannot_write_outside_the_media_folder(make_article, tmp_path):
    make_article(title="Live Story")
    hostile = tmp_path / "hostile.backup"
    database = tmp_path / "database"
    backup_database(database)
    with tarfile.open(hostile, "w") as archive:
        archive.add(database, arcname="database")
        escape = tarfile.TarInfo("files/default/../../escaped.txt")
        escape.size = 4
        archive.addfile(escape, io.BytesIO(b"evil"))

    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", hostile, "--yes", verbosity=0)

    assert not (tmp_path / "escaped.txt").exists()
