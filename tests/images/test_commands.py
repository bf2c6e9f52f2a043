from io import StringIO

import pytest
from django.core.management import call_command

from images.models import Rendition


@pytest.mark.django_db
def test_remake_renditions_fills_in_only_what_is_missing(make_image):
    complete = make_image()
    lacking = make_image()
    lacking.renditions.filter(slot="card").delete()
    kept = set(Rendition.objects.values_list("pk", flat=True))
    output = StringIO()

    call_command("remake_renditions", stdout=output)

    assert "Renditions made for 1 image(s)." in output.getvalue()
    assert kept <= set(Rendition.objects.values_list("pk", flat=True))
    assert lacking.renditions_for("card")
    assert len(lacking.renditions.all()) == len(complete.renditions.all())


@pytest.mark.django_db
def test_remake_renditions_all_replaces_every_rendition(make_image):
    make_image()
    before = set(Rendition.objects.values_list("pk", flat=True))

    call_command("remake_renditions", "--all", stdout=StringIO())

    after = set(Rendition.objects.values_list("pk", flat=True))
    assert after and not before & after
