"""Three-way merges of two editors' saves of one article.

A save made from an older version is compared, field by field, with the
version its form was opened at (the base) and with the stored one (theirs).
A field only one side changed takes that side's value; a field both changed
the same way is no conflict; a field both changed differently is one, except
a body whose changes touch different paragraphs, which is merged paragraph
by paragraph.
"""

import difflib
import re
from dataclasses import dataclass, field

# The tags of a sanitised body; nh3 writes it well formed.
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
VOID_TAGS = {"br", "img", "hr"}


def body_blocks(html):
    """The top-level blocks (paragraphs, headings, lists, quotations,
    figures) of a sanitised body, in order; text between them is dropped when
    blank and is a block of its own otherwise."""
    blocks, depth, start, position = [], 0, 0, 0
    for tag in TAG.finditer(html):
        closing, name, self_closing = tag[1], tag[2].lower(), tag[3]
        if depth == 0 and tag.start() > position:
            loose = html[position : tag.start()]
            if loose.strip():
                blocks.append(loose)
        if closing:
            depth -= 1
            if depth == 0:
                blocks.append(html[start : tag.end()])
        elif name not in VOID_TAGS and not self_closing:
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth == 0:
            blocks.append(tag[0])
        position = tag.end()
    if html[position:].strip():
        blocks.append(html[position:])
    return blocks


def _edits(base, other):
    """`other`'s changes to `base` as (start, end, replacement) over `base`."""
    matcher = difflib.SequenceMatcher(a=base, b=other, autojunk=False)
    return [
        (a1, a2, other[b1:b2])
        for operation, a1, a2, b1, b2 in matcher.get_opcodes()
        if operation != "equal"
    ]


def _touch(one, other):
    (start, end, _), (other_start, other_end, _) = one, other
    if start == end and other_start == other_end:
        return start == other_start  # two insertions at one place
    return (
        start < other_end
        and other_start < end
        or (
            # An insertion inside the other's changed run.
            start == end
            and other_start < start < other_end
            or other_start == other_end
            and start < other_start < end
        )
    )


def merge_sequences(base, theirs, yours):
    """The two sides' edits of `base` applied together, or None where they
    touch the same item and differ."""
    edits = _edits(base, theirs)
    for edit in _edits(base, yours):
        clashing = [mine for mine in edits if _touch(mine, edit)]
        if any(other != edit for other in clashing):
            return None
        if not clashing:
            edits.append(edit)
    merged = list(base)
    # From the end, so earlier positions still hold; an insertion sorts after
    # a replacement starting at the same place, so it lands before it.
    for start, end, replacement in sorted(
        edits, key=lambda edit: (edit[0], edit[1] != edit[0]), reverse=True
    ):
        merged[start:end] = replacement
    return merged


def merge_bodies(base, theirs, yours):
    """The two bodies merged paragraph by paragraph, or None if both changed
    the same paragraph."""
    merged = merge_sequences(body_blocks(base), body_blocks(theirs), body_blocks(yours))
    return None if merged is None else "".join(merged)


@dataclass
class Merge:
    """The outcome of merging one save with a newer one, per field name."""

    theirs: list = field(default_factory=list)  # only they changed: theirs kept
    combined: dict = field(default_factory=dict)  # both changed, merged: value
    conflicts: list = field(default_factory=list)  # both changed: a choice

    @property
    def kept_theirs(self):
        return [*self.theirs, *self.combined]


def merge(base, theirs, yours, *, comparable, bodies=()):
    """Merge three states, dicts from field name to value; `comparable(name,
    value)` gives what decides whether two values are the same. `base` may be
    None (the version the form was opened at is not recorded): then every
    field the two sides differ in is a conflict. Field names in `bodies` are
    merged paragraph by paragraph."""
    outcome = Merge()
    for name in yours:
        mine, stored = comparable(name, yours[name]), comparable(name, theirs[name])
        if mine == stored:
            continue
        original = None if base is None else comparable(name, base[name])
        if base is not None and mine == original:
            outcome.theirs.append(name)
        elif base is not None and stored == original:
            continue
        elif (
            name in bodies
            and base is not None
            and (merged := merge_bodies(original, stored, mine)) is not None
        ):
            outcome.combined[name] = merged
        else:
            outcome.conflicts.append(name)
    return outcome
