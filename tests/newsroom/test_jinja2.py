from datetime import UTC, date, datetime

import pytest
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from newsroom.jinja2 import date as reader_date

MOMENTS = [
    datetime(2024, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC),
    datetime(2023, 12, 31, 23, 30, tzinfo=UTC),
]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/Los_Angeles"])
@pytest.mark.parametrize("format", ["c", "F j, Y", "F j, Y, H:i T", "F Y"])
def test_reader_dates_read_as_djangos_date_filter(settings, zone, format):
    """The quick formats give what Django's templates gave, in the site's
    time zone: a New Year's Eve story keeps its local date."""
    settings.TIME_ZONE = zone
    timezone.deactivate()
    for moment in MOMENTS:
        local = timezone.localtime(moment)
        if format == "c":
            # Less the microseconds, which HTML's <time datetime> refuses.
            local = local.replace(microsecond=0)
        assert reader_date(moment, format) == django_date(local, format)
    assert reader_date(date(2024, 5, 1), "F Y") == "May 2024"
    assert reader_date(None, "c") == ""
