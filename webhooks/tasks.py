"""The jobs the background worker runs for webhooks."""

from django_tasks import task


@task()
def deliver_to(endpoint_id):
    """Send what is due to one endpoint (delivery.send_due)."""
    from .delivery import send_due

    send_due(endpoint_id)


@task()
def announce_if_live(article_id):
    """Run at a scheduled article's publication time: tell receivers it is
    live (nothing, if it was rescheduled or withdrawn meanwhile)."""
    from .events import note_article

    note_article(article_id)
