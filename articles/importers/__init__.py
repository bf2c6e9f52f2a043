"""Reading archives from other systems into articles.

Each format has a parser (`plaintext`, `wordpress`) that turns a file into plain
`ParsedArticle` and `SkippedItem` records and touches no database; `writer`
stores them through `Article.save()`, one file per transaction.
"""

from dataclasses import dataclass
from datetime import datetime


class InvalidSource(ValueError):
    """The file cannot be imported at all; the message says what is wrong."""


@dataclass(frozen=True)
class SectionRef:
    slug: str
    name: str = ""


@dataclass(frozen=True)
class AuthorRef:
    slug: str
    name: str


@dataclass(frozen=True)
class PictureRef:
    """A picture a source file names: its address, and what it says of it."""

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


# Where a body's picture goes; the writer puts the library figure in its place.
PICTURE_PLACE = '<figure data-picture="{}"></figure>'


@dataclass
class ParsedArticle:
    """One article as a source file describes it.

    None means "the source does not say": an existing article keeps its value,
    and a new one gets the model's default (a draft, no dek, no tags).
    """

    label: str  # how the summary names it, e.g. "spector.txt" or "post 12"
    title: str
    body: str
    slug: str = ""
    section: SectionRef | None = None
    dek: str | None = None
    status: str | None = None
    published_at: datetime | None = None
    authors: list[AuthorRef] | None = None
    tags: list[str] | None = None
    source_id: str = ""  # the item's identity at its source: site and id
    source_guid: str = ""
    source_url: str = ""
    # More old paths of the article, such as WordPress's "/?p=12".
    old_paths: tuple[str, ...] = ()
    previous_title: str = ""
    next_title: str = ""
    # What the summary should tell about this article, such as "made a draft".
    notes: tuple[str, ...] = ()
    # The body's pictures, each at PICTURE_PLACE.format(index); the lead one.
    pictures: tuple[PictureRef, ...] = ()
    lead_picture: PictureRef | None = None


@dataclass(frozen=True)
class ParsedPicture:
    """A picture the file holds on its own (a WordPress attachment), for the
    image library whether or not a post shows it."""

    label: str
    picture: PictureRef


@dataclass(frozen=True)
class SkippedItem:
    """Something in the file that is deliberately not imported, and why."""

    label: str
    reason: str
    # What it is ("page", "attachment"), for the summary's counts.
    kind: str = "post"


@dataclass(frozen=True)
class LeftOut:
    """Things in the file that have no place here (comments, sticky flags),
    counted in the summary."""

    kind: str
    count: int = 1
