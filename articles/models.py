import copy
from contextlib import contextmanager
from datetime import timedelta

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from operations.links import link

from .figures import check_images_have_alt_text
from .sanitizer import sanitize_body
from .signals import article_transitioned

# First path segments the site itself routes; a section with one of these slugs
# could never be reached at /<slug>/.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "archive",
        "authors",
        "feed",
        "media",
        "preview",
        "search",
        "static",
        "tags",
    }
)
# Second path segments a section routes (/<section>/feed/, /<section>/archive/);
# an article with one of these slugs would be shadowed by them.
RESERVED_ARTICLE_SLUGS = frozenset({"archive", "feed"})


def _refuse_reserved(slug, reserved):
    if slug in reserved:
        raise ValidationError(
            "“%(slug)s” is used by the site itself; choose another slug.",
            code="reserved",
            params={"slug": slug},
        )


def validate_section_slug(slug):
    admin_segment = settings.ADMIN_URL.split("/")[0]
    _refuse_reserved(slug, RESERVED_SECTION_SLUGS | {admin_segment})


def validate_article_slug(slug):
    _refuse_reserved(slug, RESERVED_ARTICLE_SLUGS)


class SlugManager(models.Manager):
    """Finds rows by their unique slug, which is their natural key in fixtures."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # Letters of any script: a Greek or Cyrillic newsroom names its sections
    # in its own alphabet.
    slug = models.SlugField(
        max_length=100,
        unique=True,
        allow_unicode=True,
        validators=[validate_section_slug],
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site navigation; lower comes first."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            renamed = Section.objects.filter(pk=self.pk).exclude(slug=self.slug)
            # Readers may have bookmarked any article that has been public here.
            moved = list(
                self.articles.filter(published_at__lte=timezone.now())
                .select_related("section")
                .order_by("pk")
                if self.pk and renamed.exists()
                else []
            )
            old_paths = [article.get_absolute_url() for article in moved]
            super().save(*args, **kwargs)
            for article, old_path in zip(moved, old_paths, strict=True):
                article.section = self
                article.check_url_is_free()
                article.remember_old_url(old_path)

    def get_absolute_url(self):
        return link("articles:section", slug=self.slug)

    def natural_key(self):
        return (self.slug,)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="Their job here, as readers see it: “Political correspondent”.",
    )
    bio = models.TextField(blank=True, help_text="A sentence or two, shown to readers.")
    photo = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_of_authors",
        help_text="A head-and-shoulders picture from the image library.",
    )
    email = models.EmailField(
        blank=True, help_text="Shown on their page, for readers with a tip."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("articles:author", slug=self.slug)

    def natural_key(self):
        return (self.slug,)


class AuthorLinkManager(models.Manager):
    def get_by_natural_key(self, url, author_slug):
        return self.get(url=url, author__slug=author_slug)


class AuthorLink(models.Model):
    """A page of an author's elsewhere: their website or a social profile."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=60, help_text="What readers click: “Mastodon”.")
    url = models.URLField("address", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    objects = AuthorLinkManager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "url"], name="author_link_unique_url"
            )
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.url, *self.author.natural_key())

    natural_key.dependencies = ["articles.author"]


class EditConflict(Exception):
    """The row was saved by someone else since this copy was loaded."""


class SaveCounted(models.Model):
    """A row editors change from forms that may stay open a while.

    It counts its saves; an editor's copy carries the count it was read at,
    and a save from an older count is refused rather than overwriting newer
    work.
    """

    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def stale_message(self):
        return (
            f"“{self}” was saved by someone else while this copy was open; "
            "reload it and apply the change again."
        )

    def lock_stored(self, *fields):
        """The stored row's `fields`, locked until the transaction ends (None
        for a new row); EditConflict if it was saved since this copy was read."""
        if self._state.adding:
            return None
        stored = (
            type(self)
            ._default_manager.select_for_update(of=("self",))
            .filter(pk=self.pk)
            .values("version", *fields)
            .first()
        )
        if stored is not None and stored["version"] != self.version:
            raise EditConflict(self.stale_message())
        return stored

    @contextmanager
    def counting_save(self):
        """Count the save written inside; a failed one leaves the count as it
        was, since nothing was written and the copy is as fresh."""
        self.version += 1
        try:
            yield
        except BaseException:
            self.version -= 1
            raise


def public_path(stored):
    """The address readers have had for an article as `stored` (a row of
    Article.lock_stored()), if they ever had one."""
    if stored is None or not stored["published_at"]:
        return None
    if stored["published_at"] > timezone.now():
        return None
    return link(
        "articles:detail", section_slug=stored["section__slug"], slug=stored["slug"]
    )


def live_q():
    """The one rule for what readers may see: published, and its time has come."""
    return Q(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


def published_sql(alias, using=connection):
    """(condition, params): live_q() as SQL on the articles table named
    `alias`, for the reader pages' own statements (articles/reader/queries.py,
    articles/neighbours.py) on the connection `using`; tests hold the two to
    the same cases."""
    return (
        f"{alias}.status = %s AND {alias}.published_at <= %s",
        [
            Article.Status.PUBLISHED,
            using.ops.adapt_datetimefield_value(timezone.now()),
        ],
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Readable by the public: marked published and its time has come."""
        return self.filter(live_q())

    def unpublished(self):
        """Everything readers cannot see: drafts, in review and scheduled."""
        return self.exclude(live_q())

    def scheduled(self):
        """Published with a future time: embargoed until that moment."""
        return self.filter(status=Article.Status.PUBLISHED).exclude(live_q())

    def for_article_page(self):
        """With everything the article page shows, in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            "authors", "tags", "corrections", "lead_image__renditions"
        )

    def beyond(self, article, *, older):
        """Articles of `article`'s section older (or newer) than it, nearest
        first; for an article without a time, none."""
        if article.published_at is None:
            return self.none()
        # Ties on published_at break on pk, as Django's get_next_by_FOO does.
        lookup = "lt" if older else "gt"
        beyond = Q(**{f"published_at__{lookup}": article.published_at}) | Q(
            published_at=article.published_at, **{f"pk__{lookup}": article.pk}
        )
        ordering = ["-published_at", "-pk"] if older else ["published_at", "pk"]
        # The same bound again, outside the OR: inside page_neighbours()'s
        # query SQLite otherwise walks the index from now back to this article
        # (5.7 ms instead of 2.6 for a mid-archive article of 100,000).
        bound = {f"published_at__{lookup}e": article.published_at}
        return self.filter(beyond, section_id=article.section_id, **bound).order_by(
            *ordering
        )

    def get_by_natural_key(self, slug, section_slug):
        return self.get(slug=slug, section__slug=section_slug)


class Article(SaveCounted):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        blank=True,
        allow_unicode=True,
        validators=[validate_article_slug],
        help_text="The last part of the article's address; unique within its "
        "section. Left blank, it is made from the title.",
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles"
    )
    dek = models.TextField(
        "standfirst",
        blank=True,
        help_text="One or two sentences under the headline.",
    )
    body = models.TextField(
        blank=True,
        help_text="Paragraphs, subheadings, links, lists, emphasis and "
        "quotations. Other formatting is removed on save.",
    )
    seo_title = models.CharField(
        "headline for search and social",
        max_length=255,
        blank=True,
        help_text="The page title search engines and shares show. Left blank, "
        "the headline.",
    )
    seo_description = models.TextField(
        "description for search and social",
        max_length=300,
        blank=True,
        help_text="The summary search engines and shares show. Left blank, the "
        "standfirst, or else the opening of the body.",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of_articles",
        help_text="Shown above the article and when it is shared.",
    )
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="A future time schedules the article. Left blank when "
        "publishing, it is set to now.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    significantly_updated_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="Shown to readers as “Updated”; set by a significant update, "
        "not by typo fixes.",
    )
    tags = TaggableManager(through="TaggedArticle", blank=True)
    previous_article = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave blank for the next older article in the same section.",
    )
    next_article = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave blank for the next newer article in the same section.",
    )

    # Where an imported article came from, so re-imports update it, old
    # addresses can be redirected and feed readers see the entries they know.
    source_id = models.CharField(
        "source item",
        max_length=500,
        blank=True,
        help_text="The item the article was imported from (its site and its id "
        "there); re-imports match on it.",
    )
    source_guid = models.CharField(
        "source GUID",
        max_length=500,
        blank=True,
        help_text="The identifier the article had in the system it was imported "
        "from; its feed entry keeps it, so subscribers see nothing twice.",
    )
    source_url = models.URLField(
        "source address",
        max_length=500,
        blank=True,
        help_text="The address the article had before it was imported.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "slug"],
                name="article_unique_slug_in_section",
                violation_error_message="This section already has an article "
                "with this slug.",
            ),
            # Not the GUID: WordPress exports can give two posts the same one.
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~Q(source_id=""),
                name="article_unique_source_id",
                violation_error_message="Another article was imported from the "
                "same source item.",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(previous_article=models.F("pk")),
                name="article_previous_not_self",
                violation_error_message="An article cannot be its own previous "
                "article.",
            ),
            models.CheckConstraint(
                condition=~Q(next_article=models.F("pk")),
                name="article_next_not_self",
                violation_error_message="An article cannot be its own next article.",
            ),
        ]
        indexes = [
            # Newest first to the last column, as the reader's lists order
            # (published_at, id): a deep page's OFFSET is then a walk along
            # the index, with no sort of the rows sharing a time.
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_status_pub_idx",
            ),
            models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_pub_idx",
            ),
            # Plain-text imports find previous/next articles by title.
            models.Index(fields=["title"], name="article_title_idx"),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish")]

    def __str__(self):
        return self.title

    def save(self, *args, transition_note="", **kwargs):
        """Save through the one write path; `transition_note` goes with the
        article_transitioned signal this save sends, if it sends one."""
        self.fill_derived_fields()
        check_images_have_alt_text(self)
        # Every save keeps a revision; a caller's open revision (with its user
        # and comment) takes this one in.
        with transaction.atomic(), reversion.create_revision():
            stored = self.lock_stored("status", "published_at", "slug", "section__slug")
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            self.check_url_is_free()
            with self.counting_save():
                super().save(*args, **kwargs)
                self.remember_old_url(public_path(stored))
                self._announce_transition(stored, note=transition_note)

    def get_absolute_url(self):
        # reverse() in effect (operations/links.py), at a fraction of its cost:
        # list pages and feeds link dozens of articles.
        return link("articles:detail", section_slug=self.section.slug, slug=self.slug)

    def clean(self):
        self.fill_derived_fields()
        if not self.slug:
            raise ValidationError(
                {"slug": "The title gives no slug; enter one by hand."}
            )
        # A slug made from the title here skipped the field's validators.
        try:
            validate_article_slug(self.slug)
        except ValidationError as error:
            raise ValidationError({"slug": error}) from None
        check_images_have_alt_text(self)
        if self.section_id is not None:
            self.check_url_is_free()

    def natural_key(self):
        return (self.slug, *self.section.natural_key())

    natural_key.dependencies = ["articles.section"]

    def fill_derived_fields(self):
        """Derive what the editor may leave out, and sanitise the body.

        Runs on every save, so that the admin, imports and the shell store the
        same clean HTML.
        """
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[
                : self._meta.get_field("slug").max_length
            ]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body = sanitize_body(self.body)

    def is_published(self):
        """The same rule as ArticleQuerySet.published(), for one loaded article."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def search_title(self):
        """The title the page gives search engines and social cards."""
        return self.seo_title or self.title

    def is_scheduled(self):
        """Published with a future time (embargoed), as ArticleQuerySet.scheduled()."""
        return self.status == self.Status.PUBLISHED and not self.is_published()

    def publish(self, *, at=None):
        """Publish at `at`, or now; a future time schedules the article."""
        self.status = self.Status.PUBLISHED
        self.published_at = at or timezone.now()
        self.save()

    def submit_for_review(self):
        self.status = self.Status.REVIEW
        self.save()

    def make_draft(self, *, note=""):
        """Take the article off the site (or out of review) as a draft, with
        `note` for whoever submitted it.

        A time that never came is forgotten, so the draft was never public; a
        past one is kept, so its old addresses still count as taken.
        """
        self.status = self.Status.DRAFT
        if self.published_at and self.published_at > timezone.now():
            self.published_at = None
        self.save(transition_note=note)

    def check_url_is_free(self):
        """Refuse the address if it once belonged to another article, whose
        readers it still redirects."""
        taken = ArticleRedirect.objects.filter(old_path=self.get_absolute_url())
        if taken.exclude(article_id=self.pk).exists():
            raise ValidationError(
                {
                    "slug": "Another article used this address before, and it "
                    "still leads there; choose another slug."
                }
            )

    def _announce_transition(self, stored, *, note):
        """Tell the listeners if this save moved the article from its `stored`
        state (None for a new article)."""
        status, published_at = (
            (stored["status"], stored["published_at"]) if stored else (None, None)
        )
        moved = status != self.status or (
            self.status == self.Status.PUBLISHED and published_at != self.published_at
        )
        if not moved:
            return
        article_transitioned.send(
            sender=Article,
            article=self,
            created=stored is None,
            previous_status=status,
            previous_published_at=published_at,
            by=reversion.get_user() if reversion.is_active() else None,
            note=note,
        )

    def remember_old_url(self, old_path):
        """Make `old_path` lead here, unless it is the current address."""
        new_path = self.get_absolute_url()
        # Coming back to an old address makes it the article's own again.
        self.redirects.filter(old_path=new_path).delete()
        if old_path and old_path != new_path:
            ArticleRedirect.objects.get_or_create(old_path=old_path, article=self)

    def with_pending_edit(self):
        """The article as it will read once its unpublished changes are
        published (itself when there are none); for previews, never saved."""
        try:
            pending = self.pending_edit
        except PendingEdit.DoesNotExist:
            return self
        return pending.applied_to(self)

    @transaction.atomic
    def publish_pending_edit(self):
        """Make the unpublished changes live in one step."""
        pending = self.pending_edit
        for field in PendingEdit.CONTENT_FIELDS:
            setattr(self, field, getattr(pending, field))
        if pending.is_significant_update:
            self.significantly_updated_at = timezone.now()
        self.save()
        self.authors.set(pending.authors.all())
        self.tags.set(pending.tags.all())
        pending.delete()
        Article.pending_edit.related.delete_cached_value(self)

    def get_previous_published(self):
        """The editor's previous link if readers can see it, else the next older
        published article in the same section."""
        return self._linked_or_adjacent(self.previous_article, older=True)

    def get_next_published(self):
        """The editor's next link if readers can see it, else the next newer
        published article in the same section."""
        return self._linked_or_adjacent(self.next_article, older=False)

    def _linked_or_adjacent(self, linked, *, older):
        if linked is not None and linked.pk != self.pk and linked.is_published():
            return linked
        if self.published_at is None:
            return None
        return (
            Article.objects.published()
            .beyond(self, older=older)
            .select_related("section")
            .first()
        )


class TaggedArticleManager(models.Manager):
    def published_tags(self):
        """Tags some published article carries (the taggings' copy of its
        time): a tag used only on drafts must not reveal that it exists."""
        taggings = self.filter(published_at__lte=timezone.now())
        return Tag.objects.filter(pk__in=models.Subquery(taggings.values("tag_id")))

    def get_by_natural_key(self, tag_name, article_slug, section_slug):
        return self.get(
            tag__name=tag_name,
            content_object__slug=article_slug,
            content_object__section__slug=section_slug,
        )


class TaggedArticle(TaggedItemBase):
    """Joins articles to tags with a real foreign key, rather than taggit's
    generic relation, so the database keeps the join honest and indexed."""

    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tagged_items"
    )

    # The article's published_at while it is published, else null; kept by
    # the database (articles/database.py) for the index below.
    published_at = models.DateTimeField(null=True, editable=False)

    objects = TaggedArticleManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            )
        ]
        indexes = [
            # A tag's newest published articles, for related articles.
            models.Index(
                fields=["tag", "-published_at", "-content_object"],
                name="tagged_article_pub_idx",
            )
        ]

    def natural_key(self):
        return (*self.tag.natural_key(), *self.content_object.natural_key())

    natural_key.dependencies = ["taggit.tag", "articles.article"]


class PendingEdit(models.Model):
    """Changes to a live article saved without publishing them: readers keep
    seeing the article's own fields until an editor publishes these."""

    # What may wait for publication; the address, section, links and
    # publishing settings change only on the article itself.
    CONTENT_FIELDS = ("title", "dek", "body")

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="pending_edit"
    )
    title = models.CharField(max_length=255)
    dek = models.TextField("standfirst", blank=True)
    body = models.TextField(blank=True)
    authors = models.ManyToManyField(Author, blank=True, related_name="+")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    is_significant_update = models.BooleanField(
        default=False, help_text="Publishing these changes sets the “Updated” time."
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Unpublished changes to “{self.article}”"

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def applied_to(self, article):
        """A copy of `article` with these changes in place of its own."""
        preview = copy.copy(article)
        for field in self.CONTENT_FIELDS:
            setattr(preview, field, getattr(self, field))
        # Templates read article.authors.all and article.tags.all; these
        # caches make them return the pending byline and tags.
        preview._prefetched_objects_cache = {
            **getattr(article, "_prefetched_objects_cache", {}),
            "authors": self.authors.all(),
            "tags": self.tags.all(),
        }
        return preview


def save_pending_edit(*, article, saved_by, authors, tag_names, **fields):
    """Keep `fields`, `authors` and tags as the article's unpublished changes.

    Raises EditConflict if the article was saved since `article` was loaded.
    """
    with transaction.atomic(), reversion.create_revision():
        stored = Article.objects.select_for_update().get(pk=article.pk)
        if stored.version != article.version:
            raise EditConflict(f"“{stored}” was saved by someone else meanwhile.")
        pending, _ = PendingEdit.objects.update_or_create(
            article=article, defaults={**fields, "saved_by": saved_by}
        )
        pending.authors.set(authors)
        pending.tags.set(
            Tag.objects.filter(name__iexact=name).first()
            or Tag.objects.create(name=name)
            for name in tag_names
        )
        # The article's own fields stay as they are; only its save count moves,
        # so forms opened before these changes are refused too.
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
        article.version += 1
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
    return pending


class OldPathManager(models.Manager):
    def get_by_natural_key(self, old_path):
        return self.get(old_path=old_path)


class CorrectionManager(models.Manager):
    def get_by_natural_key(self, corrected_at, article_slug, section_slug):
        # Fixtures keep times to the millisecond; the database to the microsecond.
        if isinstance(corrected_at, str):
            corrected_at = parse_datetime(corrected_at)
        return self.get(
            corrected_at__gte=corrected_at,
            corrected_at__lt=corrected_at + timedelta(milliseconds=1),
            article__slug=article_slug,
            article__section__slug=section_slug,
        )


class Correction(models.Model):
    """A correction readers see at the foot of the article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    corrected_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(
        help_text="What was wrong and what is right, as readers will read it."
    )

    objects = CorrectionManager()

    class Meta:
        ordering = ["corrected_at", "pk"]

    def __str__(self):
        return f"Correction of {self.corrected_at:%Y-%m-%d} to “{self.article}”"

    def natural_key(self):
        return (self.corrected_at, *self.article.natural_key())

    natural_key.dependencies = ["articles.article"]


class ArticleRedirect(models.Model):
    """An address that once led to an article (an older slug or section, or a
    page on a site it was imported from) and now leads to its current one."""

    old_path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The path from the site root, such as /news/old-slug/.",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OldPathManager()

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.article}"

    def natural_key(self):
        return (self.old_path,)

    natural_key.dependencies = ["articles.article"]

    def clean(self):
        try:
            match = resolve(self.old_path)
        except Resolver404:
            return
        if match.view_name == "articles:detail" and (
            Article.objects.filter(
                section__slug=match.kwargs["section_slug"], slug=match.kwargs["slug"]
            )
            .exclude(pk=self.article_id)
            .exists()
        ):
            raise ValidationError(
                {
                    "old_path": "This is another article's address; it cannot lead "
                    "elsewhere."
                }
            )


def preview_link_lifetime():
    """The longest a share link lasts from when it was made."""
    return timedelta(days=settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS)


def default_preview_link_expiry():
    return timezone.now() + preview_link_lifetime()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their preview: not revoked, not expired, and
        younger than the longest lifetime, whatever expiry they carry."""
        now = timezone.now()
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            created_at__gt=now - preview_link_lifetime(),
        )


class PreviewLink(models.Model):
    """A share link that lets someone without an account read one article's
    preview until it expires or is revoked."""

    SIGNING_SALT = "articles.preview-link"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="preview_links"
    )
    shared_with = models.CharField(
        max_length=200, blank=True, help_text="Who the link is for, as a reminder."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_preview_link_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview of “{self.article}” for {self.shared_with or 'anyone'}"

    def get_absolute_url(self):
        # Signing the id keeps links from being guessed by counting.
        token = signing.dumps(self.pk, salt=self.SIGNING_SALT)
        return reverse("articles:shared_preview", kwargs={"token": token})

    def clean(self):
        latest = (self.created_at or timezone.now()) + preview_link_lifetime()
        if self.expires_at and self.expires_at > latest:
            days = settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS
            raise ValidationError(
                {
                    "expires_at": f"A share link lasts {days} days at most; "
                    "make a new one when it ends."
                }
            )

    @classmethod
    def from_token(cls, token):
        """The link a token names, active or not, or None for a forged one."""
        try:
            pk = signing.loads(token, salt=cls.SIGNING_SALT)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk).first()

    def is_active(self):
        return PreviewLink.objects.active().filter(pk=self.pk).exists()

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


@receiver(pre_save, sender=Article)
@receiver(pre_save, sender=PendingEdit)
def clean_raw_body(sender, instance, raw, **kwargs):
    """loaddata and revision reverts store rows with save_base(raw=True),
    which skips save(): clean the body on that path too."""
    if raw:
        instance.body = sanitize_body(instance.body)


class EditLock(models.Model):
    """Who has an article open in the admin, and since when: a notice to
    others that expires by itself, not a bar to saving (Article.version is
    what protects a save)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="edit_lock"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField()
    seen_at = models.DateTimeField(help_text="The holder's page last checked in.")
    taken_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True, help_text="Left for whoever was taken over.")

    def __str__(self):
        return f"“{self.article}” open by {self.holder}"


class Autosave(models.Model):
    """What one editor last typed into an article's form, kept on the server
    while they type so it follows them to another browser. One row per editor
    and article, replaced each time; not a revision, never live, never shown
    to readers or to other editors."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    base_version = models.PositiveIntegerField(
        help_text="The article's save count when the form was opened."
    )
    title = models.CharField(max_length=255, blank=True)
    dek = models.TextField("standfirst", blank=True)
    body = models.TextField(blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_autosave_per_editor"
            )
        ]

    def __str__(self):
        return f"{self.user}'s unsaved text of “{self.article}”"


class BlankedLink(models.Model):
    """A previous/next link that deleting an article blanked in another one,
    kept with the deleted article's last revision so that recovering it can
    make the link again."""

    class Link(models.TextChoices):
        PREVIOUS = "previous_article", "previous article"
        NEXT = "next_article", "next article"

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="+"
    )
    # Plain ids, not keys: the deleted article is gone, the linking one may go.
    deleted_article_pk = models.BigIntegerField()
    linking_article_pk = models.BigIntegerField()
    link = models.CharField(max_length=20, choices=Link.choices)

    def __str__(self):
        return f"#{self.linking_article_pk}'s {self.get_link_display()}"


class PageGeneration(models.Model):
    """The page cache's generations, shared through the database when each
    process keeps its own cache (articles/publishing/cache.py): the number of
    the latest change to each dependency, and in the row named "" the latest
    number given out."""

    name = models.CharField(primary_key=True, max_length=200)
    number = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"{self.name or 'latest'}: {self.number}"
