import pytest
from django.contrib.auth.models import Group, User

from frontpage.models import Front


@pytest.fixture
def desk_editor(db):
    """An editor in the Editor role, which the desk's permissions join."""
    user = User.objects.create_user("eve", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def desk_client(client, desk_editor):
    client.force_login(desk_editor)
    return client


@pytest.fixture
def home_front(db):
    return Front.objects.create()


def arrangement_form(front, stories, *, blocks=(), takes_effect_at=None, version=None):
    """What the admin's change form posts for `front` with `stories` (and
    section `blocks`) in that order, as new rows after the saved ones are
    deleted, from a form opened at `version` (the front's, by default)."""
    saved = list(front.placements.all())
    data = {
        "base_version": front.version if version is None else version,
        "takes_effect_at_0": "",
        "takes_effect_at_1": "",
        "_continue": "Save and continue editing",
    }
    if takes_effect_at is not None:
        data["takes_effect_at_0"] = takes_effect_at.strftime("%Y-%m-%d")
        data["takes_effect_at_1"] = takes_effect_at.strftime("%H:%M:%S")
    rows = [(placement, None) for placement in saved] + [
        (None, article) for article in stories
    ]
    data |= management("placements", len(rows), len(saved))
    for n, (placement, article) in enumerate(rows):
        prefix = f"placements-{n}"
        data[f"{prefix}-front"] = front.pk
        if placement:
            data |= {
                f"{prefix}-id": placement.pk,
                f"{prefix}-article": placement.article_id,
                f"{prefix}-position": placement.position,
                f"{prefix}-DELETE": "on",
            }
        else:
            data |= {
                f"{prefix}-article": article.pk,
                f"{prefix}-position": n + 1,
            }
    saved_blocks = list(front.section_blocks.all())
    data |= management(
        "section_blocks", len(saved_blocks) + len(blocks), len(saved_blocks)
    )
    for n, block in enumerate(saved_blocks):
        data |= {
            f"section_blocks-{n}-id": block.pk,
            f"section_blocks-{n}-front": front.pk,
            f"section_blocks-{n}-section": block.section_id,
            f"section_blocks-{n}-DELETE": "on",
        }
    for n, section in enumerate(blocks, start=len(saved_blocks)):
        data |= {
            f"section_blocks-{n}-front": front.pk,
            f"section_blocks-{n}-section": section.pk,
            f"section_blocks-{n}-position": n + 1,
        }
    return data


def management(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def change_url(front):
    return f"/admin/frontpage/front/{front.pk}/change/"


@pytest.fixture
def arrange(desk_client):
    """Arrange `front` through the admin as an editor does; the response."""

    def arrange(front, stories, **options):
        front.refresh_from_db()
        return desk_client.post(
            change_url(front), arrangement_form(front, stories, **options)
        )

    return arrange
