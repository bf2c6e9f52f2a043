"""The home page and section fronts as editors arranged them (models.py),
filled up with the newest stories; what readers see is only ever published
(article_cards() keeps only that)."""

from django.utils.functional import cached_property

from articles.publishing.cache import navigation_sections
from articles.reader.views import HomeView, SectionDetailView

from .models import FRONT, arrangement_in_effect


class FrontPageView(HomeView):
    """The home page: the editors' lead and top stories first, then the
    newest; a block for each section they chose (every section if none)."""

    front_dependencies = (FRONT,)

    @cached_property
    def arranged(self):
        """(story ids, section ids of the blocks) in effect now."""
        return arrangement_in_effect() or ([], [])

    def placed_ids(self):
        return self.arranged[0]

    def block_sections(self):
        block_ids = self.arranged[1]
        if not block_ids:
            return super().block_sections()
        sections = {section.pk: section for section in navigation_sections()}
        return [sections[pk] for pk in block_ids if pk in sections]


class FrontSectionView(SectionDetailView):
    """A section's front: the stories editors pinned lead its first page,
    above the newest, which do not repeat them."""

    def card_ids(self, page):
        ids = super().card_ids(page)
        arranged = arrangement_in_effect(self.subject.pk)
        if page.number == 1 and arranged:
            # The same statement reads them; only published ones come back.
            return dict.fromkeys([*arranged[0], *ids])
        return ids

    def paginate_queryset(self, queryset, page_size):
        paginator, page, cards, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        # A pinned story moved to another section since leads that one's.
        page.object_list = [
            card for card in page.object_list if card.section_id == self.subject.pk
        ]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(more_dependencies=[FRONT], **kwargs)
