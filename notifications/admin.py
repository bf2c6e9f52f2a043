"""Each user's notifications in the editor panel: their own list (opening
one marks it read and goes to the article), and their email preference."""

from contextlib import suppress

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import EmailPreference, Notification


class UnreadFilter(admin.SimpleListFilter):
    title = "read"
    parameter_name = "unread"

    def lookups(self, request, model_admin):
        return [("1", "Unread"), ("0", "Read")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(read_at__isnull=self.value() == "1")
        return queryset


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["wants_email"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Few columns, the time under the message, so a phone shows it all.
    list_display = ["what", "is_read", "email_state"]
    list_display_links = None
    list_filter = [UnreadFilter, "kind"]
    ordering = ["-created_at", "-pk"]
    list_select_related = ["article", "actor"]
    actions = ["mark_read", "mark_unread"]
    list_per_page = 50

    # Everyone on the staff has notifications; each sees only their own.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Your notifications", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/open/",
                view(self.open_view),
                name="notifications_notification_open",
            ),
            path(
                "email/",
                view(self.preference_view),
                name="notifications_emailpreference",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Notification")
    def what(self, notification):
        note = (
            format_html("<br><span class='quiet'>Note: {}</span>", notification.note)
            if notification.note
            else ""
        )
        weight = "strong" if notification.read_at is None else "span"
        return format_html(
            '<{0}><a href="{1}">{2}</a></{0}><br><span class="quiet">{3}</span>{4}',
            weight,
            reverse("admin:notifications_notification_open", args=[notification.pk]),
            notification.message(),
            date_format(timezone.localtime(notification.created_at), "D j M, H:i T"),
            note,
        )

    @admin.display(boolean=True, description="Read")
    def is_read(self, notification):
        return notification.read_at is not None

    @admin.display(description="Email", ordering="email")
    def email_state(self, notification):
        state = notification.get_email_display()
        if notification.email_error and notification.email != Notification.Email.SENT:
            return f"{state} after {notification.email_attempts} attempts: " + (
                notification.email_error
            )
        return state

    def open_view(self, request, object_id):
        notification = None
        with suppress(ValueError, ValidationError):  # not an id: not found
            notification = (
                self.get_queryset(request).filter(pk=unquote(object_id)).first()
            )
        if notification is None:
            raise Http404
        notification.mark_read()
        return HttpResponseRedirect(notification.get_absolute_url())

    def preference_view(self, request):
        preference = EmailPreference.objects.filter(user=request.user).first()
        form = EmailPreferenceForm(
            request.POST or None,
            instance=preference or EmailPreference(user=request.user),
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            self.message_user(
                request,
                "Notifications will be emailed to you."
                if form.cleaned_data["wants_email"]
                else "Notifications will no longer be emailed to you.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:notifications_notification_changelist")
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Notification email",
            "opts": self.opts,
            "form": form,
            "address": request.user.email,
        }
        return TemplateResponse(
            request, "admin/notifications/notification/email.html", context
        )

    @admin.action(description="Mark as read", permissions=["view"])
    def mark_read(self, request, queryset):
        count = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
        self.message_user(request, f"{count} marked as read.", messages.SUCCESS)

    @admin.action(description="Mark as unread", permissions=["view"])
    def mark_unread(self, request, queryset):
        count = queryset.filter(read_at__isnull=False).update(read_at=None)
        self.message_user(request, f"{count} marked as unread.", messages.SUCCESS)
