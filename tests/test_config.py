"""Settings from the environment, a `.env` file and defaults; keys stay out of sight."""

from __future__ import annotations

import pytest

from h4og_kit.cli import main
from h4og_kit.config import settings
from h4og_kit.redaction import scrub


def test_env_file_is_read_and_the_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("EUROPEANA_API_KEY=from-dotenv\nH4OG_CACHE_DIR=/tmp/h4og-x\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EUROPEANA_API_KEY", raising=False)
    monkeypatch.delenv("H4OG_CACHE_DIR", raising=False)
    s = settings()
    assert s.key("EUROPEANA_API_KEY") == "from-dotenv"
    assert str(s.cache_dir) == "/tmp/h4og-x"
    monkeypatch.setenv("EUROPEANA_API_KEY", "from-env")
    assert settings().key("EUROPEANA_API_KEY") == "from-env"


def test_demo_keys_are_the_fallback(monkeypatch):
    monkeypatch.delenv("EUROPEANA_API_KEY", raising=False)
    monkeypatch.delenv("SMITHSONIAN_API_KEY", raising=False)
    s = settings()
    assert s.key("EUROPEANA_API_KEY") == "api2demo" and s.key_is_demo("EUROPEANA_API_KEY")
    assert s.key("SMITHSONIAN_API_KEY") == "DEMO_KEY"


def test_the_keys_are_those_the_sources_declare_and_each_read_is_kept_secret(monkeypatch):
    monkeypatch.setenv("SMITHSONIAN_API_KEY", "si-secret-123")
    s = settings()
    assert set(s.keys) == {"EUROPEANA_API_KEY", "SMITHSONIAN_API_KEY"}  # from the classes
    assert s.key("SMITHSONIAN_API_KEY") == "si-secret-123"
    assert not s.key_is_demo("SMITHSONIAN_API_KEY")
    assert scrub("GET /search?q=x&k=si-secret-123") == "GET /search?q=x&k=***"
    assert s.key("NOT_DECLARED_BY_ANY_SOURCE") is None


def test_keys_are_not_in_the_settings_repr(monkeypatch):
    monkeypatch.setenv("EUROPEANA_API_KEY", "very-secret-key")
    assert "very-secret-key" not in repr(settings())


@pytest.mark.parametrize("value, mode", [("1", "1"), ("yes", "1"), ("0", "0"), ("off", "0"),
                                         ("auto", "auto"), ("", "auto")])
def test_offline_modes(monkeypatch, value, mode):
    monkeypatch.setenv("H4OG_OFFLINE", value)
    assert settings().offline == mode


def test_h4og_sources_lists_keys_and_terms(capsys):
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "europeana" in out and "EUROPEANA_API_KEY" in out
    assert "https://metmuseum.github.io/#terms" in out
