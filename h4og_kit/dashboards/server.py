"""The dashboards' Voila server: Voila 0.5 serving this package's folder, with the kernel-free public
showcase at its root.

Voila serving a folder shows a file list at ``/``; this server serves the public pages there
instead (:mod:`h4og_kit.dashboards.public_handlers`: ``/``, ``/showcase``, ``/showcase.json``,
``/entry/<id>``, ``/feed.atom``, ``/embed/<id>``, ``/screen``, ``/assets/``), rendered from one
snapshot of the registry the dashboards use (:func:`~h4og_kit.dashboards.demo.open_registry`)
that one periodic task per server keeps current; another syncs the projects' repositories every
``H4OG_SYNC_MINUTES`` (30).
It keeps everything else as Voila has it: every app at ``/voila/render/<app>.ipynb``,
``voila.json`` read from the working directory (preheated kernels, no tracebacks; ``h4og serve``
runs it in this folder). The apps' kernels are capped, served in turn during a burst and ended
when their page is gone: :mod:`h4og_kit.dashboards.kernels`, the kernel manager ``voila.json``
names; a page past the cap answers 503 "busy, try again in a minute".

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
from traitlets import Integer, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from h4og_kit.dashboards.apps import FOLDER
from h4og_kit.dashboards.kernels import RETRY_SECONDS, busy_page
from h4og_kit.dashboards.site import with_language
from h4og_kit.i18n import N_, choose, speaking

LANDING_APP = "showcase.ipynb"
TEMPLATE_OVERRIDES = FOLDER / "templates"


class PageHandler(TornadoVoilaHandler):
    """A dashboard page that carries the ``_xsrf`` cookie its kernel-shutdown request needs, and
    waits its turn for a kernel, or says the server is busy
    (:class:`~h4og_kit.dashboards.kernels.DashboardKernelManager`)."""

    async def get(self, path: str | None = None) -> None:
        self.xsrf_token  # noqa: B018 - reading it sets the cookie
        admission = getattr(self.kernel_manager, "admission", None)
        if admission is None:  # another kernel manager configured: no cap
            await super().get(path)
            return
        async with admission(path) as admitted:
            if admitted:
                await super().get(path)
                return
        self.set_status(503)
        self.set_header("Retry-After", str(RETRY_SECONDS))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        lang = choose(self.get_query_argument("lang", None),
                      self.request.headers.get("Accept-Language"))
        with speaking(lang):
            self.finish(busy_page(with_language(url_path_join(self.base_url, "/"), lang)))


class DashboardServer(Voila):
    """Voila with the public showcase at ``/`` and pages that can shut their kernel."""

    landing = Unicode(LANDING_APP, config=True,
                      help="The app `h4og serve --app` names (the root URL serves the public "
                           "showcase; every app stays at /voila/render/<app>).")
    public_title = Unicode("Hack4OpenGLAM: Showcase", config=True,
                           help="The title of the public showcase pages.")
    keeper = None  # the SnapshotKeeper of the public pages, once the handlers are made
    template_overrides = Unicode(
        str(TEMPLATE_OVERRIDES), config=True,
        help="A folder whose <template>/ subfolder holds Jinja templates found before the Voila "
             "template's own (this package's templates/ unless set).")

    backlog = Integer(2048, config=True,
                      help="Connections that may wait to be accepted (the system caps it at "
                           "net.core.somaxconn). Tornado's 128 drops part of a crowd that arrives "
                           "at once, and each dropped connection waits a second to try again.")

    def listen(self) -> None:
        """Voila's listen (port retries and all), with :attr:`backlog`."""
        listen = self.app.listen
        self.app.listen = lambda port, address="", **options: listen(
            port, address, **{"backlog": self.backlog, **options})
        super().listen()

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
        from h4og_kit.dashboards.apps import APPS
        from h4og_kit.dashboards.demo import open_registry
        from h4og_kit.dashboards.public_handlers import public_handlers, start_keeper, start_sync
        from h4og_kit.dashboards.site import Site
        from h4og_kit.dashboards.snapshot import SnapshotKeeper

        base = url_path_join(self.server_url, "/")
        self.keeper = SnapshotKeeper(open_registry(), title=self.public_title)
        apps = [(label, f"voila/render/{app}") for app, label in APPS.items()
                if app != "showcase.ipynb"] + [(N_("Live board"), "voila/render/showcase.ipynb"),
                                               (N_("Event screen"), "screen")]
        self._refresher = start_keeper(self.keeper)  # on the loop listen() then runs
        self._syncer = start_sync(self.keeper.registry)
        return [*public_handlers(base, self.keeper, Site(apps=apps)), *handlers]


def main(argv: list[str] | None = None) -> None:
    DashboardServer.launch_instance(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
