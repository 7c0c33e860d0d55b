"""What a newcomer following the README meets at the terminal: a PostgreSQL URL without the driver
gives one line that says what to install (no traceback), and ``h4og serve --help`` describes every
option.

The missing driver is simulated with ``sys.modules["psycopg"] = None``, which makes ``import
psycopg`` fail as it does where the postgres extra is not installed. Nothing connects anywhere.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from h4og_kit import cli
from h4og_kit.registry import Registry, RegistryError
from h4og_kit.registry.engine import MissingDriver, require_driver

PG_URL = "postgresql+psycopg://user@127.0.0.1:9/db"
INSTALL = "pip install 'h4og-kit[postgres]'"


@pytest.fixture
def no_psycopg(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: pytest.fail("the server was started"))


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and INSTALL in lines[0]
    return lines[0]


@pytest.mark.parametrize("url", [PG_URL, "postgres://user@127.0.0.1:9/db",
                                 "postgresql://user@127.0.0.1:9/db"])
def test_opening_a_postgres_registry_without_the_driver_says_what_to_install(no_psycopg, url):
    with pytest.raises(MissingDriver) as caught:
        Registry(url)
    message = str(caught.value)
    assert "\n" not in message and INSTALL in message and "psycopg" in message
    assert "user@" not in message  # the URL (and any password in it) is not repeated
    assert isinstance(caught.value, RegistryError) and isinstance(caught.value, ImportError)
    with pytest.raises(MissingDriver):
        require_driver(url)


def test_sqlite_needs_no_driver_check(no_psycopg):
    require_driver("sqlite://")
    Registry("sqlite://").close()


def test_h4og_serve_says_it_in_one_line_before_starting_anything(no_psycopg, capsys):
    assert cli.main(["serve", "--registry", PG_URL]) == 1
    out, err = capsys.readouterr()
    _one_error_line(err)
    assert "Serving" not in out


def test_h4og_serve_checks_the_registry_url_of_the_environment_too(no_psycopg, monkeypatch, capsys):
    monkeypatch.setenv("H4OG_REGISTRY_URL", PG_URL)
    assert cli.main(["serve"]) == 1
    _one_error_line(capsys.readouterr().err)


def test_h4og_serve_demo_uses_its_own_sqlite_registry_and_needs_no_driver(no_psycopg, monkeypatch):
    monkeypatch.setenv("H4OG_REGISTRY_URL", PG_URL)
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, cwd, env: calls.append(cmd) or 0)
    assert cli.main(["serve", "--demo"]) == 0 and calls


@pytest.mark.parametrize("argv", [["publish", "site", "--registry", PG_URL],
                                  ["registry", "--url", PG_URL, "list"]])
def test_other_commands_say_it_in_one_line(no_psycopg, capsys, argv):
    assert cli.main(argv) == 1
    _one_error_line(capsys.readouterr().err)


def test_h4og_serve_help_describes_every_option():
    parser = cli.build_parser()
    serve = parser._subparsers._group_actions[0].choices["serve"]
    options = [action for action in serve._actions if action.option_strings]
    assert {o.dest for o in options} >= {"help", "port", "ip", "registry", "demo", "app",
                                         "max_kernels", "pool"}
    undescribed = [o.option_strings[0] for o in options
                   if not o.help or o.help == argparse.SUPPRESS or len(o.help) < 15]
    assert undescribed == []
    text = serve.format_help()
    assert INSTALL in text and "8866" in text and "127.0.0.1" in text
