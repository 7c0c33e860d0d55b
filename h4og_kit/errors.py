"""What can go wrong fetching from a source, as errors that say what to do next.

Every failure of the HTTP path reaches the caller as a :class:`SourceError`, naming the source, the
URL without keys, the status and a hint. Its kinds tell the caller what happened:
:class:`NetworkUnavailable` (nothing could be reached: the kit may answer offline),
:class:`AddressRefused` (the outbound-address guard refused the URL: never answered offline) and
:class:`WaitTooLong` (the provider asked for a longer wait than the kit allows).

They are re-exported by :mod:`h4og_kit.http`, where callers usually meet them.
"""

from __future__ import annotations

from h4og_kit.redaction import redact


class SourceError(RuntimeError):
    """A source could not answer. Says which source, which URL (keys removed), the status and a hint."""

    def __init__(self, source: str, url: str | None, status: int | None = None, hint: str = ""):
        self.source = source
        self.url = redact(url) if url else None
        self.status = status
        self.hint = hint
        what = f"HTTP {status}" if status else "no usable answer"
        where = f" from {self.url}" if self.url else ""
        super().__init__(f"{source}: {what}{where}. {hint}".strip())


class NetworkUnavailable(SourceError):
    """The host could not be reached at all: no network, DNS failure, connection refused."""


class AddressRefused(SourceError):
    """The outbound-address guard refused a URL (see :mod:`h4og_kit.outbound`); nothing was sent.

    Not a :class:`NetworkUnavailable`: a refusal never falls back to the bundled samples.
    """

    def __init__(self, source: str, url: str | None, reason: str, hint: str):
        self.source = source
        self.url = redact(url) if url else None
        self.status = None
        self.reason = reason
        self.hint = hint
        RuntimeError.__init__(self, f"{source}: refused to fetch {self.url}: {reason}. {hint}")


class WaitTooLong(SourceError):
    """The provider asked for a longer wait than ``H4OG_RETRY_AFTER_MAX``, or the retries would
    pass ``H4OG_REQUEST_DEADLINE``: the kit gives up at once rather than hang."""


def status_hint(status: int, key_env: str | None) -> str:
    """What to do about an HTTP error status (``key_env``: the source's key variable, if any)."""
    if status in (401, 403):
        if key_env:
            return f"The API refused the key: check {key_env} (in your environment or .env)."
        return "The API refused access to this resource."
    if status == 404:
        return "Nothing was found at this address: check the identifier or the endpoint URL."
    if status == 429:
        return "The API is rate-limiting us even after waiting: try again later or ask for less."
    if status >= 500:
        return "The provider has trouble right now: try again later, or work offline with H4OG_OFFLINE=1."
    return "The API did not accept the request: check the query and filters."


UNREACHABLE_MARKERS = (
    "NameResolution",
    "Failed to resolve",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No route to host",
    "Connection refused",
    "ConnectTimeout",
    "nodename nor servname",
)


def no_answer(source: str, url: str, exc: Exception) -> SourceError:
    """The SourceError for a request that got no answer, after the transport's retries."""
    text = repr(exc)
    if any(m in text for m in UNREACHABLE_MARKERS):
        return NetworkUnavailable(source, url, hint="The host could not be reached: is the network up?")
    if "ReadTimeout" in text or "timed out" in text:
        return SourceError(
            source, url, hint="The API did not answer in time: try again later or ask for less."
        )
    reason = "reset by the server" if "reset" in text.lower() else exc.__class__.__name__
    return SourceError(
        source, url, hint=f"The connection kept failing ({reason}): try again later."
    )
