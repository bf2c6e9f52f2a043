"""The editor panel's admin site: Django's, plus a second factor (two_factor.py),
the forms of expired sessions kept (articles/editorial/unsaved.py), and the
desk's dashboard as its home page, with the site's own machinery shown to
superusers only.

It lives in the project rather than in articles/admin/, because Django builds
the default site while importing the admin modules that register with it.
"""

from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from articles.editorial.unsaved import keep_unsaved_form
from desk.dashboard import Dashboard

from . import two_factor

# Apps that run the site rather than the news: sign-in throttling, second
# factors, users, tags, the worker's queue, API keys and webhooks.
SITE_APP_LABELS = frozenset(
    {
        "api",
        "auth",
        "axes",
        "django_tasks_database",
        "otp_static",
        "otp_totp",
        "taggit",
        "webhooks",
        "worker",
    }
)


class NewsroomAdminSite(AdminSite):
    """With settings.STAFF_REQUIRE_2FA, staff sign in with a one-time code as
    well as their password (enrolling at their first sign-in), and a session
    that was not verified so is treated as not staff."""

    site_header = "Newsroom"
    site_title = "Newsroom editor panel"
    index_title = "Editor panel"
    index_template = "admin/desk/index.html"

    @property
    def login_form(self):
        return two_factor.StaffSignInForm if settings.STAFF_REQUIRE_2FA else None

    @property
    def login_template(self):
        if settings.STAFF_REQUIRE_2FA:
            return "admin/two_factor/login.html"
        return None

    def has_permission(self, request):
        verified = not settings.STAFF_REQUIRE_2FA or request.user.is_verified()
        return super().has_permission(request) and verified

    def get_urls(self):
        return [
            path(
                "two-factor/enrol/",
                never_cache(partial(two_factor.enrol, admin_site=self)),
                name="two_factor_enrol",
            ),
            path(
                "two-factor/backup-codes/",
                self.admin_view(partial(two_factor.backup_codes, admin_site=self)),
                name="two_factor_backup_codes",
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if request.user.is_superuser:
            return apps
        return [app for app in apps if app["app_label"] not in SITE_APP_LABELS]

    def index(self, request, extra_context=None):
        apps = self.get_app_list(request)
        extra_context = {
            "dashboard": Dashboard(request.user),
            "app_list": [a for a in apps if a["app_label"] not in SITE_APP_LABELS],
            "site_app_list": [a for a in apps if a["app_label"] in SITE_APP_LABELS],
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def admin_view(self, view, cacheable=False):
        signed_in_view = super().admin_view(view, cacheable)

        @wraps(signed_in_view)
        def keep_text_of_expired_sessions(request, *args, **kwargs):
            if view == self.logout and request.user.is_authenticated:
                # Django's admin_view sends staff it does not let in (signed
                # in by password alone) from here to the index: sign them out.
                return view(request, *args, **kwargs)
            if settings.STAFF_REQUIRE_2FA and two_factor.needs_enrolment(request.user):
                enrol = redirect("admin:two_factor_enrol")
                enrol["Location"] += "?" + urlencode({"next": request.get_full_path()})
                return enrol
            if not self.has_permission(request) and keep_unsaved_form(request):
                messages.warning(
                    request,
                    "Your session had expired, so nothing was saved. Sign in "
                    "again: your text is kept and will be back in the form.",
                )
            return signed_in_view(request, *args, **kwargs)

        return keep_text_of_expired_sessions
