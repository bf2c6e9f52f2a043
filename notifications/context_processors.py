from functools import cache

from .models import Notification


def unread_notifications(request):
    """The header's unread count for signed-in staff (None for anyone else),
    worked out only if a page shows it, so other pages pay no query."""

    @cache
    def count():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        return Notification.objects.unread().filter(recipient=user).count()

    return {"unread_notifications": count}
