from django.utils.functional import SimpleLazyObject

from .current import current_publication


def publication(request):
    """`publication` in every template, read only by pages that show it."""
    return {"publication": SimpleLazyObject(current_publication)}
