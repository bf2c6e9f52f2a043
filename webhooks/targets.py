"""Where a webhook may be sent: public addresses only, unless
NEWSROOM_WEBHOOK_ALLOWED_NETWORKS names a private range, so that webhooks
cannot be turned on the site's own network (its database, its metadata
service). The check is made again at each delivery, on the addresses the
connection then uses, so a name that later resolves elsewhere is caught."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


class RefusedTarget(ValidationError):
    pass


def allowed(address, allowed_networks=None):
    """Whether `address` is public, or in one of `allowed_networks` (by
    default NEWSROOM_WEBHOOK_ALLOWED_NETWORKS; other apps fetching addresses
    their users give, such as oEmbed's, pass their own setting)."""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if allowed_networks is None:
        allowed_networks = settings.NEWSROOM_WEBHOOK_ALLOWED_NETWORKS
    networks = (ipaddress.ip_network(n) for n in allowed_networks)
    if any(address in network for network in networks):
        return True
    return address.is_global and not address.is_multicast


def split_target(url):
    """(scheme, host, port) of an http(s) URL, or RefusedTarget."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedTarget("Use an http:// or https:// address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedTarget("The port is not a number from 1 to 65535.") from None
    return parts.scheme, parts.hostname, port


def vetted_address(url, allowed_networks=None):
    """The address to connect to for `url`, if every address its host
    resolves to is allowed; else RefusedTarget."""
    _, host, port = split_target(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedTarget(f"“{host}” does not resolve to an address.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    refused = sorted({str(a) for a in addresses if not allowed(a, allowed_networks)})
    if refused:
        raise RefusedTarget(
            f"“{host}” resolves to {', '.join(refused)}: private, loopback and "
            "link-local addresses are refused."
        )
    return str(addresses[0])


def validate_target(url):
    vetted_address(url)
