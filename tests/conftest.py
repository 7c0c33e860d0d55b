"""Shared test set-up: every test runs offline, with its own cache and data folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "h4og_kit" / "data" / "samples"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """Offline by default; cache and data in a fresh temporary folder; no stray keys or registry."""
    base = tmp_path_factory.mktemp("h4og")
    monkeypatch.setenv("H4OG_OFFLINE", "1")
    monkeypatch.setenv("H4OG_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("H4OG_DATA_DIR", str(base / "data"))
    monkeypatch.delenv("H4OG_REGISTRY_URL", raising=False)
    monkeypatch.delenv("H4OG_ADMIN_TOKEN", raising=False)
    monkeypatch.delenv("H4OG_LANGUAGE", raising=False)  # pages speak English unless a test asks
    monkeypatch.chdir(base)  # no .env of the developer's leaks into a test
    from h4og_kit.registry.access import THROTTLE

    THROTTLE.reset()  # wrong tokens of one test do not slow down the next
    yield
    from h4og_kit import i18n

    i18n.set_language(None)


@pytest.fixture
def online(monkeypatch):
    """Let sources talk to loopback test servers (never to the real web in CI): local work, which
    the outbound-address guard allows only with H4OG_ALLOW_PRIVATE_ADDRESSES=1."""
    monkeypatch.setenv("H4OG_OFFLINE", "0")
    monkeypatch.setenv("H4OG_ALLOW_PRIVATE_ADDRESSES", "1")  # loopback test servers are local work


@pytest.fixture(scope="session")
def pseudo_locale_dir(tmp_path_factory):
    """A folder holding the pseudo-locale ``en-XA`` (see tests/pseudo_locale.py)."""
    from pseudo_locale import write

    return write(tmp_path_factory.mktemp("pseudo-locale"))


@pytest.fixture
def pseudo_locale(pseudo_locale_dir, monkeypatch):
    """The kit speaks ``en-XA`` here: every marked message is accented and bracketed."""
    from h4og_kit import i18n

    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(pseudo_locale_dir))
    for cached in (i18n.available, i18n.translations):
        cached.cache_clear()
    with i18n.speaking("en-XA"):
        yield "en-XA"
    monkeypatch.delenv(i18n.LOCALE_DIR_ENV)
    for cached in (i18n.available, i18n.translations):
        cached.cache_clear()


ADMIN = "organizer-token-for-tests-0123456789"


@pytest.fixture
def organizer_registry(monkeypatch):
    """An empty registry in memory whose organizer token is ``ADMIN``."""
    from h4og_kit.registry import Registry

    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    with Registry("sqlite://") as reg:
        yield reg
