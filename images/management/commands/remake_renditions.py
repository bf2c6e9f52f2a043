from django.core.management import BaseCommand

from images.models import Image
from images.renditions import SLOTS


class Command(BaseCommand):
    help = (
        "Make the renditions that library images lack, as after a new slot is "
        "added to images/renditions.py. With --all, remake every rendition of "
        "every image, as after changing a slot's widths or quality."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="remake every rendition")

    def handle(self, *args, **options):
        remade = 0
        images = Image.objects.prefetch_related("renditions").order_by("pk")
        for image in images.iterator(chunk_size=100):
            if options["all"]:
                image.remake_renditions()
            elif missing := set(SLOTS) - {r.slot for r in image.renditions.all()}:
                image.remake_renditions(slots=sorted(missing))
            else:
                continue
            remade += 1
        self.stdout.write(f"Renditions made for {remade} image(s).")
