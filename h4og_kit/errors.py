"""What can go wrong fetching from a source, as errors that say what to do next.

Every failure of the HTTP path reaches the caller as a :class:`SourceError`, naming the source, the
URL without keys, the status and a hint. Its kinds tell the caller what happened:
:class:`NetworkUnavailable` (nothing could be reached: the kit may answer offline),
:class:`AddressRefused` (the outbound-address guard refused the URL: never answered offline) and
:class:`WaitTooLong` (the provider asked for a longer wait than the kit allows) and
:class:`RateLimited` (the API's rate limit is spent until a stated time).

They are re-exported by :mod:`h4og_kit.http`, where callers usually meet them. Their messages
and hints are in the language in force where they are raised (a dashboard's visitor's, the
terminal's); the source's name and the URL stay as they are.
"""

from __future__ import annotations

from h4og_kit.i18n import gettext as _
from h4og_kit.redaction import redact


class SourceError(RuntimeError):
    """A source could not answer. Says which source, which URL (keys removed), the status and a hint."""

    def __init__(self, source: str, url: str | None, status: int | None = None, hint: str = ""):
        self.source = source
        self.url = redact(url) if url else None
        self.status = status
        self.hint = hint
        if status and self.url:
            what = _("{source}: HTTP {status} from {url}.")
        elif status:
            what = _("{source}: HTTP {status}.")
        elif self.url:
            what = _("{source}: no usable answer from {url}.")
        else:
            what = _("{source}: no usable answer.")
        what = what.format(source=source, status=status, url=self.url)
        super().__init__(f"{what} {hint}".strip())


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
        refused = _("{source}: refused to fetch {url}: {reason}.").format(
            source=source, url=self.url, reason=reason)
        RuntimeError.__init__(self, f"{refused} {hint}")


class WaitTooLong(SourceError):
    """The provider asked for a longer wait than ``H4OG_RETRY_AFTER_MAX``, or the retries would
    pass ``H4OG_REQUEST_DEADLINE``: the kit gives up at once rather than hang."""


class RateLimited(SourceError):
    """The API's rate limit is spent (HTTP 403 or 429 with ``X-RateLimit-Remaining: 0``, as GitHub,
    GitLab and Forgejo send it); ``reset`` is when it refills (seconds since the epoch), if said."""

    def __init__(self, source: str, url: str | None, status: int, reset: float | None,
                 key_env: str | None):
        self.reset = reset
        if reset:
            import time

            until = time.strftime("%H:%M UTC", time.gmtime(reset))
            hint = _("The API's rate limit is spent until {time}: try again then.").format(
                time=until)
        else:
            hint = _("The API's rate limit is spent: try again later.")
        if key_env:
            hint += " " + _("A token in {variable} raises the limit.").format(variable=key_env)
        super().__init__(source, url, status, hint)


def status_hint(status: int, key_env: str | None) -> str:
    """What to do about an HTTP error status (``key_env``: the source's key variable, if any)."""
    if status in (401, 403):
        if key_env:
            return _("The API refused the key: check {variable} (in your environment or .env)."
                     ).format(variable=key_env)
        return _("The API refused access to this resource.")
    if status == 404:
        return _("Nothing was found at this address: check the identifier or the endpoint URL.")
    if status == 429:
        return _("The API is rate-limiting us even after waiting: try again later or ask for less.")
    if status >= 500:
        return _("The provider has trouble right now: try again later, or work offline with "
                 "H4OG_OFFLINE=1.")
    return _("The API did not accept the request: check the query and filters.")


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
        return NetworkUnavailable(
            source, url, hint=_("The host could not be reached: is the network up?"))
    if "ReadTimeout" in text or "timed out" in text:
        return SourceError(
            source, url, hint=_("The API did not answer in time: try again later or ask for less.")
        )
    if "reset" in text.lower():
        hint = _("The connection kept failing (reset by the server): try again later.")
    else:
        hint = _("The connection kept failing ({error}): try again later.").format(
            error=exc.__class__.__name__)
    return SourceError(source, url, hint=hint)
