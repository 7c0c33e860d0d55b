"""The kernel cap's settings, its busy page, and the admission and closed-page rules of
:class:`~h4og_kit.dashboards.kernels.DashboardKernelManager` (without starting kernels; the
browser test ``test_dashboards_kernels_browser.py`` runs them against a real server)."""

from __future__ import annotations

import asyncio
import subprocess
import types

import pytest

from h4og_kit.dashboards import kernels
from h4og_kit.dashboards.kernels import DashboardKernelManager, busy_page


def test_the_default_cap_is_half_the_memory_at_150_mb_a_kernel():
    gib = 1024 ** 3
    assert kernels.default_max_kernels(24 * gib) == 81
    assert kernels.default_max_kernels(2 * gib) == 6
    assert kernels.default_max_kernels(256 * 1024 ** 2) == 2  # never fewer than two
    assert kernels.max_kernels_setting({}) == kernels.default_max_kernels()
    assert kernels.max_kernels_setting({"H4OG_MAX_KERNELS": " 12 "}) == 12
    assert kernels.closed_page_setting({}) == 120.0


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5"])
def test_a_wrong_cap_says_what_to_write(value):
    with pytest.raises(ValueError, match=r"H4OG_MAX_KERNELS=.* give a positive number, e\.g\."):
        kernels.max_kernels_setting({"H4OG_MAX_KERNELS": value})


def test_serve_passes_the_cap_and_refuses_a_wrong_one(monkeypatch, capsys):
    from h4og_kit import cli

    calls = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, cwd, env: calls.append((cmd, env)) or 0)
    monkeypatch.delenv("H4OG_MAX_KERNELS", raising=False)
    assert cli.main(["serve", "--demo", "--max-kernels", "7", "--pool", "3"]) == 0
    command, env = calls[-1]
    assert env["H4OG_MAX_KERNELS"] == "7"
    assert "--VoilaConfiguration.default_pool_size=3" in command
    monkeypatch.setenv("H4OG_CLOSED_PAGE_SECONDS", "soon")
    assert cli.main(["serve", "--demo"]) == 2
    assert "H4OG_CLOSED_PAGE_SECONDS='soon' is not understood" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["serve", "--max-kernels", "0"])
    assert "at least 1, got '0'" in capsys.readouterr().err


def test_the_busy_page_says_when_to_come_back_and_escapes_its_link():
    page = busy_page('/x/"><script>alert(1)</script>')
    assert "<h1>Busy: try again in a minute</h1>" in page
    assert '<meta http-equiv="refresh" content="60">' in page
    assert "<script>" not in page and "&quot;&gt;&lt;script&gt;" in page


class _Kernel:
    def __init__(self, state: str = "idle"):
        self.execution_state = state


def _manager(max_kernels: int = 3, slots: int = 1, line: int = 2) -> DashboardKernelManager:
    manager = DashboardKernelManager(max_kernels=max_kernels, render_slots=slots,
                                     waiting_line=line, closed_page_seconds=10)
    manager.list_kernel_ids = lambda: list(manager._kernels)  # no kernels are started here
    return manager


def _pool_task(kernel_id: str) -> types.SimpleNamespace:
    """A finished task of Voila's preheated pool, holding ``kernel_id``."""
    return types.SimpleNamespace(done=lambda: True, cancelled=lambda: False,
                                 exception=lambda: None, result=lambda: {"kernel_id": kernel_id})


def test_pool_kernels_do_not_count_and_a_full_house_is_busy():
    manager = _manager(max_kernels=2)
    manager._kernels.update({"pooled": _Kernel(), "visitor": _Kernel()})
    manager._pools = {"board.ipynb": [_pool_task("pooled")]}
    assert manager.visitor_kernels() == 1 and not manager.busy()
    manager._preheating.add("starting")  # a pool kernel on its way: not a visitor either
    manager._kernels["starting"] = _Kernel("starting")
    assert manager.visitor_kernels() == 1
    manager._kernels["second visitor"] = _Kernel()
    assert manager.visitor_kernels() == 2 and manager.busy()


def test_admission_lets_pages_in_turn_by_turn_then_says_busy():
    async def scenario():
        manager = _manager(max_kernels=10, slots=1, line=1)
        order, release = [], asyncio.Event()

        async def visit(name):
            async with manager.admission("board.ipynb") as admitted:
                order.append((name, admitted))
                if admitted and name == "first":
                    await release.wait()  # the first page is being prepared

        first = asyncio.ensure_future(visit("first"))
        await asyncio.sleep(0)
        second = asyncio.ensure_future(visit("second"))  # waits its turn
        await asyncio.sleep(0)
        await visit("third")  # the line is full: busy at once
        assert order == [("first", True), ("third", False)]
        assert manager.visitor_kernels() == 2  # two pages let in, no kernel yet
        release.set()
        await asyncio.gather(first, second)
        assert order[-1] == ("second", True) and manager.visitor_kernels() == 0

    asyncio.run(scenario())


def test_a_page_given_a_ready_pool_kernel_counts_as_that_kernel():
    async def scenario():
        manager = _manager(max_kernels=10)
        manager._kernels["pooled"] = _Kernel()
        manager._pools = {"board.ipynb": [_pool_task("pooled")]}
        async with manager.admission("board.ipynb") as admitted:
            assert admitted
            manager._pools["board.ipynb"].pop(0)  # Voila hands the kernel to the page
            assert manager.visitor_kernels() == 1

    asyncio.run(scenario())


def test_only_kernels_without_a_page_and_idle_long_enough_are_ended():
    manager = _manager()
    manager._kernels.update({"open": _Kernel(), "closed": _Kernel(), "busy": _Kernel("busy"),
                             "pooled": _Kernel()})
    manager._pools = {"board.ipynb": [_pool_task("pooled")]}
    manager._kernel_connections.update({"open": 1, "closed": 0, "busy": 0, "pooled": 0})
    assert manager.closed_pages(now=100.0) == []  # the clock starts at the first look
    assert manager.closed_pages(now=109.0) == []
    assert manager.closed_pages(now=110.0) == ["closed"]
    manager._kernels["busy"].execution_state = "idle"  # its notebook ran: its clock starts now
    assert manager.closed_pages(now=115.0) == ["closed"]
    assert sorted(manager.closed_pages(now=125.0)) == ["busy", "closed"]
    manager.notify_connect("closed")  # a phone back on the network
    assert manager.closed_pages(now=200.0) == ["busy"]


def test_voila_uses_this_kernel_manager():
    import json

    from h4og_kit.dashboards.apps import FOLDER

    config = json.loads((FOLDER / "voila.json").read_text())
    name = config["VoilaConfiguration"]["multi_kernel_manager_class"]
    module, _, cls = name.rpartition(".")
    assert getattr(__import__(module, fromlist=[cls]), cls) is DashboardKernelManager
