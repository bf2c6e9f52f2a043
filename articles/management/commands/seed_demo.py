"""A large demo archive in bulk, for benchmarks and for trying the site at size."""

import itertools
import random
import time
from datetime import timedelta

from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.database import refresh_planner_statistics
from articles.models import Article, Author, Section, TaggedArticle
from articles.publishing.cache import SITE, invalidate
from articles.sanitizer import sanitize_body

SECTIONS = ["News", "Politics", "Business", "Sport", "Culture", "Science", "Opinion"]
WORDS = (
    "council harbour budget minister election court river school hospital police "
    "market energy housing transport climate festival museum league coach "
    "research university rail airport bridge mayor union farmers prices water "
    "storm museum archive report inquiry vote plan residents week city region "
    "year local national record figures service late early new old public "
    "private data study season final match players director artists theatre"
).split()
SYLLABLES = "ba de fi go hu ka le mi no pu ra se ti vo wa ya zen tor mar lin".split()
BATCH = 2000


class Vocabulary:
    """The common words above plus 5,000 made-up rarer ones, drawn with
    Zipf's law as words in real text are, so a search matches a realistic
    share of the archive."""

    def __init__(self, rng):
        made_up = {
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(5000)
        }
        self.words = WORDS + sorted(made_up - set(WORDS))
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def sentence(self, length):
        text = " ".join(
            self.rng.choices(self.words, cum_weights=self.cumulative, k=length)
        )
        return text[0].upper() + text[1:] + "."


class Command(BaseCommand):
    help = (
        "Add a large demo archive in bulk: sections, authors, tags and "
        "--articles articles (published over ten years, some scheduled, some "
        "drafts), with bodies of news length. Bodies are sanitised as save() "
        "does, and the database's triggers index them for search."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=8, help="Random seed.")

    def handle(self, *args, articles, seed, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        rng = random.Random(seed)
        started = time.monotonic()
        sections = [
            Section.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "position": position}
            )[0]
            for position, name in enumerate(SECTIONS)
        ]
        authors = self.authors(rng, count=max(10, min(300, articles // 300)))
        tags = self.tags(rng, count=max(20, min(2000, articles // 50)))
        # A few paragraphs reused in different orders keep generation cheap;
        # each body is still sanitised on its own.
        words = Vocabulary(rng)
        paragraphs = [
            "<p>"
            + " ".join(words.sentence(rng.randint(8, 22)) for _ in range(4))
            + "</p>"
            for _ in range(2000)
        ]
        first = (
            Article.objects.order_by("-pk").values_list("pk", flat=True).first()
        ) or 0
        now = timezone.now()
        made = 0
        while made < articles:
            count = min(BATCH, articles - made)
            with transaction.atomic():
                batch = Article.objects.bulk_create(
                    self.article(words, first + made + n, sections, paragraphs, now)
                    for n in range(count)
                )
                self.link(rng, batch, authors, tags)
            made += count
            if options["verbosity"] > 1:
                self.stdout.write(f"{made} articles")
        invalidate(SITE)
        refresh_planner_statistics()
        self.stdout.write(
            f"Added {articles} articles in {time.monotonic() - started:.1f} s."
        )

    def authors(self, rng, *, count):
        existing = {author.slug: author for author in Author.objects.all()}
        wanted = {}
        for n in range(count):
            name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {n}"
            wanted[slugify(name)] = name
        Author.objects.bulk_create(
            Author(name=name, slug=slug)
            for slug, name in wanted.items()
            if slug not in existing
        )
        return list(Author.objects.filter(slug__in=wanted))

    def tags(self, rng, *, count):
        names = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n}" for n in range(count)]
        Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in names),
            ignore_conflicts=True,
        )
        return list(Tag.objects.filter(name__in=names).order_by("pk"))

    def article(self, words, number, sections, paragraphs, now):
        rng = words.rng
        title = words.sentence(rng.randint(5, 11))[:-1]
        roll = rng.random()
        if roll < 0.9:
            status = Article.Status.PUBLISHED
            published_at = now - timedelta(minutes=rng.randint(1, 10 * 365 * 24 * 60))
        elif roll < 0.92:
            status = Article.Status.PUBLISHED
            published_at = now + timedelta(minutes=rng.randint(60, 30 * 24 * 60))
        else:
            status = rng.choice([Article.Status.DRAFT, Article.Status.REVIEW])
            published_at = None
        return Article(
            title=title,
            slug=f"{slugify(title)[:200]}-{number}",
            section=rng.choice(sections),
            dek=words.sentence(rng.randint(12, 25)),
            body=sanitize_body("".join(rng.choices(paragraphs, k=rng.randint(5, 9)))),
            status=status,
            published_at=published_at,
        )

    def link(self, rng, batch, authors, tags):
        """Bylines (one or two) and tags (two to five), with a few tags far
        more used than the rest, as in a real archive."""
        weights = [1 / (rank + 1) for rank in range(len(tags))]
        bylines, taggings = [], []
        Byline = Article.authors.through
        for article in batch:
            for author in rng.sample(authors, k=rng.choice([1, 1, 1, 2])):
                bylines.append(Byline(article_id=article.pk, author_id=author.pk))
            chosen = {tag.pk for tag in rng.choices(tags, weights, k=rng.randint(2, 5))}
            taggings.extend(
                TaggedArticle(content_object_id=article.pk, tag_id=pk) for pk in chosen
            )
        Byline.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(taggings)
