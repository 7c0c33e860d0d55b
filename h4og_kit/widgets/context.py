"""Where a view runs: the page's URL and its query parameters.

In Voila each page load gets its own kernel. A kernel started for the request has the request in
its environment (``QUERY_STRING``, ``SCRIPT_NAME``, ``SERVER_NAME``...). A *preheated* kernel ran
the notebook before anyone asked for it, so it must wait for the request first:
``voila.utils.wait_for_request()`` does that (it returns at once outside preheating).
:func:`query_params` calls it once and remembers the answer; in a plain notebook there is no
request and the parameters are empty.

A page's kernel serves one visitor, so once the request is there the whole kernel speaks the
visitor's language (:func:`visitor_language`: ``?lang=``, then the browser's
``Accept-Language``, which Voila passes as ``HTTP_ACCEPT_LANGUAGE``, then ``H4OG_LANGUAGE``).
"""

from __future__ import annotations

import os
from functools import cache
from urllib.parse import parse_qs, urlencode


def _in_voila() -> bool:
    return "VOILA_PREHEAT" in os.environ or "VOILA_KERNEL_ID" in os.environ


@cache
def _request_loaded() -> bool:
    """Wait (once) until a preheated Voila kernel has its request; False outside Voila."""
    if not _in_voila():
        return False
    from voila.utils import wait_for_request

    wait_for_request()
    return True


def wait_for_visitor() -> None:
    """In a preheated Voila kernel, wait until a visitor opens the page, so that what the page
    reads next (the registry's lists) is as fresh as the visit, not as old as the preheating;
    from then on the kernel speaks the visitor's language. Returns at once in a kernel started
    for its request, and outside Voila (where the language is ``H4OG_LANGUAGE`` or English)."""
    if _request_loaded():
        from h4og_kit import i18n

        i18n.set_language(visitor_language())


def visitor_language() -> str:
    """The language the page's visitor asked for: ``?lang=``, then their browser's, then
    ``H4OG_LANGUAGE``, then English."""
    from h4og_kit.i18n import choose

    return choose(query_params().get("lang"), os.environ.get("HTTP_ACCEPT_LANGUAGE"))


def link_here(**params: str) -> str:
    """A link to this same page (relative) with its query parameters, ``params`` replacing
    theirs: ``link_here(lang="fi")`` is this page in Finnish."""
    return "?" + urlencode({**query_params(), **params})


def query_params() -> dict[str, str]:
    """The page's query parameters (the first value of each), ``{}`` outside Voila."""
    _request_loaded()
    query = os.environ.get("QUERY_STRING", "")
    return {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}


def page_url() -> str | None:
    """The address of the current dashboard page without its query, None outside Voila.

    Uses the ``Host`` and ``X-Forwarded-Proto`` headers when Voila passes them on
    (``http_header_envs`` in voila.json), so links are right behind a proxy too.
    """
    if not _request_loaded():
        return None
    path = os.environ.get("SCRIPT_NAME")
    host = os.environ.get("HTTP_HOST")
    if not host:
        name, port = os.environ.get("SERVER_NAME"), os.environ.get("SERVER_PORT")
        host = f"{name}:{port}" if name and port else name
    if not path or not host:
        return None
    scheme = os.environ.get("HTTP_X_FORWARDED_PROTO", "http").split(",")[0].strip() or "http"
    return f"{scheme}://{host}{path}"


def edit_link(entry_id: str, token: str, base: str | None = None) -> str:
    """The link that opens an entry for editing: ``<base>?edit=<id>&token=<token>``.

    ``base`` defaults to the current page; outside Voila the link is just the query part.
    """
    query = urlencode({"edit": entry_id, "token": token})
    base = page_url() if base is None else base
    return f"{base or ''}?{query}"
