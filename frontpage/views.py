"""The home page and section fronts as editors arranged them (models.py),
filled up with the newest stories; what readers see is only ever published
(article_cards() keeps only that)."""

from articles.publishing.cache import navigation_sections
from articles.reader.views import HomeView, SectionDetailView

from .models import FRONT, arrangement_in_effect


class FrontPageView(HomeView):
    """The home page: the editors' lead and top stories first, then the
    newest; a block for each section they chose (every section if none)."""

    def get(self, request, *args, **kwargs):
        self.placed, self.block_ids = arrangement_in_effect() or ([], [])
        return super().get(request, *args, **kwargs)

    def placed_ids(self):
        return self.placed

    def block_sections(self):
        if not self.block_ids:
            return super().block_sections()
        sections = {section.pk: section for section in navigation_sections()}
        return [sections[pk] for pk in self.block_ids if pk in sections]

    def get_context_data(self, **kwargs):
        return super().get_context_data(more_dependencies=[FRONT], **kwargs)


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(more_dependencies=[FRONT], **kwargs)
