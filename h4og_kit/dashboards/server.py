"""The dashboards' Voila server: Voila 0.5 serving this package's folder, whose root URL lands on
the showcase.

Voila serving a folder shows a file list at ``/``; this server sends ``/`` (with its query) to
``/voila/render/<landing>`` instead, and keeps everything else as Voila has it: every app at
``/voila/render/<app>.ipynb``, ``voila.json`` read from the working directory (kernel culling,
preheated kernels, no tracebacks; ``h4og serve`` runs it in this folder).

It also fixes one Voila 0.5 bug (voila-dashboards/voila#1458): a page asks the server to shut its
kernel down when the tab closes, but standalone Voila never sets the ``_xsrf`` cookie that request
must carry, so it is refused (403) and every closed tab leaves its kernel running until culled.
Dashboard pages here set the cookie.

And it keeps every page on its own origin. Voila's ``lab`` template links Font Awesome from
cdn.jsdelivr.net (its error pages Font Awesome 4.5 too): a request that tells a third party who
visits, and fails offline. Voila's own bundle already carries Font Awesome and its webfonts, so
the folder ``templates/<template>/`` of this package (``templates/lab/``) holds copies of those
templates without the links, and this server looks there before Voila's own templates.
``voila.json`` also refuses ``?template=`` overrides, which would bring another template's links
back.

``h4og serve`` runs it as::

    python -m h4og_kit.dashboards.server --port=8866 --no-browser --Voila.ip=127.0.0.1

with this folder as working directory. Options are Voila's own.
"""

from __future__ import annotations

import os
import sys

from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets import Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from h4og_kit.dashboards.apps import FOLDER

LANDING_APP = "showcase.ipynb"
TEMPLATE_OVERRIDES = FOLDER / "templates"


class PageHandler(TornadoVoilaHandler):
    """A dashboard page that carries the ``_xsrf`` cookie its kernel-shutdown request needs."""

    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        await super().get(path)


class DashboardServer(Voila):
    """Voila with ``/`` redirected to the landing dashboard and pages that can shut their kernel."""

    landing = Unicode(LANDING_APP, config=True, help="The app the root URL opens.")
    template_overrides = Unicode(
        str(TEMPLATE_OVERRIDES), config=True,
        help="A folder whose <template>/ subfolder holds Jinja templates found before the Voila "
             "template's own (this package's templates/ unless set).")

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        template = self.voila_configuration.template
        folder = os.path.abspath(os.path.join(self.template_overrides, template or ""))
        if template and os.path.isdir(folder):
            self.template_paths.insert(0, folder)
        else:
            self.log.warning("No template overrides in %s: pages may fetch from third parties "
                             "(CDNs) as Voila's own templates do.", folder)

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
