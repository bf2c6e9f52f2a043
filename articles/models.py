from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .figures import check_images_have_alt_text
from .sanitizer import sanitize_body

# First path segments the site itself routes; a section with one of these slugs
# could never be reached at /<slug>/.
RESERVED_SECTION_SLUGS = frozenset(
    {"admin", "api", "archive", "authors", "feed", "media", "search", "static", "tags"}
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
    slug = models.SlugField(
        max_length=100, unique=True, validators=[validate_section_slug]
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

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="A sentence or two, shown to readers.")

    objects = SlugManager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Readable by the public: marked published and its time has come."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def get_by_natural_key(self, slug, section_slug):
        return self.get(slug=slug, section__slug=section_slug)

    def related_to(self, article):
        """Others sharing the most tags with `article`, newest first among
        equals; then others from its section that share none."""
        its_tags = TaggedArticle.objects.filter(content_object=article).values("tag")
        shared = Count("tagged_items", filter=Q(tagged_items__tag__in=its_tags))
        return (
            self.exclude(pk=article.pk)
            .annotate(shared_tags=shared)
            .filter(Q(shared_tags__gt=0) | Q(section_id=article.section_id))
            .order_by("-shared_tags", "-published_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        blank=True,
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

    # Where an imported article came from, so re-imports update it and old
    # addresses can be redirected.
    source_guid = models.CharField(
        "source GUID",
        max_length=500,
        blank=True,
        help_text="The identifier the article had in the system it was imported "
        "from; re-imports match on it.",
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
            models.UniqueConstraint(
                fields=["source_guid"],
                condition=~Q(source_guid=""),
                name="article_unique_source_guid",
                violation_error_message="Another article was imported from the "
                "same source item.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
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
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_pub_idx",
            ),
            # Plain-text imports find previous/next articles by title.
            models.Index(fields=["title"], name="article_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        check_images_have_alt_text(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "articles:detail",
            kwargs={"section_slug": self.section.slug, "slug": self.slug},
        )

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

    def natural_key(self):
        return (self.slug, *self.section.natural_key())

    natural_key.dependencies = ["articles.section"]

    def fill_derived_fields(self):
        """Derive what the editor may leave out, and sanitise the body.

        Runs on every save, so that the admin, imports and the shell store the
        same clean HTML.
        """
        if not self.slug:
            self.slug = slugify(self.title)[: self._meta.get_field("slug").max_length]
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
        # Ties on published_at break on pk, as Django's get_next_by_FOO does.
        lookup = "lt" if older else "gt"
        beyond = Q(**{f"published_at__{lookup}": self.published_at}) | Q(
            published_at=self.published_at, **{f"pk__{lookup}": self.pk}
        )
        ordering = ["-published_at", "-pk"] if older else ["published_at", "pk"]
        return (
            Article.objects.published()
            .filter(beyond, section_id=self.section_id)
            .select_related("section")
            .order_by(*ordering)
            .first()
        )


class TaggedArticleManager(models.Manager):
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

    objects = TaggedArticleManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            )
        ]

    def natural_key(self):
        return (*self.tag.natural_key(), *self.content_object.natural_key())

    natural_key.dependencies = ["taggit.tag", "articles.article"]
