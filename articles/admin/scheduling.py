"""The "Schedule" button: publish at the time in the form, and say when in
words ("Scheduled for Tue 1 Dec, 08:23 UTC, in 2 minutes")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timeuntil

from ..models import Article

SCHEDULE = "_schedule"


def scheduled_message(moment):
    local = timezone.localtime(moment)
    # timeuntil() joins its numbers with no-break spaces; a message reads as text.
    wait = timeuntil(moment).replace("\xa0", " ")
    return f"Scheduled for {date_format(local, 'D j M, H:i T')}, in {wait}."


class ScheduleFormMixin:
    """For the article form: the button asks for a time to come."""

    def clean(self):
        cleaned_data = super().clean()
        if SCHEDULE not in self.data:
            return cleaned_data
        if not self.may_publish:
            raise ValidationError("Only editors schedule articles.")
        at = cleaned_data.get("published_at")
        if at is None or at <= timezone.now():
            self.add_error(
                "published_at",
                "To schedule, enter the publication time to come, then click Schedule.",
            )
        else:
            cleaned_data["status"] = Article.Status.PUBLISHED
        return cleaned_data


class ScheduleAdminMixin:
    """For the ModelAdmin of Article."""

    def save_model(self, request, obj, form, change):
        if SCHEDULE in request.POST:
            obj.status = Article.Status.PUBLISHED
        super().save_model(request, obj, form, change)

    def _say_when_scheduled(self, request, obj):
        if obj.is_scheduled():
            self.message_user(
                request, scheduled_message(obj.published_at), messages.SUCCESS
            )

    def response_add(self, request, obj, post_url_continue=None):
        self._say_when_scheduled(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._say_when_scheduled(request, obj)
        return super().response_change(request, obj)
