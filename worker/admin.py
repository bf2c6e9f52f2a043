"""The task queue in the admin, for superusers: recent tasks with their
attempts and last error, and the workers as last heard from."""

from django.contrib import admin, messages
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat


class SuperusersOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


# Registered by django_tasks_db for any staff with the permission; replaced.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(SuperusersOnly, DBTaskResultAdmin):
    list_display = [
        "task_name",
        "status",
        "attempts",
        "last_error",
        "enqueued_at",
        "started_at",
        "finished_at",
        "display_run_after",
        "queue_name",
    ]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    actions = ["run_again"]

    @admin.display(description="attempts")
    def attempts(self, result):
        return len(result.worker_ids)

    @admin.display(description="last error")
    def last_error(self, result):
        return result.exception_class_path.rpartition(".")[2] or "-"

    @admin.action(description="Run the selected failed or waiting tasks now")
    def run_again(self, request, queryset):
        waiting = [TaskResultStatus.FAILED, TaskResultStatus.READY]
        count = queryset.filter(status__in=waiting).update(
            status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
        )
        self.message_user(
            request,
            f"{count} task(s) queued to run now; running and successful ones "
            "were left alone.",
            messages.SUCCESS,
        )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_seen_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
