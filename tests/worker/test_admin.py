import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains

from . import tasks

pytestmark = pytest.mark.django_db

TASKS = reverse("admin:django_tasks_database_dbtaskresult_changelist")
WORKERS = reverse("admin:worker_workerheartbeat_changelist")


@pytest.fixture
def failed(run_tasks, tmp_path):
    """A task that failed for good: three attempts, the mail server down."""
    result = tasks.fail.enqueue(str(tmp_path))
    for _ in range(tasks.fail.max_attempts):
        DBTaskResult.objects.update(run_after=timezone.now())
        run_tasks()
    return DBTaskResult.objects.get(id=result.id)


def test_superuser_sees_failed_task_with_its_attempts_and_error(admin_client, failed):
    response = admin_client.get(TASKS)

    assertContains(response, "fail")
    assertContains(response, "Failed")
    assertContains(response, '<td class="field-attempts">3</td>', html=True)
    assertContains(response, "ConnectionRefusedError")


def test_superuser_reads_the_traceback_of_a_failed_task(admin_client, failed):
    response = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.id])
    )

    assertContains(response, "ConnectionRefusedError: SMTP server down")


def test_superuser_runs_a_failed_task_again(admin_client, failed):
    response = admin_client.post(
        TASKS, {"action": "run_again", "_selected_action": [failed.id]}, follow=True
    )
    failed.refresh_from_db()

    assertContains(response, "1 task(s) queued to run now")
    assert failed.status == TaskResultStatus.READY
    assert failed.run_after <= timezone.now()


def test_run_again_leaves_a_successful_task_alone(admin_client, run_tasks, tmp_path):
    result = tasks.record.enqueue(str(tmp_path), "once")
    run_tasks()

    admin_client.post(TASKS, {"action": "run_again", "_selected_action": [result.id]})
    result.refresh()

    assert result.status == TaskResultStatus.SUCCESSFUL


def test_superuser_sees_the_workers_as_last_heard_from(admin_client, worker_heard_from):
    worker_heard_from(worker_id="web-1-worker")

    assertContains(admin_client.get(WORKERS), "web-1-worker")


@pytest.mark.parametrize("url", [TASKS, WORKERS])
def test_staff_other_than_superusers_cannot_see_the_queue(client, editor, failed, url):
    # Even given the models' view permissions, which Django's admin obeys.
    editor.user_permissions.add(
        Permission.objects.get(codename="view_dbtaskresult"),
        Permission.objects.get(codename="view_workerheartbeat"),
    )
    client.force_login(editor)

    assert client.get(url).status_code == 403
    index = client.get(reverse("admin:index"))
    assertNotContains(index, "Task Results")
    assertNotContains(index, "Worker heartbeats")
