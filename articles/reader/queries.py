"""What a reader's article page shows, read in one SQL statement, and the
story cards of list pages in another.

Building querysets, compiling them and making model instances with their
prefetches cost an article page about 4 ms of CPU; the same data as one
statement, with the byline, tags, corrections and the lead image's
renditions gathered as JSON by the database, costs about 0.05 ms
(docs/performance.md). The one read rule still decides: the statement's
condition is published_sql(), which tests hold to Article.objects.published().
"""

from django.utils import timezone

from images.templating import CARD_SLOTS
from operations.links import linker

from ..models import published_sql
from ..rows import (
    JSON_FUNCTIONS,
    ArticleRow,
    AuthorPageRow,
    CardRow,
    CorrectionRow,
    SectionRow,
    TagRow,
    aware,
    byline_rows,
    image_row,
    json_rows,
    reader_connection,
    renditions_sql,
)
from .pagination import BoundedPaginator

ARTICLE_PAGE_SQL = """
SELECT article.id, article.title, article.slug, article.dek, article.body,
    article.seo_title, article.seo_description, article.status,
    article.published_at, article.updated_at,
    article.significantly_updated_at, article.previous_article_id,
    article.next_article_id, section.id, section.name, section.slug,
    lead.id, lead.alt_text, lead.caption, lead.credit, {renditions},
    (SELECT {array}({object}('id', author.id, 'name', author.name,
            'slug', author.slug))
        FROM articles_article_authors AS byline
        JOIN articles_author AS author ON author.id = byline.author_id
        WHERE byline.article_id = article.id),
    (SELECT {array}({object}('tagging', tagging.id, 'id', tag.id,
            'name', tag.name, 'slug', tag.slug))
        FROM articles_taggedarticle AS tagging
        JOIN taggit_tag AS tag ON tag.id = tagging.tag_id
        WHERE tagging.content_object_id = article.id),
    (SELECT {array}({object}('id', correction.id,
            'corrected_at', correction.corrected_at, 'text', correction.text))
        FROM articles_correction AS correction
        WHERE correction.article_id = article.id)
FROM articles_article AS article
JOIN articles_section AS section ON section.id = article.section_id
LEFT JOIN images_image AS lead ON lead.id = article.lead_image_id
WHERE section.slug = %s AND article.slug = %s AND {published}
"""


def article_page(*, section_slug, slug):
    """(article, authors, tags, corrections) for the published article at
    this address, or None."""
    connection = reader_connection()
    array, object_ = JSON_FUNCTIONS[connection.vendor]
    published, params = published_sql("article", using=connection)
    sql = ARTICLE_PAGE_SQL.format(
        array=array,
        object=object_,
        published=published,
        renditions=renditions_sql("lead.id", connection),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [section_slug, slug, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    (*fields, renditions, authors, tags, corrections) = row
    article = ArticleRow(
        pk=fields[0],
        title=fields[1],
        slug=fields[2],
        dek=fields[3],
        body=fields[4],
        seo_title=fields[5],
        seo_description=fields[6],
        status=fields[7],
        published_at=aware(fields[8]),
        updated_at=aware(fields[9]),
        significantly_updated_at=aware(fields[10]),
        previous_article_id=fields[11],
        next_article_id=fields[12],
        section=SectionRow(*fields[13:16]),
        lead_image=image_row(*fields[16:20], renditions),
    )
    # In the order the model's relations give them: Author's Meta ordering,
    # tags as they were added, corrections by date.
    authors = byline_rows(authors)
    tags = [
        TagRow(t["id"], t["name"], t["slug"])
        for t in sorted(json_rows(tags), key=lambda t: t["tagging"])
    ]
    corrections = [
        CorrectionRow(aware(c["corrected_at"]), c["text"])
        for c in sorted(
            json_rows(corrections), key=lambda c: (aware(c["corrected_at"]), c["id"])
        )
    ]
    return article, authors, tags, corrections


CARDS_SQL = """
SELECT article.id, article.title, article.slug, article.dek,
    article.published_at, section.id, section.name, section.slug,
    lead.id, lead.alt_text, lead.caption, lead.credit, {renditions},
    (SELECT {array}({object}('id', author.id, 'name', author.name,
            'slug', author.slug))
        FROM articles_article_authors AS byline
        JOIN articles_author AS author ON author.id = byline.author_id
        WHERE byline.article_id = article.id)
FROM articles_article AS article
JOIN articles_section AS section ON section.id = article.section_id
LEFT JOIN images_image AS lead ON lead.id = article.lead_image_id
WHERE article.id IN ({ids}) AND {published}
"""


def article_cards(ids):
    """Story cards (CardRow: section, byline, lead photo with the renditions
    a card uses) of the published articles among `ids`, in their order, in
    one statement: what list pages show of the page of ids they chose."""
    ids = list(ids)
    if not ids:
        return []
    connection = reader_connection()
    array, object_ = JSON_FUNCTIONS[connection.vendor]
    published, params = published_sql("article", using=connection)
    sql = CARDS_SQL.format(
        array=array,
        object=object_,
        ids=", ".join(["%s"] * len(ids)),
        published=published,
        renditions=renditions_sql("lead.id", connection, CARD_SLOTS),
    )
    article_link = linker("articles:detail", "section_slug", "slug")
    author_link = linker("articles:author", "slug")
    section_link = linker("articles:section", "slug")
    sections = {}
    cards = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *params])
        for pk, title, slug, dek, published_at, *columns in cursor:
            section_id, section_name, section_slug = columns[:3]
            # One row, and one address, for each section the cards show.
            if section_id not in sections:
                sections[section_id] = SectionRow(
                    section_id, section_name, section_slug, section_link(section_slug)
                )
            cards[pk] = CardRow(
                pk=pk,
                title=title,
                slug=slug,
                dek=dek,
                published_at=aware(published_at),
                section=sections[section_id],
                lead_image=image_row(*columns[3:8]),
                authors=byline_rows(columns[8], author_link),
                url=article_link(section_slug, slug),
            )
    return [cards[pk] for pk in ids if pk in cards]


class ListedArticles:
    """The published articles a list page pages through, newest first, as
    hand-written statements: what its paginator asks of a queryset, counted
    up to a bound and sliced into one page's ids (article_cards() then reads
    their cards, under the read rule again). `source` names the tables,
    `article_id` the column of article ids, `condition` and `params` choose
    the subject's published articles, `order` the order, which ends on a
    unique column as the model's does; `per_page` the page size, for the
    bounded count."""

    def __init__(self, *, source, article_id, condition, params, order, per_page):
        self.connection = reader_connection()
        self.source = source
        self.article_id = article_id
        self.condition = condition
        self.params = params
        self.order = order
        self.per_page = per_page
        self.counted = {}

    def count_up_to(self, limit):
        """How many there are, counting no further than `limit`."""
        if limit not in self.counted:
            sql = (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.source} "
                f"WHERE {self.condition} LIMIT %s) AS listed"
            )
            with self.connection.cursor() as cursor:
                cursor.execute(sql, [*self.params, limit])
                self.counted[limit] = cursor.fetchone()[0]
        return self.counted[limit]

    def exists(self):
        # The paginator's own bounded count answers, so it is made once.
        return self.count_up_to(BoundedPaginator.count_limit(self.per_page)) > 0

    def __getitem__(self, page):
        """The ids of the slice `page` (a paginator's page), in order."""
        start = page.start or 0
        sql = (
            f"SELECT {self.article_id} FROM {self.source} WHERE {self.condition} "
            f"ORDER BY {self.order} LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, page.stop - start, start])
            return [pk for (pk,) in cursor]


def published_articles(
    *, source="articles_article AS article", condition="", params=(), per_page
):
    """ListedArticles of the published articles (alias `article` in
    `source`) that meet `condition`, if any, newest first."""
    connection = reader_connection()
    published, published_params = published_sql("article", using=connection)
    return ListedArticles(
        source=source,
        article_id="article.id",
        condition=" AND ".join(filter(None, [condition, published])),
        params=[*params, *published_params],
        order="article.published_at DESC, article.id DESC",
        per_page=per_page,
    )


def newest_articles(*, per_page):
    return published_articles(per_page=per_page)


def section_articles(section_id, *, per_page):
    return published_articles(
        condition="article.section_id = %s", params=[section_id], per_page=per_page
    )


def tag_articles(tag_id, *, per_page):
    # The taggings alone, by their copy of the article's time while it is
    # published (null otherwise; the database keeps it, articles/database.py),
    # which the (tag, published_at, article) index answers without reading
    # an article row: at 100,000 articles a deep tag page's count and OFFSET
    # cost 3 ms through a join to the articles and 0.1 ms without. The cards
    # of the page's ids are read under published_sql() again.
    connection = reader_connection()
    return ListedArticles(
        source="articles_taggedarticle AS tagging",
        article_id="tagging.content_object_id",
        condition="tagging.tag_id = %s AND tagging.published_at <= %s",
        params=[tag_id, connection.ops.adapt_datetimefield_value(timezone.now())],
        order="tagging.published_at DESC, tagging.content_object_id DESC",
        per_page=per_page,
    )


def author_articles(author_id, *, per_page):
    return published_articles(
        source="articles_article_authors AS byline JOIN articles_article AS article"
        " ON article.id = byline.article_id",
        condition="byline.author_id = %s",
        params=[author_id],
        per_page=per_page,
    )


def tag_row(slug):
    """The tag at `slug` (a TagRow), or None."""
    with reader_connection().cursor() as cursor:
        cursor.execute("SELECT id, name, slug FROM taggit_tag WHERE slug = %s", [slug])
        row = cursor.fetchone()
    return TagRow(*row) if row else None


AUTHOR_PAGE_SQL = """
SELECT author.id, author.name, author.slug, author.role, author.bio,
    author.email, photo.id, photo.alt_text, photo.caption, photo.credit,
    {renditions},
    (SELECT {array}({object}('id', link.id, 'position', link.position,
            'label', link.label, 'url', link.url))
        FROM articles_authorlink AS link WHERE link.author_id = author.id)
FROM articles_author AS author
LEFT JOIN images_image AS photo ON photo.id = author.photo_id
WHERE author.slug = %s
"""


def author_row(slug):
    """The author at `slug` (an AuthorPageRow, with their photo's renditions
    and their links), or None."""
    connection = reader_connection()
    array, object_ = JSON_FUNCTIONS[connection.vendor]
    sql = AUTHOR_PAGE_SQL.format(
        array=array,
        object=object_,
        renditions=renditions_sql("photo.id", connection, ("square", "article")),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, slug, role, bio, email, *photo, links = row
    links = sorted(json_rows(links), key=lambda link: (link["position"], link["id"]))
    return AuthorPageRow(
        pk,
        name,
        slug,
        role=role,
        bio=bio,
        email=email,
        photo=image_row(*photo),
        links=[(link["label"], link["url"]) for link in links],
    )
