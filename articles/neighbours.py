"""What the article page shows around an article: its previous and next
articles and the related ones, found in one SQL statement.

Previous and next are the editor's explicit links while readers can see
them, else the adjacent published articles of the same section by
`published_at`, ties broken by id (as get_previous_published() and
get_next_published() give them). Related are up to `related_count` articles
sharing a tag, the most shared first, newest first among equals, chosen
among the newest RELATED_CANDIDATES_PER_TAG of each tag; when fewer share
one, the section's newest fill up to `related_count`, apart, so readers see
them as "More from <section>", not as related. Raw SQL, as the ORM cannot
union limited subqueries on SQLite, and building the equivalent queryset
cost the page 2.5 ms of CPU a request.
"""

from django.utils import timezone

from images.templating import CARD_SLOTS

from .models import published_sql
from .rows import (
    CardRow,
    SectionRow,
    aware,
    image_row,
    reader_connection,
    renditions_sql,
)

# Related articles are chosen from this many of the newest published articles
# of each of the page's tags, so the choice costs the same at any archive size.
RELATED_CANDIDATES_PER_TAG = 30


class NeighbourRow(CardRow):
    """A published article as a link, or a related story's card (with no
    byline), on another article's page."""

    __slots__ = ("shared_tags",)


def page_neighbours(article, *, related_count, tag_ids=None):
    """(previous, next, related articles, more from the section) for
    `article`'s page (a model instance or an ArticleRow), in one query.
    `tag_ids` are its tags' ids, read from it if not given."""
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    connection = reader_connection()
    published, published_params = published_sql("candidate", using=connection)
    # Each part selects ids of published articles; the outer query reads them.
    parts = [
        (
            "SELECT id FROM (SELECT candidate.id FROM articles_article AS candidate "
            f"WHERE {published} AND candidate.section_id = %s AND candidate.id <> %s "
            "ORDER BY candidate.published_at DESC, candidate.id DESC LIMIT %s) "
            "AS section_newest",
            [*published_params, article.section_id, article.pk, related_count],
        )
    ]
    if article.published_at is not None:
        parts += [
            _adjacent_sql(article, connection, older=older) for older in (True, False)
        ]
    if tag_ids:
        parts.append(related_by_tags_sql(article, tag_ids, related_count, connection))
    links = [
        pk
        for pk in (article.previous_article_id, article.next_article_id)
        if pk and pk != article.pk
    ]
    if links:
        parts.append(
            (
                "SELECT id FROM articles_article WHERE id IN "
                f"({', '.join(['%s'] * len(links))})",
                links,
            )
        )
    shared = ", ".join(["%s"] * len(tag_ids)) or "NULL"
    outer, outer_params = published_sql("article", using=connection)
    sql = (
        "SELECT article.id, article.title, article.slug, article.dek, "
        "article.published_at, section.id, section.name, section.slug, "
        "(SELECT COUNT(*) FROM articles_taggedarticle AS tagging "
        "WHERE tagging.content_object_id = article.id "
        f"AND tagging.tag_id IN ({shared})), "
        # Related stories are cards, with their photos.
        "lead.id, lead.alt_text, lead.caption, lead.credit, "
        f"{renditions_sql('lead.id', connection, CARD_SLOTS)} "
        "FROM articles_article AS article "
        "JOIN articles_section AS section ON section.id = article.section_id "
        "LEFT JOIN images_image AS lead ON lead.id = article.lead_image_id "
        f"WHERE {outer} AND article.id IN ("
        + " UNION ".join(part for part, _ in parts)
        + ") ORDER BY article.published_at DESC, article.id DESC"
    )
    params = [*tag_ids, *outer_params, *(p for _, part in parts for p in part)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [
            NeighbourRow(
                pk=row[0],
                title=row[1],
                slug=row[2],
                dek=row[3],
                published_at=aware(row[4]),
                section=SectionRow(*row[5:8]),
                shared_tags=row[8],
                lead_image=image_row(*row[9:]),
            )
            for row in cursor
        ]
    same_section = [row for row in rows if row.section_id == article.section_id]
    # Rows come newest first, so a stable sort by shared tags ranks them.
    # Any row sharing a tag competes, not only the chosen sharers: one
    # picked as a neighbour or as the section's newest may share more.
    sharing = sorted(
        (row for row in rows if row.shared_tags), key=lambda row: -row.shared_tags
    )
    related = sharing[:related_count]
    chosen = {row.pk for row in related}
    more_from_section = [row for row in same_section if row.pk not in chosen]
    found = {row.pk: row for row in rows}
    return (
        _linked_or_nearest(article, found, same_section, older=True),
        _linked_or_nearest(article, found, same_section, older=False),
        related,
        more_from_section[: related_count - len(related)],
    )


def _adjacent_sql(article, connection, *, older):
    """(sql, params) selecting the id of the published article of the same
    section just older (or newer) than `article`."""
    published, params = published_sql("candidate", using=connection)
    sign, order = ("<", "DESC") if older else (">", "ASC")
    at = connection.ops.adapt_datetimefield_value(article.published_at)
    # The bound again outside the tie-breaking OR, so that SQLite reads the
    # (section, status, published_at) index from this article on, not from now.
    return (
        "SELECT id FROM (SELECT candidate.id FROM articles_article AS candidate "
        f"WHERE {published} AND candidate.section_id = %s "
        f"AND candidate.published_at {sign}= %s "
        f"AND (candidate.published_at {sign} %s "
        f"OR (candidate.published_at = %s AND candidate.id {sign} %s)) "
        f"ORDER BY candidate.published_at {order}, candidate.id {order} LIMIT 1) "
        f"AS {'older' if older else 'newer'}",
        [*params, article.section_id, at, at, at, article.pk],
    )


def _linked_or_nearest(article, found, same_section, *, older):
    """The editor's link if readers can see it (it is among the published
    rows `found`), else the nearest of `same_section` on the given side."""
    linked = article.previous_article_id if older else article.next_article_id
    if linked and linked != article.pk and linked in found:
        return found[linked]
    if article.published_at is None:
        return None
    own = (article.published_at, article.pk)
    beyond = [
        row
        for row in same_section
        if row.pk != article.pk and ((row.published_at, row.pk) < own) == older
    ]
    return (beyond[0] if older else beyond[-1]) if beyond else None


def related_by_tags_sql(article, tag_ids, count, connection):
    """(sql, params) selecting the ids of up to `count` other articles
    sharing the most of `tag_ids`, newest first among equals.

    They are chosen from the newest RELATED_CANDIDATES_PER_TAG of each tag
    by the taggings' copy of the publication time, each read from the
    (tag, published_at) index, so the cost does not grow with the
    archive; the caller still applies the read rule.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    window = (
        "SELECT content_object_id FROM articles_taggedarticle "
        "WHERE tag_id = %s AND published_at <= %s AND content_object_id <> %s "
        "ORDER BY published_at DESC, content_object_id DESC LIMIT %s"
    )
    windows = " UNION ".join(
        f"SELECT content_object_id FROM ({window}) AS window_{n}"
        for n in range(len(tag_ids))
    )
    tags = ", ".join(["%s"] * len(tag_ids))
    # CROSS JOIN keeps SQLite from reordering: the few candidates first,
    # then each one's taggings by the (article, tag) index.
    sql = (
        "SELECT content_object_id FROM ("
        f"SELECT shared.content_object_id FROM ({windows}) AS candidate "
        "CROSS JOIN articles_taggedarticle AS shared "
        "WHERE shared.content_object_id = candidate.content_object_id "
        f"AND shared.tag_id IN ({tags}) "
        "GROUP BY shared.content_object_id "
        "ORDER BY COUNT(*) DESC, MAX(shared.published_at) DESC, "
        "shared.content_object_id DESC LIMIT %s) AS related"
    )
    params = [
        *(
            value
            for tag_id in tag_ids
            for value in (tag_id, now, article.pk, RELATED_CANDIDATES_PER_TAG)
        ),
        *tag_ids,
        count,
    ]
    return sql, params
