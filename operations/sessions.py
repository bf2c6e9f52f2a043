"""Sessions, sign-in, second factors and messages for everyone but an
anonymous reader asking for a page, who needs none of them.

The page cache marks such a request (a reader page, GET or HEAD, no session
cookie) with ``skip_session_machinery()`` before rendering it. The
middleware below are Django's, django-otp's (the session's, one that never
fails a committed write: operations/outages.py), each skipping its work for a
marked request, so the page costs no session store, lazy user or message
storage, and still sends what the full path sends: ``Vary: Cookie``, as the
staff session check reads the session on every request.
"""

from django.contrib.auth import middleware as auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages
from django.utils.cache import patch_vary_headers
from django_otp import middleware as otp

from .outages import CommittedWritesSessionMiddleware


def skip_session_machinery(request):
    """Let `request` (an anonymous reader's, with no session cookie) pass the
    session, sign-in and message middleware untouched."""
    request.skips_session_machinery = True
    request.user = AnonymousUser()


def _skipped_for_anonymous_readers(middleware, *, vary_on_cookie=False):
    class Skipping(middleware):
        # Django runs it through sync_to_async under ASGI.
        async_capable = False

        def __call__(self, request):
            if not getattr(request, "skips_session_machinery", False):
                return super().__call__(request)
            response = self.get_response(request)
            if vary_on_cookie:
                patch_vary_headers(response, ("Cookie",))
            return response

    Skipping.__name__ = Skipping.__qualname__ = middleware.__name__
    return Skipping


SessionMiddleware = _skipped_for_anonymous_readers(
    CommittedWritesSessionMiddleware, vary_on_cookie=True
)
AuthenticationMiddleware = _skipped_for_anonymous_readers(auth.AuthenticationMiddleware)
OTPMiddleware = _skipped_for_anonymous_readers(otp.OTPMiddleware)
MessageMiddleware = _skipped_for_anonymous_readers(messages.MessageMiddleware)
