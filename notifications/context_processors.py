from functools import cache

from .models import Notification


def unread_notifications(request):
    """The header's unread count for signed-in staff, counted only if a page
    shows it (the reader pages' Jinja2 templates never do)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {
        "unread_notifications": cache(
            lambda: Notification.objects.unread().filter(recipient=user).count()
        )
    }
