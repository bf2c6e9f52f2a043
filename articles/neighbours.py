"""What the article page shows around an article: its previous and next
articles and the related ones, found in one query."""

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .models import Article

# Related articles are chosen from this many of the newest published articles
# of each of the page's tags, so the choice costs the same at any archive size.
RELATED_CANDIDATES_PER_TAG = 30


def page_neighbours(article, *, related_count):
    """(previous, next, related articles) for the article page, in one
    query: previous and next as get_previous_published() and
    get_next_published() give them; related, up to `related_count`
    articles sharing the most tags (see related_by_tags_sql()), newest
    first among equals, filled up with the section's newest."""
    published = Article.objects.published()
    in_section = (
        published.exclude(pk=article.pk)
        .filter(section_id=article.section_id)
        .order_by("-published_at", "-pk")
        .values("pk")[:related_count]
    )
    rows = list(
        published.filter(
            Q(pk__in=published.beyond(article, older=True).values("pk")[:1])
            | Q(pk__in=published.beyond(article, older=False).values("pk")[:1])
            | Q(pk__in=in_section)
            | Q(pk__in=RawSQL(*related_by_tags_sql(article, related_count)))
        )
        .annotate(
            shared_tags=RawSQL(
                *shared_tags_sql(article), output_field=models.IntegerField()
            ),
        )
        .order_by("-published_at", "-pk")
        .select_related("section")
        .defer("body")
    )
    same_section = [row for row in rows if row.section_id == article.section_id]
    # Rows come newest first, so a stable sort by shared tags ranks them.
    # Any row sharing a tag competes, not only the chosen sharers: one
    # picked as a neighbour or as the section's newest may share more.
    sharing = sorted(
        (row for row in rows if row.shared_tags), key=lambda row: -row.shared_tags
    )
    related = [*sharing, *(row for row in same_section if row not in sharing)]
    return (
        _linked_or_nearest(article, article.previous_article, same_section, older=True),
        _linked_or_nearest(article, article.next_article, same_section, older=False),
        related[:related_count],
    )


def _linked_or_nearest(article, linked, same_section, *, older):
    """The editor's link if readers can see it, else the nearest of
    `same_section` (published, newest first) on the given side."""
    if linked is not None and linked.pk != article.pk and linked.is_published():
        return linked
    if article.published_at is None:
        return None
    own = (article.published_at, article.pk)
    beyond = [
        row for row in same_section if ((row.published_at, row.pk) < own) == older
    ]
    return (beyond[0] if older else beyond[-1]) if beyond else None


def _tag_ids(article):
    # From the prefetched tags when the page loaded them.
    return [tag.pk for tag in article.tags.all()]


def related_by_tags_sql(article, count):
    """(sql, params) selecting the ids of up to `count` other articles
    sharing the most of `article`'s tags, newest first among equals.

    They are chosen from the newest RELATED_CANDIDATES_PER_TAG of each tag
    by the taggings' copy of the publication time, each read from the
    (tag, published_at) index, so the cost does not grow with the
    archive. Raw SQL, because the ORM cannot union limited subqueries on
    SQLite; the caller still applies published().
    """
    tag_ids = _tag_ids(article)
    if not tag_ids:
        return "SELECT 0 WHERE 1 = 0", []
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
        f"SELECT shared.content_object_id FROM ({windows}) AS candidate "
        "CROSS JOIN articles_taggedarticle AS shared "
        "WHERE shared.content_object_id = candidate.content_object_id "
        f"AND shared.tag_id IN ({tags}) "
        "GROUP BY shared.content_object_id "
        "ORDER BY COUNT(*) DESC, MAX(shared.published_at) DESC, "
        "shared.content_object_id DESC LIMIT %s"
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


def shared_tags_sql(article):
    """(sql, params) counting how many of `article`'s tags the article of
    the outer query carries."""
    tag_ids = _tag_ids(article) or [None]
    return (
        "SELECT COUNT(*) FROM articles_taggedarticle "
        "WHERE content_object_id = articles_article.id "
        f"AND tag_id IN ({', '.join(['%s'] * len(tag_ids))})",
        tag_ids,
    )
