"""What search engines and social sites read from an article page: schema.org
JSON-LD, and the summary and links that OpenGraph and Twitter cards show."""

import json

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .publisher import publisher

DESCRIPTION_LENGTH = 160


def article_description(article):
    """The editor's description for search, else the standfirst, else the
    opening of the body, as plain text."""
    text = (
        article.seo_description
        or article.dek
        or " ".join(strip_tags(article.body).split())
    )
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def article_json_ld(article, request, *, authors, tags, additions=()):
    """schema.org NewsArticle and BreadcrumbList for a published article
    with its byline and tags; each of `additions` is merged into the
    article's object (a live story makes it a LiveBlogPosting)."""
    absolute = request.build_absolute_uri
    url = absolute(article.get_absolute_url())
    by = publisher()
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article_description(article),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.section.name,
        "keywords": sorted(tag.name for tag in tags),
        "publisher": {
            "@type": "Organization",
            "name": by.name,
            "logo": {"@type": "ImageObject", "url": absolute(by.logo_url)},
        },
    }
    authors = [
        {
            "@type": "Person",
            "name": author.name,
            "url": absolute(author.get_absolute_url()),
        }
        for author in authors
    ]
    if authors:
        news_article["author"] = authors
    if article.lead_image:
        news_article["image"] = [
            absolute(card.file.url)
            for card in article.lead_image.renditions_for("social")
        ]
    for addition in additions:
        news_article |= addition
    trail = [
        (by.name, absolute(reverse("articles:home"))),
        (article.section.name, absolute(article.section.get_absolute_url())),
        (article.title, url),
    ]
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(trail, start=1)
        ],
    }
    return [news_article, breadcrumbs]


def json_ld_script(data):
    """A <script type="application/ld+json"> that no text in `data` can end
    early: <, > and & are escaped as json_script escapes them."""
    text = json.dumps(data, ensure_ascii=False)
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
