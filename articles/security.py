"""The site's Content-Security-Policy, with the admin's one exception."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

# django-prose-editor loads through an inline import map and ProseMirror injects
# <style> elements, so the admin needs inline scripts and styles; reader-facing
# pages never do.
ADMIN_REPLACEMENTS = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """settings.CONTENT_SECURITY_POLICY everywhere, relaxed for the admin only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            parts.replace = (parts.replace or {}) | ADMIN_REPLACEMENTS
        return parts
