from django.apps import AppConfig


class WorkerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "worker"
    verbose_name = "Background worker"

    def ready(self):
        from django_tasks.signals import task_finished
        from django_tasks_db import DatabaseBackend

        from operations.health import add_readiness_check

        from .heartbeat import worker_silence
        from .recovery import retry_failed

        task_finished.connect(retry_failed, sender=DatabaseBackend)
        add_readiness_check("worker", worker_silence)
