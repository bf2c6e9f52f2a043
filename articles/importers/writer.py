"""Storing parsed articles: the one place every importer writes through.

Each file is written in its own transaction, so a file that turns out to be
bad halfway (a truncated export) leaves nothing behind, while good files in the
same run are kept. A dry run does the same work inside a transaction that is
rolled back, so its summary is exactly what a real run would report.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

import reversion
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import slugify
from taggit.models import Tag

from articles.database import refresh_planner_statistics
from articles.editorial.revisions import revision
from articles.figures import check_images_have_alt_text
from articles.models import (
    RESERVED_SECTION_SLUGS,
    Article,
    ArticleRedirect,
    Author,
    EditConflict,
    Section,
    TaggedArticle,
)
from articles.signals import articles_created
from images.models import Image

from . import (
    PICTURE_PLACE,
    AuthorRef,
    InvalidSource,
    LeftOut,
    ParsedArticle,
    ParsedPicture,
    PictureRef,
    SectionRef,
    SkippedItem,
)
from .media import MediaSource, PictureUnavailable

Item = ParsedArticle | ParsedPicture | SkippedItem | LeftOut
Parser = Callable[[str, BinaryIO], Iterable[Item]]

# The fields an import sets; an existing article whose values (and authors and
# tags) already match is reported unchanged and not saved.
COMPARED_FIELDS = [
    "title",
    "slug",
    "section_id",
    "dek",
    "body",
    "status",
    "published_at",
    "source_id",
    "source_guid",
    "source_url",
    "previous_article_id",
    "next_article_id",
    "lead_image_id",
]
LINK_FIELDS = {"previous_article": "previous", "next_article": "next"}
# Articles looked up together; large enough to save queries, small enough that
# memory stays flat and an IN (...) list stays well inside database limits.
BATCH_SIZE = 200


class Skip(Exception):
    """This article is left out; the message says why."""


@dataclass(frozen=True)
class ImportOptions:
    section: Section | None = None  # for articles whose source names none
    # Else their section, created if missing (WordPress's own default
    # category for WordPress); with neither, such articles are skipped.
    fallback_section: SectionRef | None = None
    status: str | None = None  # for articles whose source does not say
    published_at: datetime | None = None
    tags: tuple[str, ...] = ()  # added to every article
    dry_run: bool = False
    # Who the articles' revisions name: a user, or else the command in the
    # comment ("import_wordpress: export.xml").
    revision_comment: str = "import"
    user: object = None
    media: MediaSource = MediaSource()  # where pictures come from


@dataclass
class PendingLink:
    """A previous/next title with no article yet; retried at the end of the run."""

    article_pk: int
    label: str
    field: str
    title: str
    unchanged: bool  # counted unchanged so far; becomes updated if linked later


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pending_links: list[PendingLink] = field(default_factory=list)
    # What happened to each item, in file order: (label, outcome).
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    # Pictures' addresses: in the library (new or from an earlier run), or
    # not imported (listed in the notes with each post that shows them).
    pictures: set[str] = field(default_factory=set)
    pictures_missing: set[str] = field(default_factory=set)

    def add(self, other: "Tally") -> None:
        self.pictures |= other.pictures
        self.pictures_missing |= other.pictures_missing
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.pending_links += other.pending_links
        self.outcomes += other.outcomes
        self.notes += other.notes
        self.left_out += other.left_out


@dataclass
class ImportSummary(Tally):
    dry_run: bool = False
    files: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing_links: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report a person reads after a run, one line each."""
        counts = (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )
        imported = self.files - len(self.failed)
        lines = [
            f"Dry run, nothing written. {imported} of {self.files} files would "
            f"import: {counts}."
            if self.dry_run
            else f"{imported} of {self.files} files imported: {counts}."
        ]
        if self.pictures or self.pictures_missing:
            lines.append(
                f"Pictures: {len(self.pictures)} in the image library, "
                f"{len(self.pictures_missing)} not imported"
                + (" (listed in the notes)." if self.pictures_missing else ".")
            )
        if self.left_out:
            lines.append(
                "Not imported (no place for them here): "
                + ", ".join(
                    f"{count} {kind}{'' if count == 1 else 's'}"
                    for kind, count in sorted(self.left_out.items())
                )
                + "."
            )
        for heading, rows in [
            ("Notes:", self.notes),
            ("Skipped:", self.skipped),
            ("Previous/next links not set:", self.missing_links),
            ("Not imported, nothing written from these files:", self.failed),
        ]:
            if rows:
                lines.append(heading)
                lines += [f"  {name}: {reason}" for name, reason in rows]
        return lines

    def item_lines(self) -> list[str]:
        """Each item of the files and what happened to it."""
        return [f"  {outcome}: {label}" for label, outcome in self.outcomes]


def import_files(
    files: Iterable[tuple[str, Path]],
    parse: Parser,
    options: ImportOptions,
    *,
    on_progress: Callable[[int], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import each (name, path) with `parse`; report what happened to each item.

    `on_progress` is called with the number of bytes read so far.
    """
    summary = ImportSummary(dry_run=options.dry_run)
    writer = ArticleWriter(options, log=log or (lambda line: None))
    bytes_done = 0
    with transaction.atomic() if options.dry_run else nullcontext():
        for name, path in files:
            summary.files += 1
            try:
                with path.open("rb") as stream, transaction.atomic():
                    tally = Tally()
                    for batch in batched(parse(name, stream), BATCH_SIZE):
                        writer.write_batch(batch, tally)
                        if on_progress:
                            on_progress(bytes_done + stream.tell())
                summary.add(tally)
                writer.new_files = []  # committed with the file's rows
            # EditConflict: an editor saved one of its articles meanwhile.
            except (InvalidSource, OSError, DatabaseError, EditConflict) as error:
                writer.delete_new_files()  # their rows went with the file
                writer.forget()  # its rows went with the rolled-back file
                summary.failed.append((name, describe_failure(error)))
            bytes_done += path.stat().st_size if path.is_file() else 0
            if on_progress:
                on_progress(bytes_done)
        with transaction.atomic():
            writer.link_pending(summary)
        if options.dry_run:
            transaction.set_rollback(True)
    if not options.dry_run and (summary.created or summary.updated):
        refresh_planner_statistics()
    return summary


def describe_failure(error: Exception) -> str:
    if isinstance(error, InvalidSource):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot be read ({error.strerror or error})"
    return f"could not be saved ({error})"


def truncated(model, field_name: str, value: str) -> str:
    """`value` cut to fit the column; names from other systems can be longer."""
    return value[: model._meta.get_field(field_name).max_length]


def address(section: Section, slug: str) -> str:
    """The path an article of `section` with `slug` has."""
    return Article(section=section, slug=slug).get_absolute_url()


def library_figure(image: Image, caption: str) -> str:
    """A body figure of a library image, as the editor's image tool makes it."""
    url = escape(default_storage.url(image.file.name))
    caption = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return (
        f'<figure><img src="{url}" alt="{escape(image.alt_text)}" '
        f'data-file="{image.pk}">{caption}</figure>'
    )


def source_paths(article: Article, more_paths=()) -> set[str]:
    """The article's paths on the old site, as Django's request.path has
    them (percent-escapes decoded); never the home page."""
    return {unquote(urlsplit(article.source_url).path), *more_paths} - {"", "/"}


@dataclass
class Row:
    """An article ready to store, with what goes with it."""

    article: Article
    authors: list | None
    tags: list | None
    old_paths: tuple[str, ...]
    label: str
    missing: list  # (field, title) of previous/next links not found yet


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter); Python 3.12 has this."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class ArticleWriter:
    """Creates or updates one article at a time, with the sections, authors and
    tags it needs, remembering those between articles to save queries."""

    def __init__(self, options: ImportOptions, *, log: Callable[[str], None]):
        self.options = options
        self.log = log
        self.new_files: list[str] = []  # of pictures stored for the current file
        self.forget()

    def delete_new_files(self) -> None:
        """Delete the files of pictures stored for a file that then failed:
        a rolled-back transaction takes their rows, not their files."""
        for name in self.new_files:
            default_storage.delete(name)
        self.new_files = []

    def forget(self) -> None:
        """Drop remembered rows, which a rolled-back file may have created."""
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag] = {}
        self.by_id: dict[str, Article] = {}
        self.by_guid: dict[str, Article] = {}
        self.by_address: dict[tuple[int, str], Article] = {}
        self.new_rows: list[Row] = []  # created by this batch, not yet stored
        self.redirected: dict[str, int] = {}  # old path: the article it leads to
        # Pictures by address: the library image, or why there is none.
        self.images: dict[str, Image | str] = {}

    def write_batch(self, batch: list, tally: Tally) -> None:
        self.fetch_existing([item for item in batch if isinstance(item, ParsedArticle)])
        for item in batch:
            self.write(item, tally)
        self.flush(tally)

    def fetch_existing(self, batch: list[ParsedArticle]) -> None:
        """Load, in one query, the articles this batch may update, with their
        authors and tags."""
        ids = {parsed.source_id for parsed in batch if parsed.source_id}
        guids = {parsed.source_guid for parsed in batch if parsed.source_guid}
        slugs_by_section, sections = defaultdict(set), {}
        for parsed in batch:
            try:
                section = self.section_for(parsed.section)
            except Skip:
                continue  # write() reports it
            slugs_by_section[section.pk].add(self.slug_for(parsed))
            sections[section.pk] = section
        # Addresses an old redirect keeps for an article: save() refuses them
        # to any other, which gets a numbered slug instead.
        self.redirected = dict(
            ArticleRedirect.objects.filter(
                old_path__in=[
                    address(sections[pk], slug)
                    for pk, slugs in slugs_by_section.items()
                    for slug in slugs
                ]
            ).values_list("old_path", "article_id")
        )
        lookup = Q(source_id__in=ids) | Q(source_guid__in=guids)
        for section_pk, slugs in slugs_by_section.items():
            lookup |= Q(section_id=section_pk, slug__in=slugs)
        self.by_id, self.by_guid, self.by_address = {}, {}, {}
        for article in Article.objects.filter(lookup).prefetch_related(
            "authors", "tags"
        ):
            self.remember(article)

    def remember(self, article: Article) -> None:
        if article.source_id:
            self.by_id[article.source_id] = article
        if article.source_guid:
            self.by_guid[article.source_guid] = article
        self.by_address[article.section_id, article.slug] = article

    def write(self, item: Item, tally: Tally) -> None:
        if isinstance(item, LeftOut):
            tally.left_out[item.kind] += item.count
            return
        if isinstance(item, ParsedPicture):
            image = self.image_for(item.picture, item.label, tally)
            outcome = "in the image library" if image else "picture not imported"
            tally.outcomes.append((item.label, outcome))
            return
        if isinstance(item, SkippedItem):
            tally.skipped.append((item.label, item.reason))
            if item.kind != "post":
                tally.left_out[item.kind] += 1
            tally.outcomes.append((item.label, f"skipped ({item.reason})"))
            return
        try:
            outcome = self.save(item, tally)
        except Skip as reason:
            tally.skipped.append((item.label, str(reason)))
            tally.outcomes.append((item.label, f"skipped ({reason})"))
            return
        setattr(tally, outcome, getattr(tally, outcome) + 1)
        tally.outcomes.append((item.label, outcome))
        tally.notes += [(item.label, note) for note in item.notes]
        self.log(f"{outcome}: {item.label}")

    def save(self, parsed: ParsedArticle, tally: Tally) -> str:
        """Store `parsed`; return "created", "updated" or "unchanged"."""
        for name in ["title", "source_guid", "source_url"]:
            limit = Article._meta.get_field(name).max_length
            if len(getattr(parsed, name)) > limit:
                raise Skip(f"its {name} is longer than {limit} characters")
        section = self.section_for(parsed.section)
        slug = self.slug_for(parsed)
        if not slug:
            raise Skip("its title gives no slug")
        if self.is_pending(parsed, section, slug):
            self.flush(tally)  # the same item or address twice in one batch
        article, slug = self.existing(parsed, section, slug)
        holder = self.redirected.get(address(section, slug))
        if holder is not None and (article is None or holder != article.pk):
            slug = self.free_slug(section, slug, article)
        article = article or Article()
        before = self.snapshot(article) if article.pk else None
        old_address = (article.section_id, article.slug)

        article.title, article.slug, article.section = parsed.title, slug, section
        article.body = self.place_pictures(parsed, tally)
        if parsed.lead_picture is not None:
            lead = self.image_for(parsed.lead_picture, parsed.label, tally)
            article.lead_image = lead or article.lead_image
        if parsed.dek is not None:
            article.dek = parsed.dek
        article.status = parsed.status or self.options.status or article.status
        article.published_at = (
            parsed.published_at or self.options.published_at or article.published_at
        )
        article.source_id = parsed.source_id or article.source_id
        article.source_guid = self.guid_for(parsed, article, tally)
        article.source_url = parsed.source_url or article.source_url
        missing = self.set_links(article, parsed, tally)
        article.fill_derived_fields()
        self.keep_unlabelled_pictures_hidden(article, parsed, tally)

        authors = self.authors_for(parsed.authors)
        tags = self.tags_for(parsed.tags, article)
        changed = (
            before is None
            or self.snapshot(article) != before
            or (authors is not None and set(authors) != set(article.authors.all()))
            or (tags is not None and set(tags) != set(article.tags.all()))
        )
        row = Row(article, authors, tags, parsed.old_paths, parsed.label, missing)
        if before is None and not article.is_scheduled():
            self.new_rows.append(row)  # stored together at the end of the batch
        elif changed:
            with self.revision(parsed):
                self.store(row, is_new=before is None)
        self.by_address.pop(old_address, None)
        self.by_guid.pop(parsed.source_guid, None)
        self.remember(article)
        if article.pk:
            self.keep_pending_links(row, tally, unchanged=not changed)
        if not changed:
            return "unchanged"
        return "updated" if before else "created"

    def store(self, row: "Row", *, is_new: bool) -> None:
        """Save one article through save(), with its addresses and relations."""
        row.article.save()
        self.keep_source_address(row.article, row.old_paths, is_new=is_new)
        self.store_relations(row.article, row.authors, row.tags, is_new=is_new)

    @staticmethod
    def keep_pending_links(row: "Row", tally: Tally, *, unchanged: bool) -> None:
        for field_name, title in row.missing:
            tally.pending_links.append(
                PendingLink(row.article.pk, row.label, field_name, title, unchanged)
            )

    def flush(self, tally: Tally) -> None:
        """Insert the batch's new articles together: a few queries for all of
        them instead of dozens each. The cache, webhooks and the desk hear of
        them once, through articles_created, in the same transaction.

        An article whose address an old redirect took meanwhile (an update
        earlier in the batch moved another article) is numbered, as save()
        would refuse it."""
        rows = self.new_rows
        if not rows:
            return
        taken = set(
            ArticleRedirect.objects.filter(
                old_path__in=[row.article.get_absolute_url() for row in rows]
            ).values_list("old_path", flat=True)
        )
        for row in rows:
            if row.article.get_absolute_url() in taken:
                row.article.slug = self.free_slug(
                    row.article.section, row.article.slug, None
                )
        self.new_rows = []
        with revision(
            comment=f"{self.options.revision_comment}: "
            + (rows[0].label if len(rows) == 1 else f"{len(rows)} items"),
            user=self.options.user,
        ):
            for row in rows:
                check_images_have_alt_text(row.article)  # as save() does
                row.article.version = 1  # as its first save() would count
            Article.objects.bulk_create([row.article for row in rows])
            self.store_new_relations(rows)
            self.keep_new_addresses(rows)
            # Loaded back with what the revision follows, so recording each
            # version reads nothing more.
            for stored in Article.objects.filter(
                pk__in=[row.article.pk for row in rows]
            ).prefetch_related("authors", "tagged_items__tag", "pending_edit"):
                reversion.add_to_revision(stored)
            articles_created.send(
                sender=Article,
                articles=[row.article for row in rows],
                by=self.options.user,
            )
        for row in rows:
            self.remember(row.article)
            self.keep_pending_links(row, tally, unchanged=False)

    @staticmethod
    def store_new_relations(rows: list["Row"]) -> None:
        Byline = Article.authors.through
        Byline.objects.bulk_create(
            Byline(article_id=row.article.pk, author_id=author.pk)
            for row in rows
            for author in row.authors or ()
        )
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object_id=row.article.pk, tag_id=tag.pk)
            for row in rows
            for tag in row.tags or ()
        )

    @staticmethod
    def keep_new_addresses(rows: list["Row"]) -> None:
        """keep_source_address() for new articles, in two queries."""
        wanted = {}
        for row in rows:
            address = row.article.get_absolute_url()
            for path in sorted(source_paths(row.article, row.old_paths)):
                if path != address:
                    wanted.setdefault(path, row.article)  # first come, first kept
        taken = set(
            ArticleRedirect.objects.filter(old_path__in=wanted).values_list(
                "old_path", flat=True
            )
        )
        ArticleRedirect.objects.bulk_create(
            ArticleRedirect(old_path=path, article=article)
            for path, article in wanted.items()
            if path not in taken
        )

    def place_pictures(self, parsed: ParsedArticle, tally: Tally) -> str:
        """The body with a library figure at each picture's place; where the
        picture could not come along (listed in the notes), its caption."""
        body = parsed.body
        for index, picture in enumerate(parsed.pictures):
            image = self.image_for(picture, parsed.label, tally)
            body = body.replace(
                PICTURE_PLACE.format(index),
                library_figure(image, picture.caption)
                if image
                else (f"<p>{picture.caption}</p>" if picture.caption.strip() else ""),
            )
        return body

    def image_for(self, picture: PictureRef, label: str, tally: Tally):
        """The library image of `picture`, stored on first sight; None, with
        a note naming the post and the address, if it cannot come along."""
        if picture.url not in self.images:
            try:
                if self.options.dry_run:
                    raise PictureUnavailable("not fetched in a dry run")
                image, created = self.options.media.store(picture)
                if created:
                    self.new_files += [
                        image.file.name,
                        *image.renditions.values_list("file", flat=True),
                    ]
                self.images[picture.url] = image
            except PictureUnavailable as reason:
                self.images[picture.url] = str(reason)
        found = self.images[picture.url]
        if isinstance(found, str):
            tally.pictures_missing.add(picture.url)
            tally.notes.append(
                (label, f"picture not imported: {picture.url} ({found})")
            )
            return None
        tally.pictures.add(picture.url)
        return found

    @staticmethod
    def keep_unlabelled_pictures_hidden(article, parsed, tally) -> None:
        """A picture without alt text may not be published (figures.py): the
        article stays a draft until an editor writes it, rather than losing
        the picture or the import stopping."""
        if article.status != Article.Status.PUBLISHED:
            return
        try:
            check_images_have_alt_text(article)
        except ValidationError:
            article.status = Article.Status.DRAFT
            tally.notes.append(
                (
                    parsed.label,
                    "a picture has no alt text: imported as a draft; write it "
                    "in the image library, then publish",
                )
            )

    def is_pending(self, parsed: ParsedArticle, section: Section, slug: str) -> bool:
        found = [
            self.by_id.get(parsed.source_id),
            self.by_guid.get(parsed.source_guid),
            self.by_address.get((section.pk, slug)),
        ]
        return any(article is not None and article.pk is None for article in found)

    def revision(self, parsed: ParsedArticle):
        return revision(
            comment=f"{self.options.revision_comment}: {parsed.label}",
            user=self.options.user,
        )

    def guid_for(self, parsed: ParsedArticle, article: Article, tally: Tally) -> str:
        """The source GUID, unless another imported article has it already:
        two feed entries must not share an ID."""
        holder = self.by_guid.get(parsed.source_guid)
        if (
            parsed.source_guid
            and holder is not None
            and holder is not article
            and holder.source_id != parsed.source_id
        ):
            tally.notes.append(
                (
                    parsed.label,
                    f"shares its GUID with “{holder.title}”: its feed entry is new",
                )
            )
            return article.source_guid if article.pk else ""
        return parsed.source_guid or article.source_guid

    @staticmethod
    def keep_source_address(article: Article, more_paths=(), *, is_new=False):
        """Let links to the article's page on the old site lead here, if the
        old path is this site's to give: not the home page, not taken."""
        paths = source_paths(article, more_paths)
        if not paths:
            return
        free = paths - set(
            ArticleRedirect.objects.filter(old_path__in=paths)
            .exclude(article=article)
            .values_list("old_path", flat=True)
        )
        if is_new:  # it has no redirects of its own to tidy: one insert
            address = article.get_absolute_url()
            ArticleRedirect.objects.bulk_create(
                ArticleRedirect(old_path=path, article=article)
                for path in sorted(free)
                if path != address
            )
            return
        for old_path in sorted(free):
            article.remember_old_url(old_path)

    @staticmethod
    def store_relations(article, authors, tags, *, is_new: bool) -> None:
        # add() skips set()'s comparison with what a new article cannot have.
        if authors is not None:
            if is_new:
                article.authors.add(*authors)
            else:
                article.authors.set(authors)
        if tags is not None:
            if is_new:
                article.tags.add(*tags)
            else:
                article.tags.set(tags)

    @staticmethod
    def slug_for(parsed: ParsedArticle) -> str:
        slug = parsed.slug or slugify(parsed.title, allow_unicode=True)
        return slug[: Article._meta.get_field("slug").max_length]

    @staticmethod
    def snapshot(article: Article) -> list:
        return [getattr(article, name) for name in COMPARED_FIELDS]

    def existing(self, parsed: ParsedArticle, section: Section, slug: str):
        """The article this one was imported as before, and its slug: same
        source item, else (for articles imported before items were told apart)
        same GUID, else same section and slug. An address that another source
        item holds gets a number, as WordPress gives a repeated slug."""
        at_address = self.by_address.get((section.pk, slug))
        article = self.by_id.get(parsed.source_id) if parsed.source_id else None
        if article is None and parsed.source_guid:
            article = self.by_guid.get(parsed.source_guid)
            if article is not None and article.source_id:
                article = None  # another item of the same GUID
        if article is None and at_address is not None:
            if not self.from_another_item(at_address, parsed):
                return at_address, slug
        elif at_address is None or at_address.pk == article.pk:
            return article, slug
        return article, self.free_slug(section, slug, article)

    @staticmethod
    def from_another_item(article: Article, parsed: ParsedArticle) -> bool:
        if article.source_id:
            return article.source_id != parsed.source_id
        return bool(article.source_guid and parsed.source_guid)

    def free_slug(self, section: Section, slug: str, article: Article | None) -> str:
        """`slug` numbered (slug-2, slug-3…), keeping the number `article`
        already has."""
        if (
            article is not None
            and article.section_id == section.pk
            and re.fullmatch(rf"{re.escape(slug)}-\d+", article.slug)
        ):
            return article.slug
        taken = set(
            Article.objects.filter(
                section=section, slug__startswith=f"{slug}-"
            ).values_list("slug", flat=True)
        )
        # And those of this batch's new articles, not yet stored.
        taken |= {
            row.article.slug
            for row in self.new_rows
            if row.article.section_id == section.pk
        }
        # Nor an address an old redirect keeps for another article.
        held = set(
            ArticleRedirect.objects.filter(
                old_path__startswith=address(section, f"{slug}-")[:-1]
            ).values_list("old_path", flat=True)
        )
        number = 2
        while (
            f"{slug}-{number}" in taken or address(section, f"{slug}-{number}") in held
        ):
            number += 1
        return f"{slug}-{number}"

    def set_links(self, article: Article, parsed: ParsedArticle, tally: Tally) -> list:
        """Point the article at its named neighbours; return the names not found."""
        missing = []
        for field_name, which in LINK_FIELDS.items():
            title = getattr(parsed, f"{which}_title")
            if not title:
                continue
            if any(row.article.title == title for row in self.new_rows):
                self.flush(tally)  # its neighbour is in this batch
            target = self.find_titled(title, article)
            if target is None:
                missing.append((field_name, title))
            else:
                setattr(article, field_name, target)
        return missing

    @staticmethod
    def find_titled(title: str, article: Article) -> Article | None:
        """The article with this title, preferring one in the same section."""
        others = Article.objects.filter(title=title).exclude(pk=article.pk)
        return (
            others.filter(section=article.section).first()
            or others.order_by("pk").first()
        )

    def link_pending(self, summary: ImportSummary) -> None:
        """Retry links to articles that later files of the run created."""
        for link in summary.pending_links:
            article = Article.objects.select_related("section").get(pk=link.article_pk)
            target = self.find_titled(link.title, article)
            if target is None:
                summary.missing_links.append(
                    (link.label, f"no article is titled “{link.title}”")
                )
                continue
            setattr(article, link.field, target)
            with revision(
                comment=f"{self.options.revision_comment}: linked {link.label}",
                user=self.options.user,
            ):
                article.save(update_fields=[link.field, "updated_at"])
            if link.unchanged:
                summary.unchanged -= 1
                summary.updated += 1
                link.unchanged = False

    def section_for(self, ref: SectionRef | None) -> Section:
        if ref is None:
            if self.options.section is not None:
                return self.options.section
            if self.options.fallback_section is None:
                raise Skip("its source names no section, and none was given")
            ref = self.options.fallback_section
        slug = truncated(Section, "slug", ref.slug or slugify(ref.name))
        name = truncated(Section, "name", ref.name or slug)
        if slug not in self.sections:
            section = (
                Section.objects.filter(slug=slug).first()
                or Section.objects.filter(name__iexact=name).first()
            )
            if section is None:
                if slug in RESERVED_SECTION_SLUGS or not slug:
                    raise Skip(f"its category “{ref.name}” cannot be a section slug")
                section = Section(name=name, slug=slug)
                section.save()
            self.sections[slug] = section
        return self.sections[slug]

    def authors_for(self, refs: list[AuthorRef] | None) -> list[Author] | None:
        if refs is None:
            return None
        slugs = [truncated(Author, "slug", ref.slug) for ref in refs]
        for ref, slug in zip(refs, slugs, strict=True):
            if slug not in self.authors:
                author = Author.objects.filter(slug=slug).first()
                if author is None:
                    name = truncated(Author, "name", ref.name or slug)
                    author = Author(name=name, slug=slug)
                    author.save()
                self.authors[slug] = author
        return [self.authors[slug] for slug in slugs]

    def tags_for(self, names: list[str] | None, article: Article) -> list[Tag] | None:
        """The source's tags (or the article's own, if it names none) plus the
        tags given for the whole import, matched case-insensitively."""
        if names is None and not self.options.tags:
            return None
        if names is None:
            names = list(article.tags.names()) if article.pk else []
        tags = {}
        for given in [*names, *self.options.tags]:
            name = truncated(Tag, "name", given)
            key = name.casefold()
            if key not in self.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    tag = Tag(name=name)
                    tag.save()
                self.tags[key] = tag
            tags[key] = self.tags[key]
        return list(tags.values())
