"""The ``h4og`` command: list sources, harvest resumably, serve the dashboards, run the registry.

    h4og sources
    h4og fetch SOURCE QUERY --out FILE.csv [--limit N] [--open-only] [--filter KEY=VALUE ...]
               [--report REPORT.csv] [--require title,rights] [--drift-threshold 0.5]
    h4og oai formats URL
    h4og cache [info|clear]
    h4og serve [--port 8866] [--registry URL] [--demo] [--max-kernels N] [--pool N]
    h4og publish DIR [--watch] [--registry URL] [--demo] [--apps-url URL] [--base-url URL]
    h4og registry init|add|update|list|show|history|revert|hide|lock|export|import|seed-demo

The command speaks the terminal's language (``LANG``, ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, then ``H4OG_LANGUAGE``, then English): its help, results and errors go through
the kit's catalogs; argparse's own words ("usage:") come from Python's.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from h4og_kit import __version__, i18n
from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import ngettext, number
from h4og_kit.registry.cli import add_registry_parser, print_error


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(
            _("expected KEY=VALUE, got {text}").format(text=repr(text)))
    return key, value


def _positive_int(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of at least 1, got {text}").format(text=repr(text)))
    return count


def _column_names(text: str) -> tuple[str, ...]:
    from h4og_kit.quality import check_required

    try:
        return check_required([name.strip() for name in text.split(",") if name.strip()])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 < share < 1:
        raise argparse.ArgumentTypeError(
            _("expected a share between 0 and 1, such as 0.5, got {text}").format(
                text=repr(text)))
    return share


def cmd_sources(args: argparse.Namespace) -> int:
    from h4og_kit.sources import SOURCES

    for info in SOURCES.values():
        terms = _("terms: {url}").format(url=info.terms_url)
        print(f"{info.name:12} {info.title} — {info.key_note}\n{'':12} {_(info.description)}\n"
              f"{'':12} {terms}")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from h4og_kit.harvest import HarvestMismatch, harvest
    from h4og_kit.http import SourceError
    from h4og_kit.sources import UnknownSource

    options = {"base_url": args.base_url} if args.base_url else {}
    try:
        result = harvest(
            args.source, args.query, args.out, open_only=args.open_only, limit=args.limit,
            restart=args.restart, rebuild_state=getattr(args, "rebuild_state", False),
            source_options=options, required=args.require, report=args.report,
            drift_threshold=args.drift_threshold, **dict(args.filter or []),
        )
    except HarvestMismatch as exc:  # the message says how to go on; the file was not touched
        print_error(str(exc))
        return 1
    except (SourceError, UnknownSource) as exc:
        print_error(str(exc))
        print(_("What was fetched so far is kept in {path}; run the same command again to "
                "continue where it stopped.").format(path=args.out), file=sys.stderr)
        return 1
    if result.resumed:
        done = ngettext("continued: {count} new record; {total} in {path}",
                        "continued: {count} new records; {total} in {path}", result.written)
    else:
        done = ngettext("harvested: {count} new record; {total} in {path}",
                        "harvested: {count} new records; {total} in {path}", result.written)
    print(done.format(count=number(result.written), total=number(result.total_in_file),
                      path=result.path))
    print(result.report.summary())
    print(_("The quality report is in {path}.").format(path=result.report_path))
    return 0


def cmd_oai_formats(args: argparse.Namespace) -> int:
    from h4og_kit.http import SourceError
    from h4og_kit.oai.formats import richest
    from h4og_kit.sources.oai import metadata_formats

    try:
        offered = metadata_formats(args.url)
    except SourceError as exc:
        print_error(str(exc))
        return 1
    chosen = richest(offered)
    width = max((len(f.prefix) for f in offered), default=0) + 2
    for offer in offered:
        reads = (_("read as {format}").format(format=offer.reads_as) if offer.reads_as
                 else _("not read by the kit"))
        mark = "  " + _("<- asked for unless you choose") if offer == chosen else ""
        print(f"{offer.prefix:<{width}}{reads}{mark}\n{'':<{width}}{offer.schema or ''}")
    if not offered:
        print(_("The endpoint lists no metadata formats."))
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    from h4og_kit.config import settings

    folder = settings().cache_dir
    if args.action == "clear":
        from h4og_kit.http import clear_cache

        emptied = clear_cache()
        print(ngettext("emptied {count} cache file in {folder}",
                       "emptied {count} cache files in {folder}", emptied)
              .format(count=number(emptied), folder=folder))
    else:
        files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
        size = sum(p.stat().st_size for p in files)
        print(ngettext("cache folder: {folder} ({count} file, {size} MB); set H4OG_CACHE_DIR to "
                       "move it, `h4og cache clear` to empty it",
                       "cache folder: {folder} ({count} files, {size} MB); set H4OG_CACHE_DIR to "
                       "move it, `h4og cache clear` to empty it", len(files))
              .format(folder=folder, count=number(len(files)),
                      size=number(size / 1e6, "#,##0.0")))
    return 0


#: The shortest organizer token ``h4og serve`` accepts: guessing 24 random characters is hopeless.
MIN_ORGANIZER_TOKEN = 24


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve every dashboard of the installed kit with Voila, and the kernel-free public showcase
    at ``/`` (``/showcase``, ``/showcase.json``, ``/entry/<id>``).

    The server runs in the package's dashboards folder, from whatever folder ``h4og serve`` is
    run in; the settings of that folder's ``.env`` reach the dashboards through their environment.
    The dashboards are public: they run with ``H4OG_SERVED=1`` (outbound requests only to the
    allowed public hosts), and their kernels get the organizer token's verifier, never the token.
    """
    from importlib.util import find_spec

    if find_spec("voila") is None:
        print_error(_("serving the dashboards needs Voila, which comes with the kit's dashboard "
                      "extra:\n  pip install 'h4og-kit[dashboard]'   (or, in a clone: pip install "
                      "-e '.[dashboard]')"))
        return 2
    from h4og_kit.config import SERVED_ENV, _dotenv_values, secret
    from h4og_kit.dashboards.apps import APPS, FOLDER
    from h4og_kit.dashboards.demo import DEMO_ENV
    from h4og_kit.dashboards.kernels import (
        MAX_KERNELS_ENV,
        closed_page_setting,
        max_kernels_setting,
    )
    from h4og_kit.registry.tokens import (
        ADMIN_TOKEN_ENV,
        ADMIN_VERIFIER_ENV,
        hash_token,
        new_token,
    )

    if args.demo and args.registry:
        print_error(_("--demo serves the kit's example registry and --registry serves yours: "
                      "give one of them."))
        return 2
    if not (FOLDER / args.app).is_file():
        print_error(_("no dashboard {app} in {folder}; the apps are: {apps}").format(
            app=repr(args.app), folder=FOLDER, apps=", ".join(APPS)))
        return 2
    token = secret(ADMIN_TOKEN_ENV)
    if token and len(token) < MIN_ORGANIZER_TOKEN:
        print_error(_("{variable} has {count} characters; an organizer token needs at least "
                      "{least}, so that nobody can guess it. Make one with\n"
                      "  {command}\n"
                      "and put it in {variable} (environment or .env).").format(
            variable=ADMIN_TOKEN_ENV, count=len(token), least=MIN_ORGANIZER_TOKEN,
            command='python -c "import secrets; print(secrets.token_urlsafe(24))"'))
        return 2
    dotenv = {name: value for name, value in _dotenv_values().items() if not os.environ.get(name)}
    env = {name: value for name, value in {**os.environ, **dotenv}.items()
           if name not in (ADMIN_TOKEN_ENV, "H4OG_ALLOW_PRIVATE_ADDRESSES")}
    env[SERVED_ENV] = "1"
    if args.registry:
        env["H4OG_REGISTRY_URL"] = args.registry
    if not args.demo and env.get("H4OG_REGISTRY_URL"):
        from h4og_kit.registry.engine import require_driver

        require_driver(env["H4OG_REGISTRY_URL"])  # here, not as a traceback of the server's
    if args.demo:
        env[DEMO_ENV] = "1"
    if args.max_kernels is not None:
        env[MAX_KERNELS_ENV] = str(args.max_kernels)
    try:
        max_kernels_setting(env), closed_page_setting(env)
    except ValueError as exc:
        print_error(str(exc))
        return 2
    command = [
        sys.executable, "-m", "h4og_kit.dashboards.server", f"--port={args.port}", "--no-browser",
        f"--Voila.ip={args.ip}", f"--DashboardServer.landing={args.app}",
        *([f"--VoilaConfiguration.default_pool_size={args.pool}"] if args.pool else []),
    ]
    base = f"http://{args.ip}:{args.port}"
    print(_("Serving the h4og dashboards at {url} (Ctrl+C stops)").format(url=f"{base}/"),
          flush=True)
    public = _("{url} (no kernel; the JSON feed at {feed})").format(
        url=f"{base}/", feed=f"{base}/showcase.json")
    print(f"  {_('Public page'):15} {public}")
    for app, label in APPS.items():
        print(f"  {_(label):15} {base}/voila/render/{app}")
    if args.demo and not token:
        token = new_token()
        print(_("Demo organizer token for this session only (the Organizers page asks for it; "
                "set {variable} to choose your own): {token}").format(
                    variable=ADMIN_TOKEN_ENV, token=token), flush=True)
    elif not token:
        print(_("No organizer token is set ({variable}): the Organizers page stays closed.")
              .format(variable=ADMIN_TOKEN_ENV), flush=True)
    if token:
        env[ADMIN_VERIFIER_ENV] = hash_token(token)
    try:
        return subprocess.call(command, cwd=FOLDER, env=env)
    except KeyboardInterrupt:
        return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Write the public showcase (pages, JSON feed, assets) into a folder a static host serves;
    with ``--watch``, write it again after every change until interrupted."""
    from h4og_kit.dashboards.apps import APPS
    from h4og_kit.dashboards.site import Site, publish, watch
    from h4og_kit.dashboards.snapshot import SnapshotKeeper

    if args.demo:
        from h4og_kit.registry import demo_registry

        registry = demo_registry(args.registry)
    else:
        from h4og_kit.registry import Registry

        registry = Registry(args.registry)
    apps = []
    if args.apps_url:
        root = args.apps_url.rstrip("/")
        apps = [(label, f"{root}/voila/render/{app}") for app, label in APPS.items()]
    site = Site(published=True, apps=apps, base_url=args.base_url)
    try:
        if args.watch:
            print(_("Publishing into {folder} after every change (Ctrl+C stops)")
                  .format(folder=args.out), flush=True)
            watch(registry, args.out, site=site, interval=args.interval, title=args.title,
                  report=lambda line: print(line, flush=True))
        else:
            snapshot = SnapshotKeeper(registry, title=args.title).snapshot
            written = publish(snapshot, args.out, site)
            print(ngettext("wrote {count} file into {folder}: open {page} or serve the folder "
                           "with any static web server",
                           "wrote {count} files into {folder}: open {page} or serve the folder "
                           "with any static web server", written)
                  .format(count=number(written), folder=args.out, page=args.out / "index.html"))
    except KeyboardInterrupt:
        pass
    finally:
        registry.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``h4og`` parser, its help in the current language: build it after
    :func:`h4og_kit.i18n.set_language` (as :func:`main` does)."""
    parser = argparse.ArgumentParser(prog="h4og",
                                     description=_("h4og-kit: open-GLAM hackathon kit"))
    parser.add_argument("--version", action="version", version=f"h4og-kit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sources", help=_("list the sources, their keys and terms of use"))
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("fetch", help=_("harvest a source into a CSV file, resumably"))
    p.add_argument("source", help=_("a source name, see `h4og sources`"))
    p.add_argument("query", help=_("search words ('*' for everything)"))
    p.add_argument("--out", required=True, type=Path, help=_("the CSV file to write"))
    p.add_argument("--limit", type=int, default=None, help=_("stop after this many records"))
    p.add_argument("--open-only", action="store_true",
                   help=_("keep public-domain and open records"))
    p.add_argument("--filter", action="append", type=_key_value, metavar="KEY=VALUE",
                   help=_("a source filter, e.g. hasImages=true (repeatable)"))
    p.add_argument("--base-url", help=_("the API or OAI-PMH endpoint, where it is not fixed"))
    p.add_argument("--report", type=Path, default=None,
                   help=_("where to write the quality report (CSV, one row per field and "
                          "problem); default: NAME.report.csv beside --out"))
    p.add_argument("--require", type=_column_names, default=(), metavar="COLUMNS",
                   help=_("leave out records lacking any of these columns, e.g. title,rights "
                          "(counted in the report)"))
    p.add_argument("--drift-threshold", type=_share, default=0.5, metavar="SHARE",
                   help=_("flag a run whose record count falls by more than this share from "
                          "the last run of the same harvest (default 0.5)"))
    p.add_argument("--restart", action="store_true", help=_("start over, replacing the file"))
    p.add_argument("--rebuild-state", action="store_true",
                   help=_("the file no longer matches its state: keep its records, harvest again "
                          "from the first page and add only the missing ones (fetches every page "
                          "again)"))
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser("oai", help=_("ask an OAI-PMH endpoint what it offers"))
    oai = p.add_subparsers(dest="oai_command", required=True)
    p = oai.add_parser("formats", help=_("list the metadata formats (metadataPrefix) an endpoint "
                                         "offers, and the one the kit asks for"))
    p.add_argument("url", help=_("the endpoint, e.g. https://example.org/oai"))
    p.set_defaults(func=cmd_oai_formats)

    p = sub.add_parser("cache", help=_("where the answer cache is, or clear it"))
    p.add_argument("action", choices=["info", "clear"], nargs="?", default="info")
    p.set_defaults(func=cmd_cache)

    p = sub.add_parser("serve", help=_("serve the Voila dashboards"))
    p.add_argument("--port", type=int, default=8866, help=_("the port to serve on (default 8866)"))
    p.add_argument("--ip", default="127.0.0.1",
                   help=_("the address to listen on (default 127.0.0.1, this machine only; put a "
                          "reverse proxy in front to serve the public, see the README)"))
    p.add_argument("--registry", help=_("registry database URL (default: H4OG_REGISTRY_URL); "
                                        "PostgreSQL needs pip install 'h4og-kit[postgres]'"))
    p.add_argument("--demo", action="store_true", help=_("serve the embedded demo registry"))
    p.add_argument("--app", default="showcase.ipynb",
                   help=_("the dashboard the root URL opens (every app is served)"))
    p.add_argument("--max-kernels", type=_positive_int, metavar="N",
                   help=_("the most Voila kernels serving visitors at once; past it an app page "
                          "says 'busy, try again in a minute' (default: H4OG_MAX_KERNELS, else "
                          "half the memory at 150 MB a kernel; the public page needs none)"))
    p.add_argument("--pool", type=_positive_int, metavar="N",
                   help=_("preheated kernels kept ready per app, for a known burst such as "
                          "'everyone register now' (default 1; each holds about 150 MB)"))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("publish", help=_("write the public showcase as static files into a folder"))
    p.add_argument("out", type=Path, metavar="DIR",
                   help=_("the folder to write (created if needed)"))
    p.add_argument("--watch", action="store_true", help=_("write it again after every change"))
    p.add_argument("--interval", type=float, default=3.0,
                   help=_("seconds between two looks for changes with --watch (default 3)"))
    p.add_argument("--registry", help=_("registry database URL (default: H4OG_REGISTRY_URL)"))
    p.add_argument("--demo", action="store_true", help=_("publish the embedded demo registry"))
    # The event's own title, chosen by its organizers: a name, not interface text.
    p.add_argument("--title", default="Hack4OpenGLAM: Showcase", help=_("the pages' title"))
    p.add_argument("--apps-url",
                   help=_("where `h4og serve` runs, to link its apps from the pages"))
    p.add_argument("--base-url", help=_("the public address of the folder (Open Graph links)"))
    p.set_defaults(func=cmd_publish)

    add_registry_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``h4og`` in the terminal's language (the parser is built after it is set)."""
    i18n.set_language(i18n.command_line_language())
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ImportError as exc:
        from h4og_kit.registry.engine import MissingDriver  # loaded already when it was raised

        if not isinstance(exc, MissingDriver):
            raise
        print_error(str(exc))  # one line that says what to install, not a traceback
        return 1


if __name__ == "__main__":
    sys.exit(main())
