"""Live updates: poll ``Registry.changes_since`` every few seconds and hand new changes to a view.

:class:`LivePoller` runs as an asyncio task on the kernel's event loop (the loop that also
delivers widget messages), so the view updates its widgets from the same thread as always; the
database read itself runs in a worker thread, so a slow database never freezes the page. An
unchanged registry costs one cheap query per poll and sends nothing to the browser.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from h4og_kit.registry import Registry
    from h4og_kit.registry.entries import Change

log = logging.getLogger("h4og_kit")


class LivePoller:
    """Call ``on_changes(changes)`` with the registry's new activity, from ``cursor`` on."""

    def __init__(self, registry: Registry, on_changes: Callable[[list[Change]], None],
                 interval: float = 3.0, cursor: int = 0):
        self.registry = registry
        self.on_changes = on_changes
        self.interval = interval
        self.cursor = cursor
        self.last_error: Exception | None = None
        self._task: asyncio.Task | None = None

    def _fetch(self) -> tuple[list[Change], int]:
        return self.registry.changes_since(self.cursor)

    def _deliver(self, changes: list[Change], cursor: int) -> int:
        self.cursor = cursor
        if changes:
            self.on_changes(changes)
        return len(changes)

    def poll_once(self) -> int:
        """Fetch and deliver the changes since the last poll, now; return how many there were."""
        return self._deliver(*self._fetch())

    async def _run(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from h4og_kit.registry.errors import RegistryError

        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval)
            try:
                changes, cursor = await loop.run_in_executor(None, self._fetch)
                self._deliver(changes, cursor)
                self.last_error = None
            except asyncio.CancelledError:
                raise
            except (RegistryError, SQLAlchemyError, OSError) as exc:  # the database may come back
                if self.last_error is None:
                    log.warning("live updates: %s (retrying every %s s)", exc, self.interval)
                self.last_error = exc

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Start polling on the running event loop (the kernel's, in Jupyter and Voila).

        Returns False when no event loop runs (a plain script): call :meth:`poll_once` there.
        """
        if self.running:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
