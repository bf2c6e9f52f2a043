"""Requests the site makes to addresses someone else gave it (webhook
endpoints, an import's picture URLs): public addresses only, unless the
caller names private networks it allows, so that such a request cannot be
turned on the site's own network (its database, its metadata service). The
connection goes to the address that was vetted, never to what the name
resolves to at connect time, so a name that later resolves elsewhere is
caught."""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError


class RefusedTarget(ValidationError):
    pass


class FetchFailed(Exception):
    """A GET gave no usable answer; the message says why, for a person."""


def allowed(address, networks=()):
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in ipaddress.ip_network(network) for network in networks):
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


def vetted_address(url, networks=()):
    """The address to connect to for `url`, if every address its host
    resolves to is public or in `networks`; else RefusedTarget."""
    _, host, port = split_target(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedTarget(f"“{host}” does not resolve to an address.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    refused = sorted({str(a) for a in addresses if not allowed(a, networks)})
    if refused:
        raise RefusedTarget(
            f"“{host}” resolves to {', '.join(refused)}: private, loopback and "
            "link-local addresses are refused."
        )
    return str(addresses[0])


class PinnedConnectionMixin:
    """Connects to the vetted address with the connect timeout, then reads
    with the read timeout."""

    def __init__(self, host, port, *, address, timeout, connect_timeout, **kwargs):
        super().__init__(host, port, timeout=timeout, **kwargs)
        self.address = address
        self.connect_timeout = connect_timeout

    def raw_socket(self):
        sock = socket.create_connection((self.address, self.port), self.connect_timeout)
        sock.settimeout(self.timeout)
        return sock


class PinnedHTTPConnection(PinnedConnectionMixin, http.client.HTTPConnection):
    def connect(self):
        self.sock = self.raw_socket()


class PinnedHTTPSConnection(PinnedConnectionMixin, http.client.HTTPSConnection):
    def __init__(self, host, port, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)

    def connect(self):
        self.sock = self._context.wrap_socket(
            self.raw_socket(), server_hostname=self.host
        )


def pinned_connection(url, *, networks=(), timeout, connect_timeout):
    """An unopened connection to `url`'s vetted address (RefusedTarget if
    it has none), and the path to ask for."""
    scheme, host, port = split_target(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = (
        PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    )
    connection = connection_class(
        host,
        port,
        address=vetted_address(url, networks),
        timeout=timeout,
        connect_timeout=connect_timeout,
    )
    return connection, path


MAX_REDIRECTS = 3


def fetch(url, *, max_bytes, seconds, networks=(), user_agent="Newsroom/1"):
    """The body of a GET of `url`, following a few redirects (each vetted),
    within `seconds` in all and at most `max_bytes`. Raises RefusedTarget
    or FetchFailed."""
    deadline = time.monotonic() + seconds
    for _ in range(MAX_REDIRECTS + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchFailed(f"no answer within {seconds:g} seconds")
        connection, path = pinned_connection(
            url, networks=networks, timeout=left, connect_timeout=left
        )
        try:
            connection.request("GET", path, headers={"User-Agent": user_agent})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchFailed(f"HTTP {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchFailed(f"HTTP {response.status}")
            return read_within(response, max_bytes, deadline, seconds)
        except TimeoutError:
            raise FetchFailed(f"no answer within {seconds:g} seconds") from None
        except (OSError, http.client.HTTPException) as error:
            raise FetchFailed(f"{type(error).__name__}: {error}") from None
        finally:
            connection.close()
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")


def read_within(response, max_bytes, deadline, seconds):
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed(f"larger than {max_bytes >> 20} MB")
        if time.monotonic() > deadline:
            raise FetchFailed(f"not received within {seconds:g} seconds")
        chunks.append(chunk)
    return b"".join(chunks)
