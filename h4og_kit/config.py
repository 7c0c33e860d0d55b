"""Every setting of the kit in one place: environment variables, a git-ignored `.env`, defaults.

Settings are read afresh on each call to :func:`settings`, so a notebook cell that sets
``os.environ["H4OG_OFFLINE"] = "1"`` takes effect at once. The process environment wins over
``.env``; ``.env`` wins over the defaults.

API keys are the ones the sources declare (``key_env``, ``demo_key`` and ``signup_url`` on each
source class, a team's own sources included): :meth:`Settings.key` reads any of them from the
environment or ``.env``, else gives the source's public demo key. Keys are never printed:
:class:`Settings` hides them in its ``repr``, and every key read is registered as a secret, so
logs, errors and caches show ``***`` instead (:mod:`h4og_kit.redaction`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from h4og_kit.redaction import register_secret

OFFLINE_MODES = ("auto", "1", "0")

#: Set by ``h4og serve`` for the dashboards it serves to the public: outbound requests are then
#: limited to the allowed hosts, and the organizer token is known only by its verifier.
SERVED_ENV = "H4OG_SERVED"

#: ``1`` lets local work (notebooks, the test suite) fetch loopback and private-network addresses.
#: Ignored in served dashboards.
ALLOW_PRIVATE_ENV = "H4OG_ALLOW_PRIVATE_ADDRESSES"
#: Comma-separated host names that served dashboards may fetch besides the sources' own hosts:
#: where the URL is the query (IIIF manifests, OAI-PMH endpoints, dump mirrors). ``*.example.org``
#: allows the subdomains of example.org; ``none`` allows no extra host.
ALLOWED_HOSTS_ENV = "H4OG_ALLOWED_HOSTS"
#: The hosts of the kit's own IIIF and OAI-PMH examples (bundled samples, notebooks, README).
DEFAULT_ALLOWED_HOSTS = (
    "iiif.harvardartmuseums.org",
    "iiif.bodleian.ox.ac.uk",
    "www.loc.gov",
    "purl.stanford.edu",
    "iiif.europeana.eu",
    "api.lib.harvard.edu",
    "oai-pmh.eanadev.org",
)
#: The longest ``Retry-After`` (seconds) the kit waits; a provider asking for more gets an error.
RETRY_AFTER_MAX_ENV = "H4OG_RETRY_AFTER_MAX"
DEFAULT_RETRY_AFTER_MAX = 60.0
#: The longest time (seconds) one request may take, retries and waits included.
REQUEST_DEADLINE_ENV = "H4OG_REQUEST_DEADLINE"
DEFAULT_REQUEST_DEADLINE = 120.0


def _dotenv_values() -> dict[str, str]:
    """The values in the nearest `.env` (searched from the working directory upwards)."""
    from dotenv import dotenv_values, find_dotenv

    path = find_dotenv(usecwd=True)
    if not path:
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _lookup(name: str, dotenv: dict[str, str], default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        value = dotenv.get(name) or default
    return value


class _Declared:
    """Marker: the demo key the source declaring a key variable gives."""


def demo_key(name: str) -> str | None:
    """The public demo key of the source that declares the key variable ``name`` (None: none)."""
    from h4og_kit.plugins import declared_keys

    return declared_keys().get(name, (None, None))[0]


@dataclass(frozen=True)
class Settings:
    """A snapshot of the kit's settings."""

    offline: str = "auto"
    cache_dir: Path = Path(".")
    data_dir: Path = Path(".")
    registry_url: str | None = None
    #: The values of the `.env` file, for the API keys (the environment wins over them): hidden.
    dotenv: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    allow_private_addresses: bool = False
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    retry_after_max: float = DEFAULT_RETRY_AFTER_MAX
    request_deadline: float = DEFAULT_REQUEST_DEADLINE

    @property
    def forced_offline(self) -> bool:
        """True when the user asked for offline mode (``H4OG_OFFLINE=1``)."""
        return self.offline == "1"

    @property
    def may_fall_back(self) -> bool:
        """True in ``auto`` mode: a connection failure switches to the bundled samples."""
        return self.offline == "auto"

    def key(self, name: str, demo: str | None | type[_Declared] = _Declared) -> str | None:
        """The API key in variable ``name`` (from the environment or `.env`), else the public demo
        key (``demo``, by default the one the source declaring ``name`` gives), else None.

        The key is registered as a secret, so no log, error or cache shows it.
        """
        value = _lookup(name, dict(self.dotenv))
        if value is None:
            value = demo_key(name) if demo is _Declared else demo
        register_secret(value)
        return value

    def key_is_demo(self, name: str) -> bool:
        """True when the key in use for ``name`` is the provider's public demo key."""
        demo = demo_key(name)
        return demo is not None and self.key(name) == demo

    @property
    def keys(self) -> dict[str, str | None]:
        """Every key the installed sources declare, by variable name (hidden from ``repr``)."""
        from h4og_kit.plugins import declared_keys

        return {name: self.key(name) for name in declared_keys()}


def settings() -> Settings:
    """Read the settings from the environment, `.env` and the defaults."""
    from platformdirs import user_cache_dir, user_data_dir

    dotenv = _dotenv_values()
    offline = (_lookup("H4OG_OFFLINE", dotenv, "auto") or "auto").strip().lower()
    offline = {"true": "1", "yes": "1", "on": "1", "false": "0", "no": "0", "off": "0"}.get(
        offline, offline
    )
    if offline not in OFFLINE_MODES:
        raise ValueError(
            f"H4OG_OFFLINE={offline!r} is not understood: use auto, 1 (always offline) "
            "or 0 (never fall back to the bundled samples)."
        )
    cache_dir = Path(_lookup("H4OG_CACHE_DIR", dotenv) or user_cache_dir("h4og-kit"))
    data_dir = Path(_lookup("H4OG_DATA_DIR", dotenv) or user_data_dir("h4og-kit"))
    return Settings(
        offline=offline,
        cache_dir=cache_dir.expanduser(),
        data_dir=data_dir.expanduser(),
        registry_url=_lookup("H4OG_REGISTRY_URL", dotenv),
        dotenv=dotenv,
        allow_private_addresses=allow_private_addresses(dotenv),
        allowed_hosts=allowed_hosts(dotenv),
        retry_after_max=retry_after_max(dotenv),
        request_deadline=request_deadline(dotenv),
    )


def setting(name: str, default: str | None = None) -> str | None:
    """A setting such as ``H4OG_EVENT_TIME_ZONE`` (or a secret such as ``H4OG_ADMIN_TOKEN``),
    from the environment or `.env`, else ``default``."""
    return _lookup(name, _dotenv_values(), default)


secret = setting


def is_served() -> bool:
    """True inside the dashboards of ``h4og serve`` (``H4OG_SERVED=1``), which anyone may open."""
    return os.environ.get(SERVED_ENV, "").strip().lower() in ("1", "true", "yes", "on")


# -- outbound requests: read on their own, cheaply, by the HTTP path --------------------------------

_TRUE = ("1", "true", "yes", "on")


def allow_private_addresses(dotenv: dict[str, str] | None = None) -> bool:
    """True when ``H4OG_ALLOW_PRIVATE_ADDRESSES=1`` lets local work fetch private addresses."""
    value = _lookup(ALLOW_PRIVATE_ENV, _dotenv_values() if dotenv is None else dotenv, "0")
    return (value or "").strip().lower() in _TRUE


def allowed_hosts(dotenv: dict[str, str] | None = None) -> tuple[str, ...]:
    """The host names of ``H4OG_ALLOWED_HOSTS`` (lower case), or the kit's example hosts."""
    value = _lookup(ALLOWED_HOSTS_ENV, _dotenv_values() if dotenv is None else dotenv)
    if value is None:
        return DEFAULT_ALLOWED_HOSTS
    hosts = [h.strip().lower().rstrip(".") for h in value.split(",")]
    return tuple(h for h in hosts if h and h != "none")


def number_setting(name: str, value: str | None, default: float, kind: type = float, *,
                   zero: bool = True) -> float:
    """The number a setting ``name`` holds (``value`` as written; empty or None: ``default``),
    of ``kind`` (``int`` or ``float``), never negative, zero only if ``zero``. A ValueError
    says what to write."""
    text = (value or "").strip()
    if not text:
        return default
    try:
        number = kind(text)
    except ValueError:
        number = -1
    if not (number > 0 or (zero and number == 0)):  # also catches NaN
        raise ValueError(f"{name}={text!r} is not understood: give a "
                         f"{'number' if zero else 'positive number'}, e.g. {name}={default:g}.")
    return number


def _seconds(name: str, default: float, dotenv: dict[str, str] | None) -> float:
    return number_setting(name, _lookup(name, _dotenv_values() if dotenv is None else dotenv),
                          default)


def retry_after_max(dotenv: dict[str, str] | None = None) -> float:
    """``H4OG_RETRY_AFTER_MAX``: the longest wait a provider may ask for (seconds, default 60)."""
    return _seconds(RETRY_AFTER_MAX_ENV, DEFAULT_RETRY_AFTER_MAX, dotenv)


def request_deadline(dotenv: dict[str, str] | None = None) -> float:
    """``H4OG_REQUEST_DEADLINE``: the most one request may take with its retries (default 120 s)."""
    return _seconds(REQUEST_DEADLINE_ENV, DEFAULT_REQUEST_DEADLINE, dotenv)
