"""How a delivery is signed, and how a receiver checks it (README, Webhooks).

The signature is HMAC-SHA256, keyed with the endpoint's secret, over
"<timestamp>.<body>" with the timestamp in Unix seconds, sent as
``Newsroom-Signature: v1=<hex>``. Each attempt is signed anew with the time
it is sent; a receiver refuses a timestamp more than REPLAY_WINDOW_SECONDS
from its own clock and drops repeats by ``Newsroom-Event-Id``.
"""

import hashlib
import hmac
import time

REPLAY_WINDOW_SECONDS = 300


def signature(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_valid(secret, timestamp, body, signed, *, now=None):
    """What a receiver checks: the signature matches and the time is recent."""
    now = time.time() if now is None else now
    try:
        fresh = abs(now - int(timestamp)) <= REPLAY_WINDOW_SECONDS
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(signature(secret, timestamp, body), signed)
