from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Lists page this deep and no deeper; older articles are in the month archives.
MAX_PAGES = 50


class BoundedPaginator(Paginator):
    """Pages up to MAX_PAGES deep, counting at most that many pages' rows.

    A deep page then costs what a shallow one does: the count reads a bounded
    slice of the index instead of COUNT(*) over the whole archive, and no
    OFFSET goes past MAX_PAGES pages. `counted`, if given, is that bounded
    count where the caller has it already (search reads its matches' ids
    once, for the count and for the range best match ranks).
    """

    def __init__(self, object_list, per_page, *, counted=None, **options):
        super().__init__(object_list, per_page, **options)
        if counted is not None:
            self.counted = counted

    @cached_property
    def limit(self):
        return MAX_PAGES * self.per_page

    @staticmethod
    def count_limit(per_page):
        """How far `counted` counts: one row past the pages' reach."""
        return MAX_PAGES * per_page + 1

    @cached_property
    def counted(self):
        # One row past the limit tells "exactly the limit" from "more"; the
        # count needs neither the order nor annotations such as search ranks.
        if count_up_to := getattr(self.object_list, "count_up_to", None):
            return count_up_to(self.count_limit(self.per_page))
        rows = self.object_list.order_by().values("pk")
        return rows[: self.count_limit(self.per_page)].count()

    @cached_property
    def count(self):
        return min(self.counted, self.limit)

    @property
    def has_more(self):
        """More items than the pages reach."""
        return self.counted > self.limit
