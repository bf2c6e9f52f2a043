"""The jobs the background worker runs for webhooks. Both may run more than
once (a retry, a killed worker's task run again): sending holds a lease per
endpoint, and announcing compares with what receivers were last told."""

from worker.tasks import background_task


@background_task
def deliver_to(endpoint_id):
    """Send what is due to one endpoint (delivery.send_due)."""
    from .delivery import send_due

    send_due(endpoint_id)


@background_task
def announce_if_live(article_id):
    """Run at a scheduled article's publication time: tell receivers it is
    live (nothing, if it was rescheduled or withdrawn meanwhile)."""
    from .events import note_article

    note_article(article_id)
