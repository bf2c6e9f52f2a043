import warnings

from django.apps import AppConfig
from PIL import Image as PILImage


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        from .uploads import MAX_PIXELS

        # One pixel limit everywhere Pillow opens a file in this process, and
        # going over it is an error, never just a warning in a log.
        PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
