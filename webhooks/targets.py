"""Where a webhook may be sent: public addresses only, unless
NEWSROOM_WEBHOOK_ALLOWED_NETWORKS names a private range (operations.outbound
has the rule). The check is made again at each delivery, on the addresses the
connection then uses."""

from django.conf import settings

from operations.outbound import RefusedTarget, split_target
from operations.outbound import vetted_address as vetted_outbound_address

__all__ = ["RefusedTarget", "split_target", "validate_target", "vetted_address"]


def vetted_address(url):
    return vetted_outbound_address(url, settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS)


def validate_target(url):
    vetted_address(url)
