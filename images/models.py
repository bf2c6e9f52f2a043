from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q

from .renditions import CROPPED_SLOTS, SLOTS, make_renditions
from .uploads import EXTENSIONS, CleanMaster, prepare_upload

STORED_EXTENSIONS = set(EXTENSIONS.values())


def random_name(folder, filename):
    """A fresh random name under `folder`, keeping only a known extension.

    Editors' file names never reach the storage: they can collide, leak, or
    carry characters a web server treats specially.
    """
    extension = filename.rpartition(".")[2].lower()
    if extension not in STORED_EXTENSIONS:
        raise ValueError(f"Not a stored image extension: {filename!r}")
    key = uuid4().hex
    return f"{folder}/{key[:2]}/{key}.{extension}"


def master_path(image, filename):
    return random_name("images", filename)


def original_path(image, filename):
    return random_name("originals", filename)


def rendition_path(rendition, filename):
    return random_name("renditions", filename)


def originals_storage():
    return storages["originals"]


def delete_files_on_commit(*files):
    """Remove stored files once the rows that named them are gone for good."""
    for file in files:
        if file:
            storage, name = file.storage, file.name
            # Robust: a file left behind is logged; the rows are gone, and
            # the editor must not be told otherwise.
            transaction.on_commit(lambda s=storage, n=name: s.delete(n), robust=True)


class Image(models.Model):
    file = models.FileField(
        "image",
        upload_to=master_path,
        help_text="A JPEG, PNG, WebP or GIF photo up to 25 MB and 80 megapixels. "
        "It is stored re-encoded, upright and without camera metadata.",
    )
    original = models.FileField(
        upload_to=original_path,
        storage=originals_storage,
        blank=True,
        editable=False,
        help_text="The file as uploaded, kept for editors only when the site's "
        "settings say so; never served to readers.",
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the photo shows, for readers who cannot see it. "
        "Required before an article using the image can be published.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer and agency."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point, % from the left",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="The part of the photo that crops must keep. Blank is the centre.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point, % from the top",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    file_name = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The name the file was uploaded under, for finding it again.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Where an import found the picture, so a re-run uses this one again.
    source_url = models.CharField(
        max_length=1000, blank=True, db_index=True, editable=False
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__lte=100) & Q(focal_y__lte=100),
                name="image_focal_point_in_picture",
            ),
        ]

    def __str__(self):
        return self.alt_text or self.caption[:80] or f"Image {self.pk}"

    def save(self, *args, **kwargs):
        self.alt_text = self.alt_text.strip()
        self.prepare_file()
        before = Image.objects.filter(pk=self.pk).first() if self.pk else None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if before is None or before.file.name != self.file.name:
                self.remake_renditions()
            elif before.focal_point != self.focal_point:
                # Uncropped renditions keep their names, which body figures
                # name in their src for the editor.
                self.remake_renditions(slots=CROPPED_SLOTS)
            if before and before.file.name != self.file.name:
                delete_files_on_commit(before.file, before.original)

    def delete(self, *args, **kwargs):
        files = [self.file, self.original, *(r.file for r in self.renditions.all())]
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            delete_files_on_commit(*files)
        return deleted

    def clean(self):
        try:
            self.prepare_file()
        except ValidationError as error:
            raise ValidationError({"file": error.error_list}) from None

    def prepare_file(self):
        """Check a newly assigned upload and replace it with its clean
        re-encoding; raise ValidationError for the editor if it is refused."""
        if not self.file or self.file._committed:
            return
        upload = self.file.file
        if isinstance(upload, CleanMaster):
            return  # prepared already, by clean()
        prepared = prepare_upload(upload)
        # Stored under a random name; the uploaded one is how editors know it.
        self.file_name = PurePath(getattr(upload, "name", "") or "").name[:255]
        self.file = prepared.master
        self.width, self.height = prepared.width, prepared.height
        if settings.IMAGES_KEEP_ORIGINALS:
            extension = EXTENSIONS[prepared.source_format]
            self.original = ContentFile(upload.read(), name=f"original.{extension}")
            upload.seek(0)

    @property
    def focal_point(self):
        """(x, y) between 0 and 1; the centre when the editor set none."""
        x = 50 if self.focal_x is None else self.focal_x
        y = 50 if self.focal_y is None else self.focal_y
        return (x / 100, y / 100)

    def remake_renditions(self, slots=None):
        """Replace the renditions of the named slots (all by default) with ones
        made from the current file and focal point."""
        old = self.renditions.filter(slot__in=slots) if slots else self.renditions
        delete_files_on_commit(*(rendition.file for rendition in old.all()))
        old.all().delete()
        with self.file.open("rb") as master:
            made = make_renditions(master, focal_point=self.focal_point, slots=slots)
            for rendition in made:
                Rendition.objects.create(
                    image=self,
                    slot=rendition.slot,
                    format=rendition.format,
                    width=rendition.width,
                    height=rendition.height,
                    file=ContentFile(rendition.content, name=rendition.file_name),
                )

    def renditions_for(self, slot):
        """This image's renditions for one slot, smallest first (uses prefetched
        renditions when there are some)."""
        return sorted(
            (r for r in self.renditions.all() if r.slot == slot),
            key=lambda r: (r.width, r.format),
        )


class Rendition(models.Model):
    """One stored size and format of a library image, as readers get it."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )
    slot = models.CharField(max_length=20, choices=[(name, name) for name in SLOTS])
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to=rendition_path)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "slot", "format", "width"],
                name="rendition_unique_size",
            )
        ]

    def __str__(self):
        return f"{self.image} ({self.slot}, {self.width}w {self.format})"
