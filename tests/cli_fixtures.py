"""The ``run`` fixture of the CLI tests, as a pytest plugin (``pytest_plugins = ["cli_fixtures"]``):
``h4og registry ...`` run as the main parser runs it, with the organizer token set."""

from __future__ import annotations

import argparse

import pytest

from h4og_kit.registry.cli import add_registry_parser

ADMIN = "organizer-token-for-tests-0123456789"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """Call ``run("list", ...)`` to get (exit status, stdout, stderr)."""
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN)
    monkeypatch.setenv("H4OG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("H4OG_REGISTRY_URL", raising=False)
    monkeypatch.delenv("H4OG_EDIT_TOKEN", raising=False)
    parser = argparse.ArgumentParser(prog="h4og")
    add_registry_parser(parser.add_subparsers(dest="command", required=True))

    def call(*argv: str) -> tuple[int, str, str]:
        args = parser.parse_args(["registry", *argv])
        code = args.func(args)
        out, err = capsys.readouterr()
        return code, out, err

    return call
