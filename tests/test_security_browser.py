"""An outsider's view of a served ``h4og serve``, in a real browser: what reaches the page.

The registry behind the server holds a hidden entry, a draft, a person who did not agree to be
contacted and a hostile title. Every byte the server sends to a page (its HTML and every
websocket frame, where widget state travels) is recorded and searched for them:

- the Organizers page before a valid token (and with a wrong one) carries none of them;
- edit links with wrong tokens carry none of them;
- the showcase shows the published people without their private e-mail or, for those who did not
  consent, their own links.

Each check has its positive control (the right token does bring the entry), so a recorder that
saw nothing cannot pass. The collections page, asked to read a IIIF manifest on a loopback
"internal" server, must not make the server request it: the internal server counts zero hits.

The server runs with ``H4OG_OFFLINE=0`` so that sources really try the network (which this
machine does not have beyond loopback).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from browser_helpers import fill, free_port, open_page, served_dashboards, shot

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_fixtures"]

VIEWPORT = {"width": 1280, "height": 1200}

ADMIN_TOKEN = "h4og_security-test-organizer-token"
HIDDEN = "HIDDEN-ENTRY-7731"
DRAFT = "DRAFT-ENTRY-5519"
NONCONSENT_LINK = "nonconsent-4242"
NONCONSENT_EMAIL = "nc-4242@example.org"
SECRETS = (HIDDEN, DRAFT, NONCONSENT_LINK, NONCONSENT_EMAIL)
SETTLE_MS = 2_000  # time for any late widget message to arrive before the frames are read


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("security")
    with served_dashboards(home, "voila-security", H4OG_OFFLINE="0",
                           H4OG_ADMIN_TOKEN=ADMIN_TOKEN) as served:
        yield served


@pytest.fixture(scope="module")
def seeded(server):
    """The entries that must not leak, written into the served registry; their ids and tokens."""
    import os

    from h4og_kit.registry import demo_registry

    os.environ["H4OG_ADMIN_TOKEN"] = ADMIN_TOKEN  # this process acts as the organizer
    try:
        with demo_registry(server["registry"]) as registry:
            hidden, _ = registry.register("challenge", {"title": HIDDEN, "summary": "spam"})
            registry.hide(hidden.id, ADMIN_TOKEN)
            draft, draft_token = registry.register("project", {"title": DRAFT, "status": "draft"})
            person, _ = registry.register("person", {
                "name": "Quiet Participant", "email": NONCONSENT_EMAIL,
                "social_links": {"mastodon": f"https://social.example/@{NONCONSENT_LINK}"}})
            registry.register("project", {"title": "<img src=x onerror=alert(1)>"})
    finally:
        del os.environ["H4OG_ADMIN_TOKEN"]
    return {"hidden": hidden.id, "draft": draft.id, "draft_token": draft_token,
            "person": person.id}



class Wire:
    """Everything the server sent to one page: its responses and every websocket frame."""

    def __init__(self, page):
        self.frames: list[str] = []
        self.responses = []
        page.on("websocket", self._follow)
        page.on("response", lambda response: self.responses.append(response))

    def _follow(self, socket) -> None:
        socket.on("framereceived", lambda payload: self.frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    def text(self) -> str:
        return "\n".join([_body(response) for response in self.responses] + self.frames)

    def leaked(self, secrets=SECRETS) -> list[str]:
        text = self.text()
        return [secret for secret in secrets if secret in text]


def _body(response) -> str:
    """A response's text; empty for redirects and aborted requests, which have none."""
    from playwright.sync_api import Error

    try:
        return response.text()
    except Error:
        return ""


def open_recorded(context, server, app: str, ready: str, query: str = ""):
    holder = {}
    page = open_page(context, f"{server['base']}/voila/render/{app}{query}", ready,
                     on_page=lambda p: holder.setdefault("wire", Wire(p)))
    return page, holder["wire"]


def test_the_organizers_page_sends_nothing_about_entries_before_a_valid_token(context, server,
                                                                              seeded):
    page, wire = open_recorded(context, server, "admin.ipynb", "text=Organizer token")
    page.wait_for_timeout(SETTLE_MS)
    assert wire.leaked() == [] and wire.frames  # the page's kernel did talk to it
    fill(page, "Organizer token", "h4og_a-wrong-guess-of-the-token")
    page.get_by_text("only an organizer").wait_for()
    page.wait_for_timeout(SETTLE_MS)
    assert wire.leaked() == []
    assert page.get_by_role("button", name="Export the archive").count() == 0
    shot(page, "security-admin-wrong-token")
    fill(page, "Organizer token", ADMIN_TOKEN)  # the control: the right token brings them
    page.get_by_text("Organizer tools open.").wait_for()
    page.wait_for_timeout(SETTLE_MS)
    assert HIDDEN in wire.text() and DRAFT in wire.text()
    assert context.dialogs == [] and context.page_errors == []


@pytest.mark.parametrize("which", ["hidden", "draft", "person"])
def test_an_edit_link_with_a_wrong_token_shows_nothing(context, server, seeded, which):
    for token in ("h4og_wrong-token", seeded["draft_token"][:-2]):
        page, wire = open_recorded(context, server, "register.ipynb", "text=Nothing was opened",
                                   query=f"?edit={seeded[which]}&token={token}")
        page.wait_for_timeout(SETTLE_MS)
        assert wire.leaked() == [], f"the {which} entry leaked to a wrong edit link"
        assert page.get_by_label("Title", exact=True).input_value() == ""
        page.close()
    if which == "draft":  # the control: its own token opens it
        page, wire = open_recorded(context, server, "register.ipynb", f"text=Editing \u201c{DRAFT}",
                                   query=f"?edit={seeded['draft']}&token={seeded['draft_token']}")
        assert DRAFT in wire.text()
    assert context.dialogs == []


def test_the_showcase_shows_people_only_as_they_consented(context, server, seeded):
    page, wire = open_recorded(context, server, "showcase.ipynb", ".h4og-card")
    page.get_by_text("Quiet Participant").first.wait_for()
    page.wait_for_timeout(SETTLE_MS)
    assert wire.leaked() == []
    assert page.locator(".h4og-page img[src='x']").count() == 0  # the hostile title is text
    shot(page, "security-showcase")
    assert context.dialogs == []


class _Internal(BaseHTTPRequestHandler):
    """A service inside the organizer's network: it must never be reached through a dashboard."""

    hits: ClassVar[list[str]] = []

    def do_GET(self):
        self.hits.append(self.path)
        body = b'{"@context": "http://iiif.io/api/presentation/2/context.json", "label": "internal"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_collections_page_cannot_make_the_server_fetch_internal_addresses(context, server):
    from h4og_kit.sources import SOURCES

    port = free_port()
    internal = ThreadingHTTPServer(("127.0.0.1", port), _Internal)
    threading.Thread(target=internal.serve_forever, daemon=True).start()
    try:
        page = open_page(context, f"{server['base']}/voila/render/collections.ipynb",
                         "text=Search for")
        page.get_by_label("Source", exact=True).select_option(
            label=f"{SOURCES['iiif'].title} (iiif)")
        for url in (f"http://127.0.0.1:{port}/manifest.json", f"http://localhost:{port}/m",
                    f"http://0x7f000001:{port}/m", "http://169.254.169.254/latest/meta-data/"):
            search = page.get_by_label("Search for", exact=True)
            search.fill(url)
            search.press("Enter")
            error = page.locator(".h4og-error", has_text=url.split("/")[2].split(":")[0])
            error.wait_for()
            assert "refused" in error.inner_text()
        shot(page, "security-collections-refused")
        assert _Internal.hits == []  # the internal server was never asked
    finally:
        internal.shutdown()
        internal.server_close()
