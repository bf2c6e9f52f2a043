"""Plain-text articles in the seed's format (see fixtures/source/spector.txt).

The rule, which `import_articles --help` repeats for editors:

- The first line is the title.
- Blocks of text are separated by blank lines; the lines of one block are joined
  into one paragraph. Lines of only spaces or non-breaking spaces are spacers
  and count as blank.
- A block that is one short line (at most SUBHEADING_MAX_LENGTH characters)
  without closing punctuation, followed by a paragraph, is a subheading.
- A trailing block "Previous" then a title, and/or "Next" then a title (the
  word may repeat on several lines, as a copied web page gives it), names the
  article's previous and next articles.
"""

from collections.abc import Iterator
from typing import BinaryIO

from django.utils.html import escape

from . import InvalidSource, ParsedArticle

SUBHEADING_MAX_LENGTH = 80
# A line ending in one of these (before any closing quotes or brackets) is a
# sentence, not a subheading.
CLOSING_PUNCTUATION = ".!?…:;,"
CLOSING_QUOTES = "\"'”’»)]"
TITLE_MAX_LENGTH = 255


def read_plaintext(label: str, stream: BinaryIO) -> Iterator[ParsedArticle]:
    """The one article in a file, for the writer (which takes a stream)."""
    yield parse_plaintext(label, stream.read())


def parse_plaintext(label: str, data: bytes) -> ParsedArticle:
    """The article in `data`, or InvalidSource saying why there is none."""
    text = decode(data)
    first_line, _, rest = text.partition("\n")
    title = first_line.strip()
    if not title:
        raise InvalidSource("has no title: its first line is blank")
    if len(title) > TITLE_MAX_LENGTH:
        raise InvalidSource(
            f"has a first line of {len(title)} characters, too long for a title "
            f"({TITLE_MAX_LENGTH} at most)"
        )
    blocks = split_blocks(rest)
    next_title = take_trailer(blocks, "next")
    previous_title = take_trailer(blocks, "previous")
    return ParsedArticle(
        label=label,
        title=title,
        body=blocks_to_html(blocks),
        previous_title=previous_title,
        next_title=next_title,
    )


def decode(data: bytes) -> str:
    if not data.strip():
        raise InvalidSource("is empty")
    if b"\0" in data:
        raise InvalidSource("is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidSource(
            f"is not UTF-8 text (invalid byte at position {error.start}); "
            "save it as UTF-8 and import it again"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(text: str) -> list[str]:
    """Blocks of consecutive non-blank lines, each line stripped, joined by "\\n"."""
    blocks, lines = [], []
    # str.strip() removes non-breaking spaces too, so spacer lines end blocks.
    for line in [*text.split("\n"), ""]:
        if line.strip():
            lines.append(line.strip())
        elif lines:
            blocks.append("\n".join(lines))
            lines = []
    return blocks


def take_trailer(blocks: list[str], word: str) -> str:
    """Remove a final "<word>" block and the title after it; return that title."""
    if len(blocks) >= 2 and is_marker(blocks[-2], word):
        title = blocks.pop()
        blocks.pop()
        return " ".join(title.split("\n"))
    return ""


def is_marker(block: str, word: str) -> bool:
    return all(line.casefold() == word for line in block.split("\n"))


def is_subheading(block: str) -> bool:
    if "\n" in block or len(block) > SUBHEADING_MAX_LENGTH:
        return False
    return block.rstrip(CLOSING_QUOTES)[-1:] not in CLOSING_PUNCTUATION


def blocks_to_html(blocks: list[str]) -> str:
    html = []
    for index, block in enumerate(blocks):
        text = escape(" ".join(block.split("\n")))
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        heading = (
            is_subheading(block)
            and following is not None
            and not is_subheading(following)
        )
        html.append(f"<h2>{text}</h2>" if heading else f"<p>{text}</p>")
    return "\n".join(html)
