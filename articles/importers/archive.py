"""A whole site in one zip: what `export_articles --archive` writes and
`load_archive` (and the admin's archive page) reads back.

The zip holds `manifest.json` (the archive's format version and the schema,
as each app's latest migration, that wrote it), `articles.json` (the rows,
as `export_articles` writes them) and `media/` (every library picture's
master and renditions under their stored names). Loading is all or nothing:
one transaction for the rows, and the files it wrote removed again if they
fail. It refuses an archive from a newer schema, which this code would
misread, and a site that has articles or pictures already, whose rows the
archive's (which keep their ids) would overwrite, unless told to replace them.
"""

import io
import json
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import ProtectedError, RestrictedError

from articles.models import Article
from images.models import Image, Rendition, delete_files_on_commit

# Everything an article needs, in the order loaddata can read it back.
EXPORTED_MODELS = [
    "images.image",
    "images.rendition",
    "articles.section",
    "articles.author",
    "articles.authorlink",
    "taggit.tag",
    "articles.article",
    "articles.taggedarticle",
    "articles.correction",
    "articles.articleredirect",
]
ARCHIVE_MANIFEST = "manifest.json"
ARCHIVE_ROWS = "articles.json"
ARCHIVE_MEDIA = "media/"
ARCHIVE_FORMAT = "newsroom-archive"
# Raised when an archive's layout changes in a way older code cannot read.
# Archives without a manifest, written before it existed, are version 1.
ARCHIVE_VERSION = 2


class ArchiveRefused(Exception):
    """The archive cannot be loaded here; the message says why and what to do."""


def schema() -> dict[str, str]:
    """Each exported app's latest migration on disk, which its rows follow."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = sorted({label.split(".")[0] for label in EXPORTED_MODELS})
    return {label: max(loader.graph.leaf_nodes(label))[1] for label in labels}


def manifest() -> dict:
    return {"format": ARCHIVE_FORMAT, "version": ARCHIVE_VERSION, "schema": schema()}


def write_archive(path, rows: str) -> None:
    """Write the zip: the manifest, `rows` and every picture's files."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ARCHIVE_MANIFEST, json.dumps(manifest(), indent=2))
        archive.writestr(ARCHIVE_ROWS, rows)
        for name in picture_files():
            with default_storage.open(name, "rb") as file:
                # Pictures are compressed already.
                archive.writestr(ARCHIVE_MEDIA + name, file.read(), zipfile.ZIP_STORED)


def picture_files():
    """The stored names of every library image's master and renditions."""
    for model in (Image, Rendition):
        yield from model.objects.order_by("pk").values_list("file", flat=True)


@dataclass
class ArchiveContents:
    """What an archive holds, read without writing anything."""

    version: int
    schema: dict[str, str]
    rows: Counter = field(default_factory=Counter)  # by model label
    files: list[str] = field(default_factory=list)  # media members

    def lines(self) -> list[str]:
        names = {
            "articles.article": "articles",
            "articles.section": "sections",
            "articles.author": "authors",
            "taggit.tag": "tags",
            "images.image": "library pictures",
            "articles.correction": "corrections",
            "articles.articleredirect": "old addresses",
        }
        counts = ", ".join(
            f"{self.rows[label]} {name}" for label, name in names.items()
        )
        return [f"{counts}, with {len(self.files)} picture files"]


def open_archive(path: Path, *, name: str = "") -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ArchiveRefused(
            f"{name or path.name} is not an archive: {error}."
        ) from None


def read_contents(archive: zipfile.ZipFile) -> ArchiveContents:
    """The archive's manifest and counts, refusing one this site cannot read."""
    names = archive.namelist()
    if ARCHIVE_ROWS not in names:
        raise ArchiveRefused(f"The archive has no {ARCHIVE_ROWS}.")
    if ARCHIVE_MANIFEST in names:
        try:
            described = json.loads(archive.read(ARCHIVE_MANIFEST))
            version = int(described["version"])
            written_by = dict(described.get("schema") or {})
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as error:
            raise ArchiveRefused(
                f"The archive's {ARCHIVE_MANIFEST} cannot be read ({error})."
            ) from None
        if described.get("format") != ARCHIVE_FORMAT:
            raise ArchiveRefused("The archive was not written by export_articles.")
    else:
        version, written_by = 1, {}
    refuse_newer(version, written_by)
    contents = ArchiveContents(version=version, schema=written_by)
    for name in names:
        if name.startswith(ARCHIVE_MEDIA) and not name.endswith("/"):
            stored_name(name)  # refuses a path outside the media folder
            contents.files.append(name)
    try:
        rows = json.loads(archive.read(ARCHIVE_ROWS))
        contents.rows.update(row["model"] for row in rows)
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as error:
        raise ArchiveRefused(f"The archive's rows cannot be read ({error}).") from None
    return contents


def refuse_newer(version: int, written_by: dict[str, str]) -> None:
    if version > ARCHIVE_VERSION:
        raise ArchiveRefused(
            f"The archive was written by a newer Newsroom (archive format "
            f"{version}; this site reads up to {ARCHIVE_VERSION}). Upgrade this "
            "site, then load it again. Nothing was loaded."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app} {migration}"
        for app, migration in sorted(written_by.items())
        if (app, migration) not in loader.graph.nodes
    ]
    if unknown:
        raise ArchiveRefused(
            "The archive was written by a newer Newsroom: its schema has "
            f"migrations this site does not ({', '.join(unknown)}). Upgrade this "
            "site, then load it again. Nothing was loaded."
        )


def existing_content() -> Counter:
    """What the site holds that an archive's rows would overwrite."""
    return Counter(
        {
            "articles": Article.objects.count(),
            "library pictures": Image.objects.count(),
        }
    )


def described(counts: Counter) -> str:
    """ "3 articles and 1 library pictures": the non-zero counts."""
    return " and ".join(f"{count} {name}" for name, count in (+counts).items())


def refuse_non_empty() -> None:
    counts = described(existing_content())
    if counts:
        raise ArchiveRefused(
            f"This site already has {counts}. An archive is loaded into an empty "
            "site, as its rows keep their ids; replace this site's content with "
            "it (load_archive --replace), or load it into a new database. "
            "Nothing was loaded."
        )


def remove_content(keep: set[str]) -> None:
    """Delete every exported row, dependants first. The pictures' files go
    once the transaction commits, except those named in `keep` (the
    archive's own, when a site is replaced by its own archive)."""
    files = [
        file
        for image in Image.objects.prefetch_related("renditions")
        for file in [
            image.file,
            image.original,
            *(r.file for r in image.renditions.all()),
        ]
        if file and file.name not in keep
    ]
    try:
        for label in reversed(EXPORTED_MODELS):
            apps.get_model(label)._default_manager.all().delete()
    except (ProtectedError, RestrictedError) as error:
        held = getattr(error, "protected_objects", None) or error.restricted_objects
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in held})
        raise ArchiveRefused(
            "This site's content cannot be replaced: other records point to it "
            f"({', '.join(blockers)}). Nothing was loaded."
        ) from None
    delete_files_on_commit(*files)


@dataclass
class LoadResult:
    contents: ArchiveContents
    files_written: int


def load_archive(path: Path, *, replace: bool = False, name="") -> LoadResult:
    """Load the archive at `path` (called `name`) into this site, all or
    nothing."""
    written = []
    with open_archive(path, name=name) as archive:
        contents = read_contents(archive)
        try:
            with transaction.atomic():
                if replace:
                    remove_content({stored_name(member) for member in contents.files})
                else:
                    refuse_non_empty()
                for member in contents.files:
                    stored = stored_name(member)
                    if not default_storage.exists(stored):
                        content = ContentFile(read_member(archive, member))
                        written.append(default_storage.save(stored, content))
                load_rows(read_member(archive, ARCHIVE_ROWS))
        except BaseException:
            for stored in written:
                default_storage.delete(stored)
            raise
    return LoadResult(contents=contents, files_written=len(written))


def read_member(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ArchiveRefused(
            f"The archive's {member} cannot be read ({error}): the archive is "
            "damaged. Nothing was loaded."
        ) from None


def load_rows(rows: bytes) -> None:
    """loaddata's reading, with its one-line error as the refusal."""
    with tempfile.TemporaryDirectory() as temporary:
        fixture = Path(temporary) / ARCHIVE_ROWS
        fixture.write_bytes(rows)
        try:
            call_command("loaddata", str(fixture), verbosity=0, stdout=io.StringIO())
        except CommandError as error:
            raise ArchiveRefused(str(error)) from None


def stored_name(member: str) -> str:
    name = PurePosixPath(member.removeprefix(ARCHIVE_MEDIA))
    if name.is_absolute() or ".." in name.parts:
        raise ArchiveRefused(f"The archive names a file outside its media: {member}")
    return str(name)
