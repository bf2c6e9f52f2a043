from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class OriginalsStorage(FileSystemStorage):
    """Uploads as they came, under ORIGINALS_ROOT: outside MEDIA_ROOT, so the
    web server that serves media never serves these, and with no URL at all."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.ORIGINALS_ROOT)

    def url(self, name):
        raise ValueError("Original uploads are not served by URL.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "ORIGINALS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
