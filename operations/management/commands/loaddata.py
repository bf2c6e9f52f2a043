"""Django's loaddata, with a failure told in one line that names the record.

Django already loads the fixtures in one transaction, so a bad record leaves
nothing behind; but its error (a duplicate slug, a missing natural key, an
unknown field) arrives as a traceback of some forty lines, and a record that
cannot even be read is not named at all. `--traceback` still shows it all.
"""

from django.core.management import CommandError
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        self.records = 0  # read so far, the failing one included
        self.records_saved = 0
        self.last_record = None
        try:
            return super().handle(*fixture_labels, **options)
        except CommandError:
            raise
        except Exception as error:
            if options.get("traceback"):
                raise
            message = " ".join(str(error).split()).rstrip(".") or repr(error)
            raise CommandError(
                f"Nothing was loaded. {self.failing_record()}: {message}."
            ) from error

    def save_obj(self, obj):
        self.records += 1
        self.last_record = obj.object
        saved = super().save_obj(obj)
        self.records_saved = self.records
        return saved

    def failing_record(self) -> str:
        if self.records and self.records_saved == self.records:
            # Read whole, then refused: the record after the last one saved.
            last = self.last_record
            return (
                f"Record {self.records + 1}, after {last._meta.label} “{last}”, "
                "could not be read"
            )
        if self.records:
            return f"Record {self.records} could not be saved"
        return "The first record could not be read"
