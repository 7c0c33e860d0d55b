"""The outbound-address guard: no visitor-supplied URL reaches loopback, private or metadata addresses.

Every server here is a loopback server with SYNTHETIC answers (a counting "internal" service, a
redirector, a proxy). A "public" server is simulated: a fake resolver maps made-up names such as
``public.test`` to 127.0.0.2, and only that one address is declared public to the guard, so
everything else about the check (resolution, the connected peer, redirects) runs for real.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import h4og_kit
from h4og_kit import http, outbound
from h4og_kit.sources import load
from h4og_kit.sources.iiif import IiifSource, read_manifest
from h4og_kit.sources.met import MetSource

QUICK = http.Politeness(connections=4, rate=0, retries=1, backoff=0.01, read_timeout=5)
PUBLIC_STAND_IN = "127.0.0.2"  # declared public by the `public` fixture, nothing else is


def synthetic_manifest(url: str) -> dict:
    """A SYNTHETIC IIIF Presentation 3 manifest (mechanics only)."""
    return {"@context": "http://iiif.io/api/presentation/3/context.json", "id": url,
            "type": "Manifest", "label": {"en": ["Synthetic manifest"]}, "items": []}


class Server:
    """A loopback server counting every request; ``routes`` maps a path to (status, headers, body)."""

    def __init__(self, host: str = "127.0.0.1"):
        self.hits: list[str] = []
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.hits.append(self.path)
                path = self.path.split("?", 1)[0]
                if path.startswith("http"):  # as a proxy: the absolute URL
                    path = "/proxied"
                status, headers, body = owner.routes.get(path, (200, {}, b"{}"))
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def json(self, path: str, body: dict) -> None:
        self.routes[path] = (200, {"Content-Type": "application/json"}, json.dumps(body).encode())

    def redirect(self, path: str, to: str) -> None:
        self.routes[path] = (302, {"Location": to}, b"")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def guarded(monkeypatch):
    """Online, with none of the opt-ins: the defaults a notebook user or a dashboard gets."""
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    for name in ("H4OG_ALLOW_PRIVATE_ADDRESSES", "H4OG_SERVED", "H4OG_ALLOWED_HOSTS",
                 "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def internal():
    """The "internal" service nobody outside may reach: it counts every request."""
    server = Server("127.0.0.1")
    server.json("/secret", {"credentials": "synthetic"})
    server.json("/manifest", synthetic_manifest(f"http://127.0.0.1:{server.port}/manifest"))
    yield server
    server.close()


@pytest.fixture
def dns(monkeypatch):
    """A fake resolver: ``dns["name.test"] = "1.2.3.4"``; other names resolve as usual."""
    names: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if isinstance(host, bytes):
            host = host.decode()
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], int(port or 0)))]
        return real(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def public(monkeypatch, dns):
    """A stand-in for a public web server: 127.0.0.2, declared public to the guard."""
    real = outbound.address_kind

    def address_kind(address):
        return None if str(address) == PUBLIC_STAND_IN else real(address)

    monkeypatch.setattr(outbound, "address_kind", address_kind)
    server = Server(PUBLIC_STAND_IN)
    yield server
    server.close()


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing connection attempt, recorded."""
    attempts: list = []
    real = socket.socket.connect

    def connect(self, address):
        attempts.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def refused(fn, *args, **kwargs) -> str:
    with pytest.raises(http.AddressRefused) as err:
        fn(*args, **kwargs)
    assert isinstance(err.value, http.SourceError)
    assert not isinstance(err.value, http.NetworkUnavailable)  # never a silent offline answer
    return str(err.value)


def test_a_loopback_url_gets_no_request_by_default(guarded, internal):
    url = f"http://127.0.0.1:{internal.port}/secret"
    message = refused(http.fetch, "iiif", url, politeness=QUICK)
    assert internal.hits == []
    assert message.startswith(f"iiif: refused to fetch {url}: 127.0.0.1 is a loopback address.")
    assert "Dashboards served by h4og serve fetch only public hosts" in message
    assert "allow_private=True" in message and "H4OG_ALLOW_PRIVATE_ADDRESSES=1" in message


@pytest.mark.parametrize("host", ["localhost", "[::ffff:127.0.0.1]", "127.1", "2130706433"])
def test_other_spellings_of_loopback_are_refused_too(guarded, internal, host):
    message = refused(http.fetch, "iiif", f"http://{host}:{internal.port}/secret", politeness=QUICK)
    assert "loopback" in message and internal.hits == []


def test_a_name_that_resolves_to_loopback_is_refused_before_the_request(guarded, internal, dns):
    """Checked on the connected socket's peer: what DNS said at that moment (no rebinding gap)."""
    dns["localtest"] = "127.0.0.1"
    message = refused(http.fetch, "iiif", f"http://localtest:{internal.port}/secret",
                      politeness=QUICK)
    assert internal.hits == []
    assert "localtest resolves to a loopback address (127.0.0.1)" in message


def test_a_redirect_from_a_public_server_to_an_internal_one_is_refused(guarded, internal, public,
                                                                      dns):
    dns["public.test"] = PUBLIC_STAND_IN
    dns["localtest"] = "127.0.0.1"
    public.redirect("/to-literal", f"http://127.0.0.1:{internal.port}/secret")
    public.redirect("/to-name", f"http://localtest:{internal.port}/secret")
    public.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    base = f"http://public.test:{public.port}"
    assert "127.0.0.1 is a loopback address" in refused(http.fetch, "iiif", f"{base}/to-literal")
    assert "localtest resolves to a loopback address" in refused(
        http.fetch, "iiif", f"{base}/to-name")
    assert "link-local" in refused(http.fetch, "iiif", f"{base}/to-metadata")
    assert internal.hits == []
    assert public.hits == ["/to-literal", "/to-name", "/to-metadata"]  # the public hop was fine


def test_served_dashboards_ignore_the_opt_in(guarded, internal, monkeypatch):
    monkeypatch.setenv("H4OG_SERVED", "1")
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")
    url = f"http://127.0.0.1:{internal.port}/manifest"
    assert "only public hosts" in refused(http.fetch, "iiif", url, allow_private=True)
    assert "only public hosts" in refused(
        IiifSource(allow_private=True).search, url, progress=False)
    assert "only public hosts" in refused(h4og_kit.search, "iiif", url, allow_private=True,
                                          progress=False)
    assert internal.hits == []


@pytest.mark.parametrize("offline", ["0", "auto"])
def test_searching_iiif_for_a_loopback_url_is_refused(guarded, internal, monkeypatch, offline):
    """What a visitor of the collections explorer can type; in auto mode no offline answer
    hides the refusal."""
    monkeypatch.setenv("H4OG_OFFLINE", offline)
    url = f"http://127.0.0.1:{internal.port}/manifest"
    message = refused(h4og_kit.search, "iiif", url, progress=False)
    assert message.startswith(f"iiif: refused to fetch {url}")
    assert "refused to fetch" in refused(read_manifest, url)
    assert internal.hits == []


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "http://0xa9fea9fe/latest/meta-data/",
    "http://[fe80::1]/",
    "http://10.0.0.1/admin",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://0.0.0.0/",
])
def test_metadata_and_private_addresses_are_refused_without_connecting(guarded, connections, url):
    message = refused(http.fetch, "iiif", url, politeness=QUICK)
    assert connections == []
    if "169.254" in url or "0xa9fea9fe" in url:
        assert "link-local address (where cloud metadata services answer)" in message


def test_served_dashboards_fetch_only_allowed_hosts(guarded, public, dns, connections, monkeypatch):
    monkeypatch.setenv("H4OG_SERVED", "1")
    monkeypatch.setenv("H4OG_ALLOWED_HOSTS", "collections.test, *.museum.test")
    for name in ("collections.test", "images.museum.test", "elsewhere.test"):
        dns[name] = PUBLIC_STAND_IN
    allowed = f"http://collections.test:{public.port}"
    public.json("/manifest", synthetic_manifest(f"{allowed}/manifest"))
    public.redirect("/moved", f"http://elsewhere.test:{public.port}/manifest")

    df = h4og_kit.search("iiif", f"{allowed}/manifest", progress=False)
    assert df["title"].tolist() == ["Synthetic manifest"]
    assert http.fetch("iiif", f"http://images.museum.test:{public.port}/manifest")["type"] == (
        "Manifest")

    before = len(connections)
    message = refused(http.fetch, "iiif", f"http://elsewhere.test:{public.port}/manifest")
    assert "host elsewhere.test is not in H4OG_ALLOWED_HOSTS" in message
    assert "organizers add the host to H4OG_ALLOWED_HOSTS" in message
    assert len(connections) == before  # refused before connecting
    assert "elsewhere.test is not in H4OG_ALLOWED_HOSTS" in refused(
        http.fetch, "iiif", f"{allowed}/moved")  # a redirect is checked the same way
    assert public.hits == ["/manifest", "/manifest", "/moved"]


def test_served_dashboards_reach_the_sources_own_hosts():
    """The fixed API hosts need no allow-list; a URL query (iiif) only the organizers' list."""
    assert outbound.host_allowed("collectionapi.metmuseum.org", "met")
    assert outbound.host_allowed("query.wikidata.org", "wikidata")
    assert outbound.host_allowed("raw.githubusercontent.com", "dumps")
    assert outbound.host_allowed("localcontextshub.org", "localcontexts")
    assert not outbound.host_allowed("collectionapi.metmuseum.org", "iiif")
    assert outbound.host_allowed("iiif.harvardartmuseums.org", "iiif")  # the kit's own example
    assert outbound.host_allowed("api.lib.harvard.edu", "oai")
    assert not outbound.host_allowed("example.org", "iiif")


def test_served_sources_with_a_base_url_of_their_own_need_the_allow_list(guarded, monkeypatch):
    monkeypatch.setenv("H4OG_SERVED", "1")
    message = refused(MetSource(base_url="https://mirror.example.org/v1", politeness=QUICK).fetch,
                      "objects/1")
    assert "mirror.example.org is not in H4OG_ALLOWED_HOSTS" in message


def test_allow_private_works_for_local_work(guarded, internal, monkeypatch):
    url = f"http://127.0.0.1:{internal.port}/manifest"
    base = f"http://127.0.0.1:{internal.port}"
    assert http.fetch("iiif", url, allow_private=True)["type"] == "Manifest"
    assert http.session("iiif", allow_private=True).get(url).status_code == 200
    assert read_manifest(url, allow_private=True).label == "Synthetic manifest"
    assert len(IiifSource(allow_private=True).search(url, progress=False)) == 1
    assert len(load("iiif", allow_private=True).search(url, progress=False)) == 1
    assert len(h4og_kit.search("iiif", url, allow_private=True, progress=False)) == 1
    assert MetSource(base_url=base, allow_private=True).fetch("secret") == {
        "credentials": "synthetic"}
    assert internal.hits == ["/manifest", "/secret"]  # the rest came from the cache
    refused(http.fetch, "iiif", f"{base}/secret")  # the default stays closed, cache or not...
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")  # ...until the environment opens it
    assert http.fetch("iiif", f"{base}/secret") == {"credentials": "synthetic"}


def test_through_a_proxy_the_target_name_is_checked(guarded, dns, monkeypatch):
    """The proxy itself may be private (it is the operator's); the target's addresses may not."""
    proxy = Server("127.0.0.1")
    proxy.json("/proxied", {"via": "proxy"})
    try:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        dns["www.public.test"] = "93.184.216.34"
        dns["intranet.test"] = "10.1.2.3"
        assert http.fetch("iiif", "http://www.public.test/manifest") == {"via": "proxy"}
        message = refused(http.fetch, "iiif", "http://intranet.test/manifest")
        assert "intranet.test resolves to a private network address (10.1.2.3)" in message
        assert proxy.hits == ["http://www.public.test/manifest"]
    finally:
        proxy.close()


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private network"), ("172.16.0.1", "private network"),
    ("192.168.1.1", "private network"), ("fd12::1", "private network"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("100.64.0.1", "carrier-grade NAT"), ("192.0.2.1", "not publicly routable"),
    ("240.0.0.1", "not publicly routable"), ("64:ff9b::a00:1", "private network"),
    ("2002:7f00:1::", "loopback"), ("::127.0.0.1", "loopback"),
])
def test_address_kinds(address, kind):
    assert kind in outbound.address_kind(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "8.8.8.8",
                                     "::ffff:93.184.216.34"])
def test_public_addresses_pass(address):
    assert outbound.address_kind(ipaddress.ip_address(address)) is None


def test_over_https_not_even_the_tls_hello_reaches_an_internal_address(guarded, dns):
    """The peer is checked right after connecting, before TLS or HTTP say a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    received: list[bytes] = []

    def accept():
        conn, _ = listener.accept()
        conn.settimeout(5)
        received.append(conn.recv(1024))
        conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    dns["intranet.test"] = "127.0.0.1"
    try:
        message = refused(http.fetch, "iiif",
                          f"https://intranet.test:{listener.getsockname()[1]}/manifest")
        thread.join(5)
    finally:
        listener.close()
    assert "intranet.test resolves to a loopback address (127.0.0.1)" in message
    assert received == [b""]  # connected, then closed without sending anything


def test_answers_kept_from_local_work_are_not_served_to_visitors(guarded, internal, monkeypatch):
    """A search made with allow_private=True is cached; a served dashboard asking the same
    gets the refusal, not the cached pages or answers."""
    url = f"http://127.0.0.1:{internal.port}/manifest"
    assert len(h4og_kit.search("iiif", url, allow_private=True, progress=False)) == 1
    assert http.fetch("iiif", url, allow_private=True)["type"] == "Manifest"
    monkeypatch.setenv("H4OG_SERVED", "1")
    assert "only public hosts" in refused(h4og_kit.search, "iiif", url, allow_private=True,
                                          progress=False)
    assert "only public hosts" in refused(http.fetch, "iiif", url, allow_private=True)
    assert internal.hits == ["/manifest"]
