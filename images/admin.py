from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join

from .models import Image
from .renditions import CROPPED_SLOTS


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "label",
        "file_name",
        "credit",
        "has_alt_text",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "label"]
    search_fields = ["alt_text", "caption", "credit", "file_name"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "preview",
        "crops",
        "dimensions",
        "uploaded_at",
        "file_name",
        "original_download",
    ]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "credit"]}),
        (
            "Cropping",
            {
                "fields": [("focal_x", "focal_y"), "crops"],
                "description": "Fixed-shape crops (the home page, social cards) "
                "keep this point in the picture. Click the preview to set it, "
                "then save to see the crops.",
            },
        ),
        (
            "File",
            {
                "fields": [
                    "file_name",
                    "dimensions",
                    "uploaded_at",
                    "original_download",
                ]
            },
        ),
    ]
    picker_page_size = 48

    class Media:
        css = {"all": ["images/admin.css"]}
        js = ["images/focal-point.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image.delete()  # one by one, so each image's files go too

    def get_urls(self):
        admin_view = self.admin_site.admin_view
        return [
            path("picker/", admin_view(self.picker_view), name="images_image_picker"),
            path(
                "<int:pk>/original/",
                admin_view(self.original_view),
                name="images_image_original",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Photo")
    def thumbnail(self, image):
        return rendition_img(image, "thumbnail")

    @admin.display(description="Alt text or caption")
    def label(self, image):
        return str(image)

    @admin.display(description="Preview")
    def preview(self, image):
        return rendition_img(image, "article") if image.pk else "—"

    @admin.display(description="Crops")
    def crops(self, image):
        if not image.pk:
            return "—"
        return format_html_join(
            " ", "{}", ((rendition_img(image, slot),) for slot in CROPPED_SLOTS)
        )

    @admin.display(boolean=True, description="Alt text")
    def has_alt_text(self, image):
        return bool(image.alt_text)

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} pixels" if image.pk else "—"

    @admin.display(description="Original upload")
    def original_download(self, image):
        if not image.original:
            return "Not kept"
        return format_html(
            '<a href="../original/">Download the file as it was uploaded</a>'
        )

    def picker_view(self, request):
        """The library as the body editor's "Browse…" window lists it, with an
        upload form, so a photo not yet in the library is added there (through
        the same checks as any upload) and then chosen."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_upload = self.has_add_permission(request)
        upload = PickerUploadForm(
            request.POST if request.method == "POST" else None, request.FILES or None
        )
        if request.method == "POST":
            if not may_upload:
                raise PermissionDenied
            if upload.is_valid():
                image = upload.save()
                self.log_addition(request, image, [{"added": {}}])
                # Back to the list (the window's CKEditorFuncNum kept), newest first.
                shown = request.GET.copy()
                shown["uploaded"] = image.pk
                return HttpResponseRedirect(f"{request.path}?{shown.urlencode()}")
        images = self.get_queryset(request)
        if query := request.GET.get("q", "").replace("\0", "").strip():
            matches = (
                Q(alt_text__icontains=query)
                | Q(caption__icontains=query)
                | Q(credit__icontains=query)
                | Q(file_name__icontains=query)
            )
            if day := parse_date_or_none(query):
                matches |= Q(uploaded_at__date=day)
            images = images.filter(matches)
        page = Paginator(images, self.picker_page_size).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Choose an image",
            "page": page,
            "query": query,
            "upload": upload if may_upload else None,
            "uploaded": _int_or_none(request.GET.get("uploaded")),
            "opts": self.opts,
            "is_popup": True,
        }
        return TemplateResponse(request, "admin/images/image/picker.html", context)

    def original_view(self, request, pk):
        image = self.get_object(request, str(pk))
        if image is None or not image.original:
            raise Http404
        if not self.has_change_permission(request, image):
            raise PermissionDenied
        return FileResponse(image.original.open("rb"), as_attachment=True)


class PickerUploadForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


def parse_date_or_none(text):
    try:
        return parse_date(text)
    except ValueError:
        return None


def _int_or_none(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def rendition_img(image, slot):
    """The smallest rendition for `slot` as an <img>, for the editor's eyes."""
    renditions = image.renditions_for(slot)
    if not renditions:
        return "—"
    rendition = renditions[0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="image-{}">',
        rendition.file.url,
        rendition.width,
        rendition.height,
        image.alt_text,
        slot,
    )
