"""Fronts editors arrange, the arrangements kept of them, and the banner.

A `Front` is a page editors arrange: the home page (no section) or a
section's front. Its `Placement` and `BlockPlacement` rows are the working
arrangement the admin edits; each save keeps an `Arrangement`, the story and
section ids in order with who saved it and when it takes effect, and readers
are shown the arrangement in effect, never the working rows. Any article can
be placed; only what `Article.objects.published()` allows is ever shown.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, SaveCounted, Section
from articles.publishing.cache import SITE, kept_in_memory
from articles.reader.views import HomeView

# The page cache's dependency of every page an arrangement shapes (the home
# page and the section fronts) and of the moments they change.
FRONT = "front"
# The home page's lead and top stories; a section front's pins.
HOME_STORIES = 1 + HomeView.top_stories
SECTION_PINS = 3


class Front(SaveCounted):
    section = models.OneToOneField(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="front",
        help_text="Leave empty for the home page.",
    )

    class Meta:
        constraints = [
            # One home page: a NULL section would be unique on its own.
            models.UniqueConstraint(
                Coalesce("section", Value(0)),
                name="frontpage_one_front_per_page",
                violation_error_message="That page has a front already.",
            )
        ]

    def __str__(self):
        return f"{self.section.name} front" if self.section_id else "Home page"

    @property
    def is_home(self):
        return self.section_id is None

    @property
    def story_places(self):
        return HOME_STORIES if self.is_home else SECTION_PINS

    def keep_arrangement(self, *, user, takes_effect_at=None):
        """Keep the working placements as an arrangement that takes effect at
        `takes_effect_at` (now if None)."""
        return self.arrangements.create(
            stories=list(self.placements.values_list("article_id", flat=True)),
            section_blocks=list(
                self.section_blocks.values_list("section_id", flat=True)
            ),
            takes_effect_at=takes_effect_at or timezone.now(),
            saved_by=user,
        )

    def put_back(self, arrangement, *, user):
        """Make an older arrangement the working one and the front, now."""
        self.placements.all().delete()
        self.section_blocks.all().delete()
        Placement.objects.bulk_create(
            Placement(front=self, article_id=pk, position=position)
            for position, pk in enumerate(
                ordered_existing(Article, arrangement.stories), start=1
            )
        )
        BlockPlacement.objects.bulk_create(
            BlockPlacement(front=self, section_id=pk, position=position)
            for position, pk in enumerate(
                ordered_existing(Section, arrangement.section_blocks), start=1
            )
        )
        self.count_change()
        return self.keep_arrangement(user=user)

    def count_change(self):
        """Count a change made to the front's arrangements: an editor's form
        opened before it is now out of date."""
        self.version += 1
        self.save(update_fields=["version"])


def ordered_existing(model, ids):
    """`ids` in their order, less those of rows deleted since."""
    existing = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in existing]


class Placement(models.Model):
    """A story on a front's working arrangement: the home page's first leads
    it, a section front's are pinned above its newest stories."""

    front = models.ForeignKey(
        Front, on_delete=models.CASCADE, related_name="placements"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["front", "article"], name="frontpage_placed_once"
            )
        ]

    def __str__(self):
        return self.article.title

    def clean(self):
        front = getattr(self, "front", None)
        article = getattr(self, "article", None)
        if front and article and front.section_id:
            if article.section_id != front.section_id:
                raise ValidationError(
                    {
                        "article": f"Only {front.section.name} stories can be "
                        "pinned here."
                    }
                )


class BlockPlacement(models.Model):
    """A section given a block of its newest stories on the home page."""

    front = models.ForeignKey(
        Front, on_delete=models.CASCADE, related_name="section_blocks"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "section block"
        constraints = [
            models.UniqueConstraint(
                fields=["front", "section"], name="frontpage_block_once"
            )
        ]

    def __str__(self):
        return self.section.name


class ArrangementQuerySet(models.QuerySet):
    def in_effect(self, at=None):
        """Arrangements whose time has come, the one readers see first."""
        return self.filter(takes_effect_at__lte=at or timezone.now()).order_by(
            "-takes_effect_at", "-pk"
        )

    def scheduled(self, at=None):
        return self.filter(takes_effect_at__gt=at or timezone.now())


class Arrangement(models.Model):
    """One saved arrangement of a front, kept for ever. The front readers see
    is the one whose `takes_effect_at` came last (the later save on a tie)."""

    front = models.ForeignKey(
        Front, on_delete=models.CASCADE, related_name="arrangements"
    )
    # Ids in the editors' order; articles and sections deleted since are
    # skipped, and only published stories are shown.
    stories = models.JSONField(default=list)
    section_blocks = models.JSONField(default=list)
    takes_effect_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-takes_effect_at", "-pk"]
        indexes = [models.Index(fields=["front", "takes_effect_at"])]

    def __str__(self):
        takes_effect_at = timezone.localtime(self.takes_effect_at)
        return f"{self.front} from {takes_effect_at:%Y-%m-%d %H:%M}"

    def is_scheduled(self):
        return self.takes_effect_at > timezone.now()


def link_validator(value):
    """A banner links to a page of the site (/...) or to an http(s) address."""
    if not value.startswith("/") or value.startswith("//"):
        URLValidator(schemes=["http", "https"])(value)


class BreakingNewsQuerySet(models.QuerySet):
    def shown(self, at=None):
        """Banners up and not expired at `at` (now), newest first."""
        at = at or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at), is_shown=True
        ).order_by("-created_at", "-pk")


class BreakingNews(models.Model):
    """The banner under the masthead of every reader page, until it expires
    or is taken down; the newest shown wins."""

    text = models.CharField(max_length=200)
    link = models.CharField(
        max_length=500,
        blank=True,
        validators=[link_validator],
        help_text="A page of this site (/news/…) or a full address.",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to show it until taken down."
    )
    is_shown = models.BooleanField(
        "shown", default=True, help_text="Untick to take the banner down."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = "breaking-news banner"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text

    def is_active(self, at=None):
        at = at or timezone.now()
        return self.is_shown and (self.expires_at is None or self.expires_at > at)


# What readers are shown, from each process's memory until an arrangement or
# a banner changes: the arrangements in effect and those still to come, so
# the moment one takes effect needs no query.


def kept_arrangements():
    """[(section id or None, takes_effect_at, stories, section_blocks)], the
    latest first: per front the one in effect and every scheduled one."""

    def build():
        now = timezone.now()
        in_effect = models.Subquery(
            Arrangement.objects.filter(front=models.OuterRef("front"))
            .in_effect(now)
            .values("pk")[:1]
        )
        rows = (
            Arrangement.objects.annotate(current=in_effect)
            .filter(Q(pk=models.F("current")) | Q(takes_effect_at__gt=now))
            .order_by("-takes_effect_at", "-pk")
            .values_list(
                "front__section", "takes_effect_at", "stories", "section_blocks"
            )
        )
        return list(rows)

    return kept_in_memory("frontpage:arrangements", FRONT, build)


def kept_banners():
    return kept_in_memory(
        "frontpage:banners", SITE, lambda: list(BreakingNews.objects.shown())
    )


def arrangement_in_effect(section_id=None, at=None):
    """(stories, section_blocks) of the front of `section_id` (None: the home
    page) in effect at `at` (now), or None if it was never arranged."""
    at = at or timezone.now()
    for front_section, takes_effect_at, stories, blocks in kept_arrangements():
        if front_section == section_id and takes_effect_at <= at:
            return stories, blocks
    return None


def active_banner(at=None):
    """The breaking-news banner readers see now, or None."""
    return next((b for b in kept_banners() if b.is_active(at)), None)


def next_moment():
    """When a front or the banner next changes by the clock alone (a
    timestamp), or None; for the page cache's expiry."""
    now = timezone.now()
    moments = [when for _, when, _, _ in kept_arrangements() if when > now]
    moments += [
        b.expires_at for b in kept_banners() if b.is_active(now) and b.expires_at
    ]
    return min(moments).timestamp() if moments else None


def current_front(section=None):
    """The ids of the stories placed on the front of `section` (None: the
    home page) now, in order, published or not; [] if never arranged."""
    arranged = arrangement_in_effect(section.pk if section else None)
    return list(arranged[0]) if arranged else []
