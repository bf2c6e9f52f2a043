from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db.models import DBTaskResult

from worker.tasks import (
    MAX_RETRY_DELAY,
    BackgroundTask,
    background_task,
    delay_before_retry,
)

from . import tasks
from .tasks import notes


def test_background_task_keeps_its_retry_policy():
    assert isinstance(tasks.record, BackgroundTask)
    assert tasks.fail.max_attempts == 3
    assert tasks.fail.retry_delay == timedelta(seconds=0.3)
    # using() makes a copy for other options; the policy goes with it.
    assert tasks.fail.using(priority=5).max_attempts == 3


def test_a_task_needs_at_least_one_attempt():
    with pytest.raises(InvalidTaskError, match="at least 1"):
        background_task(max_attempts=0)(tasks.note)


def test_retry_delay_doubles_up_to_an_hour():
    delays = [delay_before_retry(tasks.fail, attempts) for attempts in (1, 2, 3)]

    assert delays == [timedelta(seconds=s) for s in (0.3, 0.6, 1.2)]
    assert delay_before_retry(tasks.fail, 30) == MAX_RETRY_DELAY


@pytest.mark.django_db
def test_task_enqueued_in_a_committed_transaction_runs(run_tasks, tmp_path):
    with transaction.atomic():
        tasks.record.enqueue_on_commit(str(tmp_path), "kept")

    run_tasks()

    assert notes(tmp_path, "record") == ["kept"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_task_enqueued_in_a_rolled_back_transaction_never_runs(run_tasks, tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.record.enqueue_on_commit(str(tmp_path), "lost")
        raise RuntimeError("the save failed")

    run_tasks()

    assert not DBTaskResult.objects.exists()
    assert notes(tmp_path, "record") == []


@pytest.mark.django_db
def test_with_a_backend_outside_the_database_enqueue_waits_for_the_commit(
    settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.record.enqueue_on_commit(str(tmp_path), "after commit")
        assert notes(tmp_path, "record") == []

    for callback in callbacks:
        callback()
    assert notes(tmp_path, "record") == ["after commit"]


@pytest.mark.django_db
def test_failed_attempt_waits_its_backoff_with_its_error_kept(run_tasks, tmp_path):
    result = tasks.fail.enqueue(str(tmp_path))

    before = timezone.now()
    run_tasks()
    result.refresh()
    row = DBTaskResult.objects.get(id=result.id)

    assert result.status == TaskResultStatus.READY
    assert result.attempts == 1
    assert before + timedelta(seconds=0.3) <= row.run_after
    assert row.run_after <= timezone.now() + timedelta(seconds=0.3)
    assert row.exception_class_path == "builtins.ConnectionRefusedError"
    assert "SMTP server down" in row.traceback


@pytest.mark.django_db
def test_task_out_of_attempts_fails_for_good(run_tasks, tmp_path):
    result = tasks.fail.enqueue(str(tmp_path))

    for _ in range(tasks.fail.max_attempts + 1):
        # Let the backoff pass at once.
        DBTaskResult.objects.update(run_after=timezone.now())
        run_tasks()
    result.refresh()

    assert len(notes(tmp_path, "attempts")) == 3
    assert result.status == TaskResultStatus.FAILED
    assert result.attempts == 3
    assert result.errors[0].exception_class is ConnectionRefusedError
    assert "SMTP server down" in result.errors[0].traceback
