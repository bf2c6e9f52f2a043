"""Revisions of articles, kept by django-reversion: what each one records, a
readable field-by-field comparison of two, and bringing one back.

Article.save() opens a revision itself, so every path (admin, workflow,
importers, commands, the shell) keeps one; callers that know who is writing
wrap their work in `revision(...)` to name the author. Restoring and recovering
write through Article.save() as well, so each is a new revision and nothing
is overwritten.
"""

import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed, pre_delete
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from reversion.models import Version
from taggit.models import Tag

from ..models import (
    Article,
    Author,
    BlankedLink,
    PendingEdit,
    Section,
    TaggedArticle,
    save_pending_edit,
)
from ..sanitizer import IMAGE_ID
from .merge import TAG, body_blocks

reversion.register(Tag)
reversion.register(TaggedArticle, follow=["tag"])
reversion.register(PendingEdit)
reversion.register(Article, follow=["tagged_items", "pending_edit"])


def _record_byline_or_tags(sender, instance, action, **kwargs):
    """Keep a revision when a byline or tags change outside any revision
    (`article.tags.add()` in the shell or a command), as save() does."""
    if (
        action.startswith("post_")
        and isinstance(instance, Article)
        and not reversion.is_active()
    ):
        with reversion.create_revision():
            reversion.add_to_revision(instance)


m2m_changed.connect(_record_byline_or_tags, sender=Article.authors.through)
m2m_changed.connect(_record_byline_or_tags, sender=TaggedArticle)


def _record_links_to_deleted(sender, instance, **kwargs):
    """Deleting an article blanks the previous/next links others have to it
    (SET_NULL); note them with its last revision, the one recovery brings
    back. Every way of deleting sends this: admin, bulk action, shell."""
    last = versions_of(instance.pk).first()
    if last is None:
        return  # never kept a revision, so it cannot be recovered either
    BlankedLink.objects.bulk_create(
        BlankedLink(
            revision_id=last.revision_id,
            deleted_article_pk=instance.pk,
            linking_article_pk=linking_pk,
            link=link,
        )
        for link in BlankedLink.Link.values
        for linking_pk in Article.objects.filter(**{link: instance}).values_list(
            "pk", flat=True
        )
    )


pre_delete.connect(_record_links_to_deleted, sender=Article)

# What a restore brings back: everything an editor writes, and the links.
RESTORED_FIELDS = [
    "title",
    "slug",
    "section",
    "dek",
    "body",
    "lead_image",
    "status",
    "published_at",
    "significantly_updated_at",
    "previous_article",
    "next_article",
    "source_id",
    "source_guid",
    "source_url",
]
LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
LIST_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")
# The readable states' names for people, where the field's own would not do.
LABELS = {
    "significantly_updated_at": "“Updated” time shown to readers",
    "source_guid": "Imported item's identifier",
    "source_url": "Imported from (address)",
}
WAITING = " (unpublished changes)"
WORKFLOW_LABELS = {"Status", "Publication time"}
MERGED = re.compile(r"Merged with [^.]*\.?")
# Block ends after which a body reads best on a new line in a comparison.
BLOCK_END = re.compile(r"(</(?:p|h[2-4]|li|ul|ol|blockquote|figure)>)")
TOKEN = re.compile(r"<[^>]+>|\s+|[^\s<]+")


@contextmanager
def revision(*, comment, user=None):
    """Group the saves inside into one revision by `user` (or, for commands,
    the command named in `comment`)."""
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def versions_of(article_pk):
    """The article's recorded versions, newest first, with who saved each."""
    return (
        Version.objects.get_for_object_reference(Article, article_pk)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def deleted_articles():
    """The last version of each article that no longer exists."""
    return Version.objects.get_deleted(Article).select_related("revision__user")


def saved_by(version):
    """Who made a revision: the user, or the command its comment names."""
    if version.revision.user is not None:
        return str(version.revision.user)
    return version.revision.get_comment().split(":")[0] or "someone outside the admin"


def described(version):
    when = date_format(localtime(version.revision.date_created), "N j, Y, H:i")
    return f"{saved_by(version)}, {when}"


def _related_versions(version, model):
    return [
        other
        for other in version.revision.version_set.all()
        if other.content_type.model_class() is model
    ]


def _tag_names(version):
    article_pk = int(version.object_id)
    tag_pks = [
        other.field_dict["tag_id"]
        for other in _related_versions(version, TaggedArticle)
        if other.field_dict["content_object_id"] == article_pk
    ]
    recorded = {
        int(other.object_id): other.field_dict["name"]
        for other in _related_versions(version, Tag)
    }
    stored = dict(Tag.objects.filter(pk__in=tag_pks).values_list("pk", "name"))
    return sorted(recorded.get(pk) or stored.get(pk, f"#{pk}") for pk in tag_pks)


def _names(model, pks):
    named = dict(model.objects.filter(pk__in=pks).values_list("pk", "name"))
    return ", ".join(named.get(pk, f"#{pk} (deleted)") for pk in pks)


def _title(pk):
    if pk is None:
        return ""
    title = Article.objects.filter(pk=pk).values_list("title", flat=True).first()
    return title or f"#{pk} (deleted)"


def readable(version):
    """What the revision recorded, as labelled text an editor can compare."""
    data = version.field_dict
    state = {}
    for name in RESTORED_FIELDS:
        field = Article._meta.get_field(name)
        value = data.get(field.attname)
        if name == "section":
            value = _names(Section, [value])
        elif name in ("previous_article", "next_article"):
            value = _title(value)
        elif name == "lead_image":
            value = "" if value is None else f"Image #{value}"
        elif name == "status":
            value = Article.Status(value).label
        elif name == "body":
            value = body_text(value)
        elif value is not None and hasattr(value, "tzinfo"):
            value = date_format(localtime(value), "DATETIME_FORMAT")
        state[LABELS.get(name, str(field.verbose_name).capitalize())] = (
            "" if value is None else value
        )
    state["Authors"] = _names(Author, data.get("authors", []))
    state["Tags"] = ", ".join(_tag_names(version))
    pending = _pending_version(version)
    for field_name in PendingEdit.CONTENT_FIELDS:
        label = str(PendingEdit._meta.get_field(field_name).verbose_name).capitalize()
        if pending is None:  # nothing waits: what readers get is what's live
            value = data.get(field_name) or ""
        else:
            value = pending.field_dict[field_name]
        state[f"{label}{WAITING}"] = body_text(value) if field_name == "body" else value
    return state


def _changed_labels(state, earlier):
    return [
        label
        for label in state
        if label not in WORKFLOW_LABELS and state[label] != earlier.get(label, "")
    ]


def event(version, previous):
    """What a revision did, in words: published, kept as unpublished changes,
    scheduled, sent for review or back, restored, imported, merged."""
    comment = version.revision.get_comment()
    if comment.startswith(("Restored from", "Recovered after")):
        return comment
    if version.revision.user is None and ":" in comment:
        command, _, item = comment.partition(":")
        return f"Imported by {command} ({item.strip()})"
    data, state = version.field_dict, readable(version)
    before = previous.field_dict if previous else {}
    earlier = readable(previous) if previous else {}
    changed = _changed_labels(state, earlier)
    live = [label.lower() for label in changed if not label.endswith(WAITING)]
    waiting = [
        label.removesuffix(WAITING).lower()
        for label in changed
        if label.endswith(WAITING)
    ]
    status = data.get("status")
    published_at = data.get("published_at")
    saved_at = version.revision.date_created
    is_future = published_at is not None and published_at > saved_at
    if status == Article.Status.PUBLISHED and (
        before.get("status") != status or before.get("published_at") != published_at
    ):
        when = date_format(localtime(published_at), "N j, Y, H:i")
        what = f"Scheduled for {when}" if is_future else "Published"
    elif status == before.get("status") or previous is None:
        what = None
    elif status == Article.Status.REVIEW:
        what = "Sent for review"
    elif before.get("status") == Article.Status.REVIEW:
        what = "Sent back to draft"
    else:
        what = "Unpublished: taken off the site"
    if what is None:
        if previous is None:
            what = "Created"
        elif waiting and not live:
            what = "Saved as unpublished changes (readers did not see this)"
            live = waiting
        elif status == Article.Status.PUBLISHED and not is_future:
            what = "Published"
        elif status == Article.Status.PUBLISHED:
            what = "Saved, scheduled"
        else:
            what = f"Saved as {Article.Status(status).label.lower()}"
    if previous is None and what != "Created":
        what = f"Created and {what[0].lower()}{what[1:]}"
    sentence = f"{what}: {', '.join(live)}" if live and previous else what
    if merged := MERGED.search(comment):
        sentence += f". {merged[0]}"
    return sentence


def history(versions):
    """Each version (newest first) with who saved it and what it did."""
    older = [*versions[1:], None]
    return [
        (version, saved_by(version), event(version, previous))
        for version, previous in zip(versions, older, strict=True)
    ]


def _pending_version(version):
    return next(
        (
            other
            for other in _related_versions(version, PendingEdit)
            if other.field_dict["article_id"] == int(version.object_id)
        ),
        None,
    )


def form_state(version):
    """What the article's change form showed when the revision was the newest:
    its fields by name (related objects as ids, tags as names), with the
    unpublished changes in place of the live text, as the form shows them."""
    data = version.field_dict
    state = {
        field.name: data.get(field.attname) for field in Article._meta.concrete_fields
    }
    state["authors"] = data.get("authors", [])
    state["tags"] = _tag_names(version)
    if pending := _pending_version(version):
        waiting = pending.field_dict
        state.update({name: waiting[name] for name in PendingEdit.CONTENT_FIELDS})
        state["authors"] = waiting.get("authors", [])
        state["tags"] = sorted(
            Tag.objects.filter(pk__in=waiting.get("tags", [])).values_list(
                "name", flat=True
            )
        )
    return state


def _plain(html):
    html = LINK.sub(lambda link: f"{link[2]} [link to {link[1]}]", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    return unescape(ANY_TAG.sub("", html)).strip()


def body_text(html):
    """A body as readers read it, a block a paragraph, without markup:
    headings, list items, quotations, pictures and links named in words."""
    paragraphs = []
    for block in body_blocks(html or ""):
        name = (TAG.match(block) or [None, None, ""])[2].lower()
        if name in ("h2", "h3", "h4"):
            paragraphs.append(f"Heading: {_plain(block)}")
        elif name in ("ul", "ol"):
            items = LIST_ITEM.split(block)[1:]
            paragraphs.append("\n".join(f"• {_plain(item)}" for item in items))
        elif name == "blockquote":
            paragraphs.append(f"Quotation: {_plain(block)}")
        elif name == "figure":
            found = IMAGE_ID.search(block)
            picture = f"Picture (library image {found[1]})" if found else "Picture"
            caption = _plain(block)
            paragraphs.append(f"{picture}: {caption}" if caption else picture)
        else:
            paragraphs.append(_plain(block))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    def as_html(self):
        """The two values word by word, removals in <del>, additions in <ins>."""
        before = TOKEN.findall(BLOCK_END.sub(r"\1\n", str(self.before)))
        after = TOKEN.findall(BLOCK_END.sub(r"\1\n", str(self.after)))
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        runs = []  # [removed, added] for changes, a plain string for equal text
        for operation, a1, a2, b1, b2 in matcher.get_opcodes():
            removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
            if operation == "equal":
                runs.append(removed)
            elif runs and isinstance(runs[-1], list):
                runs[-1][0] += removed
                runs[-1][1] += added
            elif len(runs) > 1 and runs[-1].isspace() and isinstance(runs[-2], list):
                # Words changed either side of one space read as one change.
                space = runs.pop()
                runs[-1][0] += space + removed
                runs[-1][1] += space + added
            else:
                runs.append([removed, added])
        parts = []
        for run in runs:
            if isinstance(run, str):
                parts.append(escape(run))
                continue
            removed, added = run
            if removed:
                parts.append(f"<del>{escape(removed)}</del>")
            if added:
                parts.append(f"<ins>{escape(added)}</ins>")
        return mark_safe("".join(parts))


def compare(before, after):
    """The fields whose text differs between two readable states."""
    return [
        FieldChange(label, before.get(label, ""), after.get(label, ""))
        for label in {**before, **after}
        if str(before.get(label, "")) != str(after.get(label, ""))
        and not (_nothing_waits(before, label) and _nothing_waits(after, label))
    ]


def _nothing_waits(state, label):
    """Whether `label` is unpublished text that only repeats the live text."""
    live = label.removesuffix(WAITING)
    return live != label and state.get(label) == state.get(live)


def current_state(article):
    """The stored article, readable like a revision (its newest one)."""
    newest = versions_of(article.pk).first()
    return readable(newest) if newest else {}


@dataclass(frozen=True)
class Restored:
    article: Article
    # For a recovered article: the links other articles had to it, as
    # (article, link label), made again or left as an editor has since set them.
    links_remade: list
    links_left: list


# What a restore leaves as it is on an article that still exists: where it is
# in the workflow is the desk's current decision, not part of its text.
KEPT_ON_RESTORE = {"status", "published_at", "significantly_updated_at"}


def named(version):
    """A revision as a person names it: who saved it and when."""
    when = localtime(version.revision.date_created)
    return (
        f"the revision {saved_by(version)} saved on "
        f"{date_format(when, 'N j, Y')} at {date_format(when, 'H:i')}"
    )


def restore(version, *, user, publish=True, significant_update=False):
    """Make the article read as `version` recorded it (its fields, byline,
    tags and links), in a new revision; recreates it if it was deleted.

    An article that exists keeps its status and publication time, and its
    "Updated" time unless `significant_update`. A live one restored without
    `publish` gets the text, byline and tags as unpublished changes, so
    readers see nothing until an editor publishes them. Links to articles that
    no longer exist are left blank, so they fall back to the neighbouring
    article. Otherwise unpublished changes are discarded: the restored text is
    what the desk chose, and the discarded changes stay in the history. A
    recreated article gets back the links others had to it, where those are
    still blank.
    """
    data = version.field_dict
    blanked_links = []
    with revision(user=user, comment=f"Restored from {named(version)}"):
        article = (
            Article.objects.select_for_update().filter(pk=version.object_id).first()
        )
        restored_fields = RESTORED_FIELDS
        if article is None:
            article = Article(pk=int(version.object_id), version=data["version"])
            reversion.set_comment(f"Recovered after deletion, as in {named(version)}")
            # Noted with its newest revision, whichever one is brought back.
            newest = versions_of(article.pk).first()
            blanked_links = list(
                BlankedLink.objects.filter(
                    revision_id=newest.revision_id, deleted_article_pk=article.pk
                )
            )
        else:
            restored_fields = [f for f in RESTORED_FIELDS if f not in KEPT_ON_RESTORE]
            if article.is_published() and not publish:
                _restore_as_pending_edit(article, version, user, significant_update)
                return Restored(article, [], [])
            if significant_update:
                article.significantly_updated_at = timezone.now()
        if not Section.objects.filter(pk=data["section_id"]).exists():
            raise ValidationError("Its section no longer exists; recreate it first.")
        for name in restored_fields:
            attname = Article._meta.get_field(name).attname
            setattr(article, attname, data.get(attname))
        for name in ("previous_article_id", "next_article_id"):
            if not Article.objects.filter(pk=getattr(article, name)).exists():
                setattr(article, name, None)
        if article.lead_image_id is not None and not (
            Article._meta.get_field("lead_image")
            .related_model.objects.filter(pk=article.lead_image_id)
            .exists()
        ):
            article.lead_image = None
        article.validate_constraints()
        PendingEdit.objects.filter(article_id=article.pk).delete()
        article.save()
        article.authors.set(Author.objects.filter(pk__in=data.get("authors", [])))
        article.tags.set(_tag_names(version))
        remade, left = _remake_links(article, blanked_links)
    return Restored(article, remade, left)


def _restore_as_pending_edit(article, version, user, significant_update):
    data = version.field_dict
    save_pending_edit(
        article=article,
        saved_by=user,
        authors=Author.objects.filter(pk__in=data.get("authors", [])),
        tag_names=_tag_names(version),
        is_significant_update=significant_update,
        **{name: data.get(name) or "" for name in PendingEdit.CONTENT_FIELDS},
    )


def _remake_links(article, blanked_links):
    """Point each linking article that still exists back at `article`, unless
    an editor has set that link since."""
    remade, left = [], []
    for blanked in blanked_links:
        linking = (
            Article.objects.select_for_update()
            .filter(pk=blanked.linking_article_pk)
            .first()
        )
        if linking is None:
            continue
        described_link = (linking, blanked.get_link_display())
        if getattr(linking, f"{blanked.link}_id") is not None:
            left.append(described_link)
            continue
        setattr(linking, blanked.link, article)
        linking.save(update_fields=[blanked.link])
        remade.append(described_link)
    return remade, left
