"""The editor panel's admin site: Django's, plus an optional second factor,
and the forms of expired sessions kept (articles/editorial/unsaved.py).

It lives in the project rather than in articles/admin/, because Django builds
the default site while importing the admin modules that register with it.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from articles.editorial.unsaved import keep_unsaved_form


class NewsroomAdminSite(AdminSite):
    """With settings.STAFF_REQUIRE_2FA, staff sign in with a one-time code from a
    registered device (TOTP) as well as their password, and a session that was
    not verified so is treated as not staff."""

    site_header = "Newsroom"
    site_title = "Newsroom editor panel"
    index_title = "Editor panel"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.STAFF_REQUIRE_2FA else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.STAFF_REQUIRE_2FA else None

    def has_permission(self, request):
        verified = not settings.STAFF_REQUIRE_2FA or request.user.is_verified()
        return super().has_permission(request) and verified

    def admin_view(self, view, cacheable=False):
        signed_in_view = super().admin_view(view, cacheable)

        @wraps(signed_in_view)
        def keep_text_of_expired_sessions(request, *args, **kwargs):
            if not self.has_permission(request) and keep_unsaved_form(request):
                messages.warning(
                    request,
                    "Your session had expired, so nothing was saved. Sign in "
                    "again: your text is kept and will be back in the form.",
                )
            return signed_in_view(request, *args, **kwargs)

        return keep_text_of_expired_sessions
