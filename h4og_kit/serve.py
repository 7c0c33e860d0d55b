"""The dashboards' Voila server: Voila 0.5 serving ``notebooks/dashboards/``, whose root URL lands
on the showcase.

Voila serving a folder shows a file list at ``/``; this server sends ``/`` (with its query) to
``/voila/render/<landing>`` instead, and keeps everything else as Voila has it: every app at
``/voila/render/<app>.ipynb``, ``voila.json`` read from the working directory (kernel culling,
preheated kernels, no tracebacks).

It also fixes one Voila 0.5 bug (voila-dashboards/voila#1458): a page asks the server to shut its
kernel down when the tab closes, but standalone Voila never sets the ``_xsrf`` cookie that request
must carry, so it is refused (403) and every closed tab leaves its kernel running until culled.
Dashboard pages here set the cookie.

``h4og serve`` runs it as::

    python -m h4og_kit.serve --port=8866 --no-browser --Voila.ip=127.0.0.1

with the dashboards folder as working directory. Options are Voila's own.
"""

from __future__ import annotations

import sys

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets import Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

LANDING_APP = "showcase.ipynb"


class PageHandler(TornadoVoilaHandler):
    """A dashboard page that carries the ``_xsrf`` cookie its kernel-shutdown request needs."""

    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        await super().get(path)


class DashboardServer(Voila):
    """Voila with ``/`` redirected to the landing dashboard and pages that can shut their kernel."""

    landing = Unicode(LANDING_APP, config=True, help="The app the root URL opens.")

    def init_handlers(self) -> list:
        handlers = [
            (rule[0], PageHandler, *rule[2:]) if rule[1] is TornadoVoilaHandler else rule
            for rule in super().init_handlers()
        ]
        if self.notebook_path:  # one notebook served: it is the root already
            return handlers
        target = url_path_join(self.server_url, "voila/render", self.landing)
        return [(self.server_url, RedirectHandler, {"url": target, "permanent": False}),
                *handlers]


def main(argv: list[str] | None = None) -> None:
    DashboardServer.launch_instance(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
