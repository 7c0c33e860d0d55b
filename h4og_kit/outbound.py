"""The outbound-address guard: which addresses and hosts the kit's HTTP path may reach.

A served dashboard fetches URLs that visitors type (the ``iiif`` source's query is a URL). Without
a guard anyone could make the server GET ``http://127.0.0.1:...``, an intranet host or the cloud
metadata service at ``169.254.169.254`` (server-side request forgery). So, on every request the
kit makes, and on every redirect hop:

- **Only public addresses.** Loopback, private networks (RFC 1918, IPv6 ULA), link-local
  (``169.254/16`` with the metadata service, ``fe80::/10``), carrier-grade NAT (``100.64/10``),
  unspecified, multicast, reserved and other special-purpose addresses are refused, also in their
  IPv4-mapped, 6to4 and NAT64 IPv6 forms. A literal address or a ``localhost`` name in the URL is
  refused before any connection; a host name is checked after DNS resolution, on the address the
  socket actually connected to, before the request is sent (:func:`pool_classes`), which also
  defeats DNS rebinding.
- **Through a proxy** the socket's peer is the proxy (configured by whoever runs the kit, so it
  may well be private). The guard then resolves the target host name itself and checks every
  address it gets. The proxy resolves the name again, so a name that answers differently the
  second time is not caught, and a name that does not resolve locally goes to the proxy
  unchecked; served dashboards still fetch only allowed host names.
- **Local work opts in** with ``allow_private=True`` (``http.fetch``, ``http.session``,
  ``Source(...)``, ``sources.load``, ``search``) or ``H4OG_ALLOW_PRIVATE_ADDRESSES=1``.
- **Served dashboards** (``H4OG_SERVED=1``, set by ``h4og serve``) ignore the opt-in, and fetch only
  from the sources' own hosts (the fixed ``base_url`` of met, artic, ... and the dumps' roots) and
  the hosts in ``H4OG_ALLOWED_HOSTS``, which organizers set for the sources whose query or endpoint
  is a URL (iiif, oai, dump mirrors).

A refusal is an :class:`~h4og_kit.errors.AddressRefused` (a ``SourceError``) that names the setting to
change. It never falls back to the bundled samples: the user sees why nothing was fetched.
"""

from __future__ import annotations

import functools
import importlib
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from h4og_kit import config
from h4og_kit.errors import AddressRefused
from h4og_kit.waits import current_url

#: Names that mean this machine without asking DNS (RFC 6761 and common /etc/hosts entries).
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
#: Services the kit calls by a fixed URL outside the sources: name -> (module, URL constants).
SERVICES = {"localcontexts": ("h4og_kit.equity.localcontexts", ("HUB_URL", "SANDBOX_URL")),
            "github": ("h4og_kit.forges", ("GITHUB_API",)),
            "gitlab": ("h4og_kit.forges", ("GITLAB_API",)),
            "forgejo": ("h4og_kit.forges", ("CODEBERG_API",))}

PRIVATE_HINT = ("Dashboards served by h4og serve fetch only public hosts; for local work pass "
                "allow_private=True or set H4OG_ALLOW_PRIVATE_ADDRESSES=1.")
ALLOW_LIST_HINT = ("A dashboard served by h4og serve fetches only from the sources' own hosts and "
                   "the hosts its organizers allow: organizers add the host to H4OG_ALLOWED_HOSTS "
                   "(comma-separated host names, e.g. H4OG_ALLOWED_HOSTS=iiif.example.org,"
                   "oai.example.org) and restart h4og serve.")

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_RFC1918 = tuple(ipaddress.ip_network(n) for n in
                 ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))
_LEGACY_IPV4 = re.compile(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}")


def address_kind(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """None for a globally routable address; otherwise what it is, e.g. ``"a loopback address"``."""
    ip = ipaddress.ip_address(str(address).split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d (deprecated)
            embedded = ipaddress.IPv4Address(int(ip))
        if embedded is not None:
            kind = address_kind(embedded)
            return f"{kind} (written as IPv6)" if kind else None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip in _CGNAT:
        return "a shared (carrier-grade NAT) address"
    if any(ip in net for net in _RFC1918):
        return "a private network address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return "a special-purpose address that is not publicly routable"
    return None


def literal_kind(host: str) -> str | None:
    """What a URL host that needs no DNS is (an IP literal, a ``localhost`` name), if not public.

    Old numeric forms that the C library still accepts (``127.1``, ``0x7f000001``, ``2130706433``)
    count as the addresses they mean.
    """
    host = host.strip("[]").rstrip(".").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return "a loopback address"
    try:
        return address_kind(host)
    except ValueError:
        pass
    if _LEGACY_IPV4.fullmatch(host):
        try:
            return address_kind(ipaddress.IPv4Address(socket.inet_aton(host)))
        except OSError:
            return None
    return None


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


@functools.cache
def source_hosts(name: str) -> frozenset[str]:
    """The hosts a source (or a kit service such as ``localcontexts``) reaches by a fixed URL."""
    from h4og_kit.plugins import SOURCES

    if name in SOURCES:
        return frozenset(SOURCES[name].fixed_hosts())
    if name in SERVICES:
        module_name, constants = SERVICES[name]
        module = importlib.import_module(module_name)
        return frozenset(_host_of(getattr(module, c)) for c in constants)
    return frozenset()


def host_allowed(host: str, source: str) -> bool:
    """Whether a served dashboard may fetch ``host`` for ``source``: one of the source's own hosts,
    or in ``H4OG_ALLOWED_HOSTS`` (``*.example.org`` allows example.org and its subdomains)."""
    host = host.rstrip(".").lower()
    if host in source_hosts(source):
        return True
    for allowed in config.allowed_hosts():
        if host == allowed or (allowed.startswith("*.") and
                               (host == allowed[2:] or host.endswith(allowed[1:]))):
            return True
    return False


@dataclass(frozen=True)
class Guard:
    """The guard of one session: its source's name and whether the caller opted in to private
    addresses. The environment (served or not, the allow-list) is read at each check."""

    source: str
    allow_private: bool = False

    def private_ok(self) -> bool:
        """Private addresses are allowed for local work that opted in, never when served."""
        if config.is_served():
            return False
        return self.allow_private or config.allow_private_addresses()

    def refuse(self, url: str, reason: str, hint: str = PRIVATE_HINT) -> AddressRefused:
        return AddressRefused(self.source, url, reason, hint)

    def check_url(self, url: str) -> None:
        """Before any connection (and for cached answers too): scheme, literal addresses,
        ``localhost`` names and, when served, the allow-list."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise self.refuse(url, f"only http and https URLs are fetched, not {parts.scheme or 'this'}",
                              "Give the URL of the API, manifest or endpoint, starting https://.")
        host = _host_of(url)
        if not host:
            raise self.refuse(url, "the URL has no host name", "Check the URL.")
        kind = literal_kind(host)
        if kind and not self.private_ok():
            raise self.refuse(url, f"{host} is {kind}")
        if config.is_served() and not host_allowed(host, self.source):
            raise self.refuse(url, f"host {host} is not in H4OG_ALLOWED_HOSTS", ALLOW_LIST_HINT)

    def check_peer(self, url: str, host: str, peer: str) -> None:
        """After connecting, before sending: the address the socket really reached."""
        kind = address_kind(peer)
        if kind and not self.private_ok():
            raise self.refuse(url, f"{host} resolves to {kind} ({peer})")

    def check_resolved(self, url: str) -> None:
        """Through a proxy: every address the target host name resolves to here."""
        if self.private_ok():
            return
        parts = urlsplit(url)
        host = _host_of(url)
        try:
            infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return  # only the proxy can resolve it (see the module docstring)
        for info in infos:
            self.check_peer(url, host, str(info[4][0]))


class _PeerCheck:
    """Mixed into urllib3's connection classes: check the connected peer before anything is sent."""

    h4og_guard: Guard

    def _new_conn(self):
        sock = super()._new_conn()
        if getattr(self, "proxy", None) is None:  # through a proxy the peer is the proxy
            try:
                url = current_url() or f"//{self.host}:{self.port}/"
                self.h4og_guard.check_peer(url, self.host, sock.getpeername()[0])
            except BaseException:
                sock.close()
                raise
        return sock


def pool_classes(guard: Guard) -> dict[str, type]:
    """urllib3 pool classes whose connections check their peer with ``guard``."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    plain = type("GuardedHTTPConnection", (_PeerCheck, HTTPConnection), {"h4og_guard": guard})
    tls = type("GuardedHTTPSConnection", (_PeerCheck, HTTPSConnection), {"h4og_guard": guard})
    return {
        "http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": tls}),
    }
