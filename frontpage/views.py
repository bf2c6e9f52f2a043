"""The home page and section fronts as editors arranged them (models.py),
filled up with the newest stories; what readers see is only ever published."""

from django.db.models import Q, prefetch_related_objects

from articles.models import Article
from articles.publishing.cache import navigation_sections
from articles.reader.views import (
    HomeView,
    SectionDetailView,
    as_cards,
    card_prefetches,
    card_rows,
)

from .models import FRONT, arrangement_in_effect


def placed_in_order(ids, stories):
    """The stories of `stories` whose ids are in `ids`, in that order."""
    by_id = {article.pk: article for article in stories}
    return [by_id[pk] for pk in ids if pk in by_id]


class FrontPageView(HomeView):
    """The home page: the editors' lead and top stories first, then the
    newest; a block for each section they chose (every section if none)."""

    def get_queryset(self):
        arranged = arrangement_in_effect()
        self.placed_ids, self.block_ids = arranged or ([], [])
        newest = Article.objects.published().values("pk")[: self.newest_count]
        # One list for both, so the cards cost what the newest alone do.
        return as_cards(
            Article.objects.published().filter(
                Q(pk__in=newest) | Q(pk__in=self.placed_ids)
            )
        )

    def placed_stories(self, stories):
        return placed_in_order(self.placed_ids, stories)

    def get_context_data(self, **kwargs):
        return super().get_context_data(more_dependencies=[FRONT], **kwargs)

    def block_sections(self):
        if not self.block_ids:
            return super().block_sections()
        sections = {section.pk: section for section in navigation_sections()}
        return [sections[pk] for pk in self.block_ids if pk in sections]


class FrontSectionView(SectionDetailView):
    """A section's front: the stories editors pinned lead its first page,
    above the newest, which do not repeat them."""

    def get_queryset(self):
        # Prefetched below, with the pins', in one go.
        return card_rows(super().get_queryset().prefetch_related(None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        pins = []
        arranged = arrangement_in_effect(self.subject.pk)
        if arranged and arranged[0] and page.number == 1:
            pins = placed_in_order(
                arranged[0],
                card_rows(Article.objects.published().filter(pk__in=arranged[0])),
            )
        pinned = {article.pk for article in pins}
        stories = [*pins, *(a for a in page.object_list if a.pk not in pinned)]
        prefetch_related_objects(stories, *card_prefetches())
        page.object_list = stories
        return {**context, "more_dependencies": [FRONT]}
