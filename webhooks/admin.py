from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from .models import Attempt, Delivery, Endpoint, EventType
from .queue import run_later
from .tasks import deliver_to


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text=Endpoint._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "is_active", "secret"]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "is_active", "failures", "retry_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["failures", "retry_at", "created_at"]
    actions = ["retry_now"]

    @admin.action(description="Retry now (end the back-off)")
    def retry_now(self, request, queryset):
        queryset.update(retry_at=None)
        for endpoint in queryset:
            run_later(deliver_to, endpoint.pk)
        self.message_user(request, "Pending deliveries are being sent again.")


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["started_at", "status_code", "response_ms", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        *("event", "endpoint", "status", "attempts", "last_status_code"),
        *("last_response_ms", "created_at", "delivered_at"),
    ]
    list_filter = ["status", "endpoint", "event__type"]
    list_select_related = ["event", "endpoint"]
    readonly_fields = [
        *("event", "endpoint", "status", "attempts", "created_at", "delivered_at"),
        *("last_status_code", "last_error"),
    ]
    inlines = [AttemptInline]
    actions = ["send_again"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("attempt_log")

    @admin.display(description="response time (ms)")
    def last_response_ms(self, delivery):
        last = next(iter(delivery.attempt_log.all()), None)
        return last.response_ms if last else None

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request, queryset):
        queryset.update(status=Delivery.Status.PENDING, created_at=timezone.now())
        for endpoint_id in set(queryset.values_list("endpoint_id", flat=True)):
            run_later(deliver_to, endpoint_id)
        self.message_user(request, "Queued to be sent again.", messages.SUCCESS)
