from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from .models import PartnerKey

# The library's own key model is not what the API reads; offering it too
# would hand out keys that do not work.
admin.site.unregister(APIKey)


@admin.register(PartnerKey)
class PartnerKeyAdmin(APIKeyModelAdmin):
    """The key is shown once, in a message, when it is made; only its hash
    is kept. Revoking is the "Revoked" box, which cannot be undone."""

    list_display = [*APIKeyModelAdmin.list_display, "requests_per_minute"]
    fields = ["name", "contact", "requests_per_minute", "expiry_date", "revoked"]
