from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from worker.heartbeat import Heartbeat, last_heard_from
from worker.models import WorkerHeartbeat
from worker.recovery import forget_lost_workers, prune_finished_tasks

from . import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lease(settings):
    settings.NEWSROOM_WORKER_LEASE_SECONDS = 60
    # The heartbeat thread never beats within a test: beats are called here.
    settings.NEWSROOM_WORKER_HEARTBEAT_SECONDS = 3600


def running_on(worker_id, task=tasks.record, attempts_before=0):
    """A task that `worker_id` claimed, after `attempts_before` attempts."""
    result = task.enqueue("/nowhere")  # never run
    row = DBTaskResult.objects.get(id=result.id)
    row.worker_ids = ["earlier"] * attempts_before
    row.claim(worker_id)
    return row


def test_task_of_a_silent_worker_is_queued_again_with_the_reason(worker_heard_from):
    worker_heard_from(seconds_ago=61, worker_id="dead")
    row = running_on("dead")

    forget_lost_workers()
    row.refresh_from_db()

    assert row.status == TaskResultStatus.READY
    assert row.run_after <= timezone.now()
    assert row.exception_class_path == "worker.recovery.WorkerLost"
    assert "Worker dead stopped while running it" in row.traceback
    assert not WorkerHeartbeat.objects.filter(worker_id="dead").exists()


def test_task_of_a_live_worker_is_left_running(worker_heard_from):
    worker_heard_from(seconds_ago=59, worker_id="alive")
    worker_heard_from(seconds_ago=61, worker_id="dead")
    row = running_on("alive")

    forget_lost_workers()
    row.refresh_from_db()

    assert row.status == TaskResultStatus.RUNNING
    assert WorkerHeartbeat.objects.filter(worker_id="alive").exists()


def test_lost_task_out_of_attempts_fails_for_good(worker_heard_from):
    worker_heard_from(seconds_ago=61, worker_id="dead")
    row = running_on("dead", task=tasks.wait_for_release, attempts_before=2)

    forget_lost_workers()
    row.refresh_from_db()

    assert row.status == TaskResultStatus.FAILED
    assert row.task_result.errors[0].exception_class_path == (
        "worker.recovery.WorkerLost"
    )


def test_lost_task_whose_code_is_gone_fails(worker_heard_from):
    worker_heard_from(seconds_ago=61, worker_id="dead")
    row = running_on("dead")
    DBTaskResult.objects.filter(id=row.id).update(task_path="tests.gone.task")

    forget_lost_workers()
    row.refresh_from_db()

    assert row.status == TaskResultStatus.FAILED


def test_worker_beats_while_it_runs_and_is_forgotten_when_it_stops():
    with Heartbeat("w1") as heartbeat:
        first_beat = last_heard_from()
        heartbeat.beat()
        assert last_heard_from() > first_beat
        assert WorkerHeartbeat.objects.get().worker_id == "w1"

    assert last_heard_from() is None


def test_worker_stopping_hands_back_what_it_claimed_but_did_not_run():
    with Heartbeat("w1"):
        row = running_on("w1")
    row.refresh_from_db()

    assert row.status == TaskResultStatus.READY


def test_worker_starting_runs_again_what_its_previous_process_left(worker_heard_from):
    worker_heard_from(
        seconds_ago=1, worker_id="w1"
    )  # killed a second ago, then restarted
    row = running_on("w1")

    with Heartbeat("w1"):
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY


def test_finished_tasks_are_pruned_after_the_kept_days(settings):
    settings.NEWSROOM_TASK_RESULTS_DAYS = 14
    old, recent, waiting = (tasks.record.enqueue("/x", "t") for _ in range(3))
    DBTaskResult.objects.filter(id__in=[old.id, recent.id]).update(
        status=TaskResultStatus.SUCCESSFUL
    )
    DBTaskResult.objects.filter(id=old.id).update(
        finished_at=timezone.now() - timedelta(days=15)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        finished_at=timezone.now() - timedelta(days=13)
    )

    prune_finished_tasks()

    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {
        recent.db_result.id,
        waiting.db_result.id,
    }
