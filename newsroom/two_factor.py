"""Two-factor sign-in for staff (settings.STAFF_REQUIRE_2FA, on by default
with DEBUG off): a code from an authenticator app (django-otp's TOTP device)
after the password, or one of ten single-use backup codes (its static
tokens) when the phone is not at hand.

Staff without an app yet sign in with their password alone and are sent to
enrol before anything else: a QR code to scan, one code to confirm it, then
their backup codes, shown once. They can make new ones later, which ends the
old. A superuser who deletes someone's TOTP device (the admin's "TOTP
devices") lets them enrol again, e.g. after a lost phone.
"""

from base64 import b32encode, b64encode
from io import BytesIO

import django_otp
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

BACKUP_CODE_COUNT = 10


def needs_enrolment(user):
    """Staff signed in by password who have no authenticator app yet."""
    return (
        user.is_active
        and user.is_staff
        and not user.is_verified()
        and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def issue_backup_codes(user):
    """New backup codes for `user`, ending any they had; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Backup codes"}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def verified_device(user, code):
    """The device of `user` that accepts `code`, using it up if it is a backup
    code, else None (a wrong code, or one tried too soon after wrong ones)."""
    code = "".join(code.split()).lower()
    # Try only the device the code's shape names: a wrong try slows down the
    # device it was tried on, and must not slow down the other.
    devices = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        # Locked, so one backup code cannot sign in twice at once.
        for device in devices.objects.select_for_update().filter(
            user=user, confirmed=True
        ):
            if device.verify_token(code):
                return device
    return None


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in with the second factor's code below the password."""

    otp_token = forms.CharField(
        required=False,
        label="Code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text="Six digits from your authenticator app, or a backup code. "
        "First time? Leave it empty: you will set the app up next.",
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return cleaned_data  # enrolment follows (NewsroomAdminSite)
        code = cleaned_data.get("otp_token", "")
        if not code:
            raise forms.ValidationError(
                "Enter the code from your authenticator app, or a backup code.",
                code="token_required",
            )
        device = verified_device(user, code)
        if device is None:
            raise forms.ValidationError(
                "That code is wrong, out of date or already used. After a "
                "wrong code, wait a few seconds before the next try.",
                code="invalid_token",
            )
        # django_otp marks the session verified when the login completes.
        user.otp_device = device
        return cleaned_data


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from the app",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def qr_code_data_uri(text):
    # An <img> with a data: URI, which the admin's Content-Security-Policy
    # allows (img-src data:), rather than inline SVG markup.
    svg = BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + b64encode(svg.getvalue()).decode()


def enrol(request, admin_site):
    """Set up the authenticator app, then show the backup codes once."""
    if not request.user.is_authenticated or not needs_enrolment(request.user):
        return redirect("admin:index")
    next_url = request.POST.get("next", request.GET.get("next", ""))
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = ConfirmDeviceForm(request.POST or None)
    context = {**admin_site.each_context(request), "title": "Set up two-factor sign-in"}
    if form.is_valid():
        if device.verify_token("".join(form.cleaned_data["otp_token"].split())):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return TemplateResponse(
                request,
                "admin/two_factor/backup_codes.html",
                {
                    **context,
                    "codes": issue_backup_codes(request.user),
                    "next_url": next_url or reverse("admin:index"),
                },
            )
        form.add_error("otp_token", "That code is wrong or out of date: try again.")
    return TemplateResponse(
        request,
        "admin/two_factor/enrol.html",
        {
            **context,
            "form": form,
            "next": next_url,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
        },
    )


def backup_codes(request, admin_site):
    """How many backup codes are left; posting makes new ones, shown once."""
    context = {**admin_site.each_context(request), "title": "Backup codes"}
    if request.method == "POST":
        context["codes"] = issue_backup_codes(request.user)
    else:
        context["remaining"] = StaticToken.objects.filter(
            device__user=request.user
        ).count()
    return TemplateResponse(request, "admin/two_factor/backup_codes.html", context)
