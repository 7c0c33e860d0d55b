"""Fixtures of the widget tests (``tests/test_widgets_*.py`` load them with ``pytest_plugins``).

Registries live in the test's temporary folder; the demo registry holds the kit's bundled demo
entries (``h4og_kit/data/demo/registry.json``).
"""

from __future__ import annotations

import pytest

ADMIN_TOKEN = "organizer-token-for-tests"


@pytest.fixture
def registry(tmp_path):
    from h4og_kit.registry import Registry

    with Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}") as reg:
        yield reg


@pytest.fixture
def demo(tmp_path):
    from h4og_kit.registry import demo_registry

    reg = demo_registry(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    yield reg
    reg.close()


@pytest.fixture
def organizer(monkeypatch) -> str:
    """The organizer token, set as H4OG_ADMIN_TOKEN."""
    monkeypatch.setenv("H4OG_ADMIN_TOKEN", ADMIN_TOKEN)
    return ADMIN_TOKEN
