"""A large demo archive in bulk, for benchmarks and for trying the site at size."""

import itertools
import random
import time
from contextlib import nullcontext
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.database import indexes_built_after, refresh_planner_statistics
from articles.management import demo_copy, demo_photos
from articles.models import Article, Author, AuthorLink, Section, TaggedArticle
from articles.publishing.cache import SITE, invalidate
from articles.sanitizer import sanitize_body
from articles.search.index import copies_keep_their_index
from images.models import Image

SECTIONS = ["News", "Politics", "Business", "Sport", "Culture", "Science", "Opinion"]
SYLLABLES = "ba de fi go hu ka le mi no pu ra se ti vo wa ya zen tor mar lin".split()
BATCH = 2000
# Past this many articles, the rest are copies of these (--distinct).
DISTINCT = 100_000
# What copy() writes.
COPIED_TABLES = [
    model._meta.db_table for model in (Article, Article.authors.through, TaggedArticle)
]
# Ten years, in minutes: the span published articles are spread over.
ARCHIVE_MINUTES = 10 * 365 * 24 * 60
# Share of articles (outside opinion) that have a lead photo.
PHOTO_SHARE = 0.8
# The newest stories of a run come this close together, as a day's news does.
RECENT_STORIES = 80
RECENT_MINUTES = 2 * 24 * 60


def stored_columns(cursor, table):
    """The table's own columns, not the model's, so that a column only the
    database knows (the search index's) is copied too; generated columns,
    which the database computes, left out."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s "
            "AND is_generated = 'NEVER' ORDER BY ordinal_position",
            [table],
        )
    else:
        # table_info, unlike table_xinfo, leaves generated columns out.
        cursor.execute("SELECT name FROM pragma_table_info(%s) ORDER BY cid", [table])
    return [name for (name,) in cursor.fetchall()]


class Places:
    """5,000 made-up place names, drawn with Zipf's law as words in real text
    are, so a search for one matches a realistic share of the archive."""

    def __init__(self, rng):
        made_up = {
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(5000)
        }
        self.names = sorted(made_up - demo_copy.template_words())
        # In no order, or the commonest places would all start "Baba".
        rng.shuffle(self.names)
        weights = [1 / (rank + 1) for rank in range(len(self.names))]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def __call__(self):
        return self.rng.choices(self.names, cum_weights=self.cumulative)[0].title()


class Command(BaseCommand):
    help = (
        "Add a large demo archive in bulk: sections, writers (with roles, "
        "biographies, links and portraits), tags and --articles articles "
        "(published over ten years, some scheduled, some drafts), with bodies "
        "of news length and, for most, a lead photo. Bodies are sanitised as "
        "save() does, and the database's triggers index them for search. "
        "Photos are drawn, then stored through the image library like any "
        "upload; articles share a pool of --photos of them. Past --distinct "
        "articles, the rest are copies of the first ones (with their bylines "
        "and tags, each its own slug and publication time), which the database "
        "writes itself, a million articles in minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument(
            "--photos",
            type=int,
            default=None,
            help="How many lead photos and portraits to draw (default: from 16 "
            "to 40, growing with --articles); 0 for none.",
        )
        parser.add_argument("--seed", type=int, default=8, help="Random seed.")
        parser.add_argument(
            "--distinct",
            type=int,
            default=DISTINCT,
            help=f"How many articles to write one by one (default {DISTINCT:,}); "
            "the rest of --articles are copies of them.",
        )

    def handle(self, *args, articles, photos, seed, distinct, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if distinct < 1:
            raise CommandError("--distinct must be at least 1.")
        if photos is None:
            photos = min(40, 16 + articles // 2500)
        if photos < 0:
            raise CommandError("--photos must be 0 or more.")
        rng = random.Random(seed)
        started = time.monotonic()
        sections = [
            Section.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "position": position}
            )[0]
            for position, name in enumerate(SECTIONS)
        ]
        places = Places(rng)
        photo_pool = self.lead_photos(rng, sections, count=photos)
        authors = self.authors(
            rng,
            places,
            sections,
            count=max(10, min(300, articles // 300)),
            photos=photos,
        )
        tags = self.tags(places, count=max(20, min(2000, articles // 50)))
        # A few paragraphs reused in different orders keep generation cheap;
        # each body is still sanitised on its own.
        paragraphs = [
            demo_copy.paragraph(rng, places, rng.randint(2, 4)) for _ in range(2000)
        ]
        first = (
            Article.objects.order_by("-pk").values_list("pk", flat=True).first()
        ) or 0
        now = timezone.now()
        # A bulk load into an archive at most its size is one transaction
        # (a failure leaves nothing half made) with the indexes built at its
        # end; a small addition to a large archive keeps them up to date.
        bulk = articles >= Article.objects.count()
        with (
            transaction.atomic(),
            indexes_built_after(COPIED_TABLES) if bulk else nullcontext(),
        ):
            made = 0
            pool = None  # the first new article's id
            while made < min(articles, distinct):
                count = min(BATCH, articles - made, distinct - made)
                batch = Article.objects.bulk_create(
                    self.article(
                        places,
                        first + made + n,
                        sections,
                        paragraphs,
                        photo_pool,
                        now,
                        recent=made + n < min(RECENT_STORIES, articles // 5),
                    )
                    for n in range(count)
                )
                self.link(rng, batch, authors, tags)
                pool = pool or batch[0].pk
                made += count
                if options["verbosity"] > 1:
                    self.stdout.write(f"{made} articles")
            with copies_keep_their_index(connection):
                while made < articles:
                    made += self.copy(pool, min(made, articles - made), now)
                    if options["verbosity"] > 1:
                        self.stdout.write(f"{made} articles")
        invalidate(SITE)
        refresh_planner_statistics(vacuum=True)
        self.stdout.write(
            f"Added {articles} articles in {time.monotonic() - started:.1f} s."
        )

    def store_photo(self, photo, credit):
        """Add a drawn photo to the library as any upload is added: checked,
        re-encoded and given its renditions by Image.save()."""
        x, y = photo.focal_point
        return Image.objects.create(
            file=ContentFile(photo.content, name="demo.jpg"),
            alt_text=photo.alt_text,
            caption=photo.caption,
            credit=credit,
            focal_x=x,
            focal_y=y,
        )

    def lead_photos(self, rng, sections, *, count):
        """{section id: [image id, ...]} of `count` photos in all, each of a
        scene that suits its section."""
        by_scene = {}
        # Each section's first scene, then each one's second, and so on, so
        # that even a small pool gives every section a photo.
        scenes = list(
            dict.fromkeys(
                scene
                for choices in itertools.zip_longest(*demo_copy.SCENES.values())
                for scene in choices
                if scene
            )
        )
        for n in range(count):
            scene = scenes[n % len(scenes)]
            photographer = (
                f"{rng.choice(demo_copy.FIRST_NAMES)} "
                f"{rng.choice(demo_copy.LAST_NAMES)}"
            )
            image = self.store_photo(
                demo_photos.lead_photo(rng, scene), credit=f"{photographer} / Newsroom"
            )
            by_scene.setdefault(scene, []).append(image.pk)
        return {
            section.pk: [
                pk
                for scene in demo_copy.SCENES.get(section.slug, [])
                for pk in by_scene.get(scene, [])
            ]
            for section in sections
        }

    def authors(self, rng, places, sections, *, count, photos):
        """{section id: [writers]}: `count` writers, each of one section, with
        a role, a biography, an email address and a link; the first `photos`
        made get a portrait."""
        existing = set(Author.objects.values_list("slug", flat=True))
        wanted = {}
        for n in range(count):
            first = demo_copy.FIRST_NAMES[n % len(demo_copy.FIRST_NAMES)]
            last = rng.choice(demo_copy.LAST_NAMES)
            name = f"{first} {last}"
            slug = slugify(name)
            if slug in wanted:
                slug = f"{slug}-{n}"
            wanted[slug] = (first, name, sections[n % len(sections)])
        new = []
        for slug, (first, name, section) in wanted.items():
            if slug in existing:
                continue
            role, bio = demo_copy.profile(rng, first, section.slug, places())
            photo = None
            if len(new) < photos:
                photo = self.store_photo(
                    demo_photos.portrait(rng, name), credit="Newsroom"
                )
            handle = slug.replace("-", "")
            new.append(
                Author(
                    name=name,
                    slug=slug,
                    role=role,
                    bio=bio,
                    email=f"{handle}@example.com",
                    photo=photo,
                )
            )
        Author.objects.bulk_create(new)
        made = Author.objects.filter(slug__in=[author.slug for author in new])
        AuthorLink.objects.bulk_create(
            AuthorLink(
                author=author,
                label="Mastodon",
                url=f"https://mastodon.example/@{author.slug.replace('-', '')}",
            )
            for author in made
        )
        by_section = {}
        for author in Author.objects.filter(slug__in=wanted):
            by_section.setdefault(wanted[author.slug][2].pk, []).append(author)
        return by_section

    def tags(self, places, *, count):
        """The topics a paper files under, then places' topics, up to `count`."""
        names = list(demo_copy.TOPICS[:count])
        while len(names) < count:
            name = f"{places()} {places.rng.choice(demo_copy.TOPICS).lower()}"
            if name not in names:
                names.append(name)
        Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in names),
            ignore_conflicts=True,
        )
        return list(Tag.objects.filter(name__in=names).order_by("pk"))

    def article(self, places, number, sections, paragraphs, photo_pool, now, *, recent):
        rng = places.rng
        section = rng.choice(sections)
        title = demo_copy.headline(rng, section.slug, places(), places())
        roll = rng.random()
        updated_at = None
        if recent:
            status = Article.Status.PUBLISHED
            published_at = now - timedelta(minutes=rng.randint(5, RECENT_MINUTES))
            # Some of the day's stories have moved on since.
            if rng.random() < 0.2 and now - published_at > timedelta(hours=3):
                updated_at = published_at + timedelta(minutes=rng.randint(30, 180))
        elif roll < 0.9:
            status = Article.Status.PUBLISHED
            published_at = now - timedelta(minutes=rng.randint(1, 10 * 365 * 24 * 60))
        elif roll < 0.92:
            status = Article.Status.PUBLISHED
            published_at = now + timedelta(minutes=rng.randint(60, 30 * 24 * 60))
        else:
            status = rng.choice([Article.Status.DRAFT, Article.Status.REVIEW])
            published_at = None
        body = rng.choices(paragraphs, k=rng.randint(5, 9))
        if rng.random() < 0.5:
            body.insert(len(body) // 2, demo_copy.subhead(rng))
        pool = photo_pool.get(section.pk)
        return Article(
            title=title,
            slug=f"{slugify(title)[:200]}-{number}",
            section=section,
            dek=demo_copy.standfirst(rng),
            body=sanitize_body("".join(body)),
            lead_image_id=rng.choice(pool)
            if pool and rng.random() < PHOTO_SHARE
            else None,
            status=status,
            published_at=published_at,
            significantly_updated_at=updated_at,
        )

    def copy(self, pool, count, now):
        """Copy the `count` articles from id `pool` on, with their bylines and
        taggings, in three INSERT ... SELECT statements and no Python per
        row. A copy has its own id and slug (the original's, its number
        replaced by the id), and, if published, a time of its own within the
        ten years; a scheduled or unpublished one keeps the original's. Every
        other column of the table is copied as it is, the search index's
        included: call it inside copies_keep_their_index(). How many copied."""
        Byline = Article.authors.through
        quote = connection.ops.quote_name
        table = Article._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {quote(table)}")
            shift = cursor.fetchone()[0] + 1 - pool
            last = pool + count - 1
            if connection.vendor == "postgresql":
                new_time = "%s - (floor(random() * %s) + 1) * interval '1 minute'"
            else:
                new_time = (
                    "strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, "
                    "'-' || (abs(random()) %% %s + 1) || ' minutes')"
                )
            chosen = {
                "id": "id + %s",
                "slug": "rtrim(slug, '0123456789') || (id + %s)",
                "published_at": "CASE WHEN status = 'published' AND "
                f"published_at <= %s THEN {new_time} ELSE published_at END",
            }
            params = {
                "id": [shift],
                "slug": [shift],
                "published_at": [now, now, ARCHIVE_MINUTES],
            }
            columns = stored_columns(cursor, table)
            cursor.execute(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                f"SELECT {', '.join(chosen.get(c, quote(c)) for c in columns)} "
                f"FROM {quote(table)} WHERE id BETWEEN %s AND %s",
                [*(p for c in columns for p in params.get(c, [])), pool, last],
            )
            copied = cursor.rowcount
            for model, article, other in [
                (Byline, "article_id", "author_id"),
                (TaggedArticle, "content_object_id", "tag_id"),
            ]:
                cursor.execute(
                    f"INSERT INTO {quote(model._meta.db_table)} ({article}, {other}) "
                    f"SELECT {article} + %s, {other} FROM "
                    f"{quote(model._meta.db_table)} WHERE {article} BETWEEN %s AND %s",
                    [shift, pool, last],
                )
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Article, Byline, TaggedArticle]
            ):
                cursor.execute(statement)
        return copied

    def link(self, rng, batch, authors, tags):
        """Bylines (one or two writers of the article's section) and tags (two
        to five), with a few tags far more used than the rest, as in a real
        archive."""
        weights = [1 / (rank + 1) for rank in range(len(tags))]
        bylines, taggings = [], []
        Byline = Article.authors.through
        for article in batch:
            desk = authors[article.section_id]
            for author in rng.sample(desk, k=min(len(desk), rng.choice([1, 1, 1, 2]))):
                bylines.append(Byline(article_id=article.pk, author_id=author.pk))
            chosen = {tag.pk for tag in rng.choices(tags, weights, k=rng.randint(2, 5))}
            taggings.extend(
                TaggedArticle(content_object_id=article.pk, tag_id=pk) for pk in chosen
            )
        Byline.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(taggings)
