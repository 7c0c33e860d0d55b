"""The ``h4og registry`` sub-commands for the event's own data: ``import-event`` (dribdat,
hackathon.json, the 2021 dashboard, a registration sheet), ``sync`` (projects' repositories) and
``announce`` (the event screen). :func:`add_event_commands` adds them to the parser of
:mod:`h4og_kit.registry.cli`; they share its options (:mod:`h4og_kit.registry.cli_args`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from h4og_kit.i18n import gettext as _
from h4og_kit.i18n import number
from h4og_kit.registry.cli_args import add_token_option, open_registry, token_of
from h4og_kit.registry.event_import import FORMATS as EVENT_FORMATS


def cmd_import_event(args: argparse.Namespace) -> int:
    from h4og_kit.registry.event_import import import_event

    report = import_event(open_registry(args), args.path, args.source_format, mapping=args.mapping,
                          dry_run=args.dry_run, token=token_of(args))
    print(report.summary())
    return 1 if report.rejected else 0


def cmd_sync(args: argparse.Namespace) -> int:
    from h4og_kit.registry.repositories import sync

    report = sync(open_registry(args), args.project, progress=sys.stderr.isatty())
    print(report.summary())
    return 1 if report.failed or report.limited or report.offline else 0


def cmd_announce(args: argparse.Namespace) -> int:
    from h4og_kit.registry.announcements import announce, withdraw

    registry = open_registry(args)
    if args.withdraw is not None:
        withdraw(registry, args.withdraw, token=token_of(args))
        print(_("announcement {number} withdrawn").format(number=number(args.withdraw)))
        return 0
    if not args.text:
        raise SystemExit(_("say what to announce, e.g. h4og registry announce \"Lunch is served\""))
    made = announce(registry, args.text, language=args.language, token=token_of(args))
    print(_("announcement {number} is on the event screen").format(number=number(made.id)))
    return 0


def add_event_commands(command) -> None:
    """Add ``import-event``, ``sync`` and ``announce`` with ``command(name, func, help)`` (the
    registry parser's)."""
    p = command("import-event", cmd_import_event,
                _("import an event's data from dribdat, hackathon.json or the 2021 dashboard "
                  "(organizer token); importing the same file again creates nothing new"))
    p.add_argument("path", type=Path)
    p.add_argument("--from", dest="source_format", required=True,
                   choices=tuple(EVENT_FORMATS))
    p.add_argument("--mapping", type=Path,
                   help=_("the JSON file that maps a sheet's columns to entry fields (csv only)"))
    p.add_argument("--dry-run", action="store_true",
                   help=_("say what would be created, updated and rejected, and change nothing"))
    add_token_option(p)

    p = command("sync", cmd_sync,
                _("fetch the README summary, last activity, good first issues and latest release "
                  "of published projects whose source link is on GitHub, GitLab or Codeberg"))
    p.add_argument("--project", action="append",
                   help=_("only this project (repeatable)"))

    p = command("announce", cmd_announce,
                _("show an announcement on the event screen (organizer token)"))
    p.add_argument("text", nargs="?")
    p.add_argument("--language", help=_("the announcement's language tag, e.g. fi"))
    p.add_argument("--withdraw", type=int, metavar="NUMBER",
                   help=_("take announcement NUMBER off the screen"))
    add_token_option(p)
