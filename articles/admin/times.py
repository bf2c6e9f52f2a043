"""Dates and times in the article admin name their time zone, so an editor
abroad knows what "08:00" means."""

from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.utils import timezone


class ZonedSplitDateTime(AdminSplitDateTime):
    template_name = "admin/widgets/zoned_split_datetime.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["time_zone"] = timezone.get_current_timezone_name()
        return context


ZONED_DATETIMES = {models.DateTimeField: {"widget": ZonedSplitDateTime}}
