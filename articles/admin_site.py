"""The editor panel's admin site: Django's, plus an optional second factor."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


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
