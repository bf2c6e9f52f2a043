"""The Reporter and Editor roles exist on every database: after migrating,
and after a flush (which each transactional and browser test does)."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

from articles.editorial.roles import ROLES, ensure_roles
from frontpage.apps import EDITOR_PERMISSIONS

# What the desk (frontpage) adds to the Editor's role.
DESK = {f"frontpage.{codename}" for codename in EDITOR_PERMISSIONS}


def permission_names(group_name):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(
            name=group_name
        ).permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db(transaction=True)
def test_roles_and_their_permissions_outlive_a_flush():
    call_command("flush", interactive=False, verbosity=0)

    assert permission_names("Reporter") == set(ROLES["Reporter"])
    assert permission_names("Editor") == {*ROLES["Editor"], *DESK}
    reporter = User.objects.create_user("reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    assert reporter.has_perm("articles.change_article")
    assert not reporter.has_perm("articles.publish_article")


@pytest.mark.django_db
def test_ensuring_roles_again_keeps_what_an_administrator_added():
    extra = Permission.objects.get(codename="delete_tag")
    Group.objects.get(name="Editor").permissions.add(extra)
    Group.objects.get(name="Reporter").permissions.remove(
        Permission.objects.get(codename="add_article")
    )

    ensure_roles()

    assert Group.objects.filter(name__in=ROLES).count() == 2
    assert permission_names("Editor") == {*ROLES["Editor"], *DESK, "taggit.delete_tag"}
    assert permission_names("Reporter") == set(ROLES["Reporter"])
