"""The ``h4og registry ...`` sub-commands (argparse), for organizers and scripted setups.

    h4og registry [--url URL] init | add KIND | update ID | list | show ID | history ID
                  | revert ID VERSION | hide ID | lock | export PATH | import PATH
                  | import-event PATH --from FORMAT [--mapping FILE] [--dry-run]
                  | sync [--project ID] | announce TEXT | seed-demo

``--url`` defaults to ``H4OG_REGISTRY_URL`` or the SQLite file in the data directory (for
``seed-demo``: the demo registry's own file, which ``h4og serve --demo`` shows; it says so, and
where that file is). Field values are given as ``--set NAME=VALUE``
(VALUE is read as JSON when it is JSON, e.g. ``--set 'skills=["Python","SPARQL"]'``, else as
text) and/or ``--json FILE`` (``-`` for standard input). For yes/no fields (``contact_consent``), ``--set`` also takes the words
``yes``/``no`` (and ``true``/``false``, any case), which are read here, where terminal text is parsed;
the registry itself takes only true or false.

Tokens: ``add`` prints the new entry's edit token once, on standard output, and it is never
logged. Other commands take the token from ``--token``, else ``H4OG_EDIT_TOKEN``, else the
organizer token ``H4OG_ADMIN_TOKEN`` (environment or .env). Prefer the variables: a token on the
command line can be seen by other users of the machine.

Messages, results and help speak the current language (the ``h4og`` command sets it from the
terminal); what the registry holds (ids, kinds, stages, statuses, field names and values) is
printed as it is. :func:`print_error` and :func:`number` serve the whole ``h4og`` command.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from h4og_kit.i18n import N_, ngettext, number
from h4og_kit.i18n import gettext as _
from h4og_kit.registry.cli_args import add_token_option, open_registry, token_of
from h4og_kit.registry.errors import (
    ConflictError,
    RegistryError,
    StageCheckFailed,
    ValidationError,
)
from h4og_kit.registry.event_commands import add_event_commands

log = logging.getLogger("h4og_kit")

KIND_HELP = N_("person, project, collection, tool, workshop or challenge")
#: Words a person types for yes or no in ``--set NAME=VALUE`` of a yes/no field.
YES_NO_WORDS = {"true": True, "yes": True, "false": False, "no": False}
EXPORT_FORMATS = ("datapackage", "json", "csv", "html")
#: Exports for other tools, public data only (h4og_kit.registry.event_export).
EVENT_EXPORT_FORMATS = ("hackathon-json", "dribdat")
#: What ``hide`` says an entry is now, by its status.
NOW_STATUS = {
    "hidden": N_("{id} is now hidden"),
    "published": N_("{id} is now published"),
    "draft": N_("{id} is now a draft"),
}


def print_error(message: str) -> None:
    """Tell the person at the terminal what went wrong (standard error, ``error: ...``)."""
    print(_("error: {message}").format(message=message), file=sys.stderr)


def _assignment(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(
            _("expected NAME=VALUE, got {text}").format(text=repr(text)))
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = raw  # numbers stay text as typed ("2021" is a title, not a number)
    return name, value


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.json:
        text = sys.stdin.read() if args.json == "-" else Path(args.json).read_text(encoding="utf-8")
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise ValidationError(
                {"entry": _("the JSON must be an object of field names to values")})
        fields.update(loaded)
    yes_no = _yes_no_fields()
    for name, value in args.set or []:
        if name in yes_no and isinstance(value, str) and value.strip().lower() in YES_NO_WORDS:
            value = YES_NO_WORDS[value.strip().lower()]
        fields[name] = value
    return fields


def _yes_no_fields() -> frozenset[str]:
    """The names of the registry's yes/no (boolean) fields, in any kind."""
    from h4og_kit.registry.models import KINDS

    return frozenset(name for model in KINDS.values()
                     for name, info in model.model_fields.items() if info.annotation is bool)


def _print_entry(entry: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(entry.to_dict(), ensure_ascii=False, indent=1))
        return
    head = _("{id} ({kind}) version {version}, updated {updated}").format(
        id=entry.id, kind=entry.kind, version=entry.version, updated=entry.updated)
    states = [state for on, state in ((entry.featured, _("featured")), (entry.locked, _("locked")))
              if on]
    print(", ".join([head, *states]))
    for name, value in entry.fields.items():
        if value in (None, "", [], {}) or (isinstance(value, dict) and not any(value.values())):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        print(f"  {name}: {value}")


def cmd_init(args: argparse.Namespace) -> int:
    registry = open_registry(args)
    print(_("registry ready: {registry}").format(registry=repr(registry)))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    entry, token = open_registry(args).register(args.kind, _fields(args), token=token_of(args))
    print(_("added {id} ({kind}), version {version}").format(
        id=entry.id, kind=entry.kind, version=entry.version))
    print(_("edit token (shown only now; keep it secret, it lets you change this entry): {token}")
          .format(token=token))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    changes = _fields(args)
    if not changes:
        print_error(_("nothing to change: give --set NAME=VALUE or --json FILE"))
        return 2
    entry = open_registry(args).update(
        args.id, changes, token=token_of(args), expected_version=args.expected_version
    )
    print(_("saved {id}, now version {version}").format(id=entry.id, version=entry.version))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    entries = open_registry(args).search(
        text=args.text, kind=args.kind, tags=args.tag, stage=args.stage, language=args.language,
        status=args.status, limit=args.limit,
    )
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        where = e.fields.get("stage") or e.fields["status"]
        star = "*" if e.featured else " "
        print(f"{star}{e.id:34} {e.kind:10} {where:10} {e.fields['title']}")
    print(ngettext("{count} entry", "{count} entries", len(entries))
          .format(count=number(len(entries))))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    _print_entry(open_registry(args).get(args.id, token=token_of(args)), args.json)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    versions = open_registry(args).history(args.id, token=token_of(args))
    if args.json:
        print(json.dumps(
            [{"version": v.number, "saved": v.saved, "actor": v.actor, "action": v.action,
              "changed": v.changed, "fields": v.entry.fields} for v in versions],
            ensure_ascii=False, indent=1,
        ))
        return 0
    for v in versions:
        line = (_("v{number:<4} {saved}  {action:9} by {actor:24} {changed} stage {before} -> "
                  "{after}") if v.stage_before != v.stage_after
                else _("v{number:<4} {saved}  {action:9} by {actor:24} {changed}"))
        print(line.format(number=v.number, saved=v.saved, action=v.action, actor=v.actor,
                          changed=", ".join(v.changed), before=v.stage_before,
                          after=v.stage_after).rstrip())
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    entry = open_registry(args).revert(args.id, args.version, token=token_of(args))
    print(_("{id} now has the fields of version {old} as version {version}").format(
        id=entry.id, old=args.version, version=entry.version))
    return 0


def cmd_hide(args: argparse.Namespace) -> int:
    entry = open_registry(args).hide(args.id, token_of(args), hidden=not args.show)
    print(_(NOW_STATUS[entry.fields["status"]]).format(id=entry.id))
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    open_registry(args).lock(token_of(args), locked=not args.unlock, entry_id=args.entry)
    if args.entry:
        done = (_("{id}: editing unlocked") if args.unlock else _("{id}: editing locked"))
    else:
        done = (_("the event: editing unlocked") if args.unlock else
                _("the event: editing locked"))
    print(done.format(id=args.entry))
    return 0


def _event_export(args: argparse.Namespace) -> Path:
    from h4og_kit.registry import event_export

    event = {"name": args.event_name} if args.event_name else None
    if args.format == "dribdat":
        return event_export.dribdat_datapackage(open_registry(args), args.path, base_url=args.base_url,
                                                event=event)
    data = event_export.hackathon_json(open_registry(args), base_url=args.base_url, event=event)
    args.path.parent.mkdir(parents=True, exist_ok=True)
    args.path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return args.path


def cmd_export(args: argparse.Namespace) -> int:
    from h4og_kit.registry.archive import export

    if args.format in EVENT_EXPORT_FORMATS and args.private:
        print_error(_("{format} holds public data only: leave out --private").format(
            format=args.format))
        return 2
    if args.format in EVENT_EXPORT_FORMATS:
        path = _event_export(args)
    else:
        path = export(open_registry(args), args.path, fmt=args.format, private=args.private,
                      token=token_of(args))
    done = (_("exported ({format}, with private fields) to {path}") if args.private
            else _("exported ({format}) to {path}"))
    print(done.format(format=args.format, path=path))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from h4og_kit.registry.archive import import_

    count = import_(open_registry(args), args.path)
    print(ngettext("imported {count} entry with its history",
                   "imported {count} entries with their history", count)
          .format(count=number(count)))
    return 0


def _where(url: str) -> str:
    """Where a registry URL keeps its data, for people: a SQLite file's path, else the URL
    without its password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return str(Path(parsed.database).expanduser())
    return parsed.render_as_string(hide_password=True)


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Seed the demo registry: by default its own SQLite file, the one ``h4og serve --demo``
    shows, never ``H4OG_REGISTRY_URL`` (the event's registry, whose public pages must not fill
    with demo entries); ``--url`` chooses another. The output says which, and where it is."""
    from h4og_kit.config import settings
    from h4og_kit.registry.demo import default_demo_url, demo_registry

    url = args.url or default_demo_url()
    registry = demo_registry(url)
    counts = registry.counts()["kind"]
    print(_("The demo entries are in {where}: {counts}").format(
        where=_where(url), counts=", ".join(f"{n} {k}" for k, n in sorted(counts.items()))))
    if args.url:
        return 0
    print(_("This is the demo registry that h4og serve --demo shows, apart from the event's "
            "registry."))
    if settings().registry_url:
        print(_("H4OG_REGISTRY_URL is not used here, so no demo entry appears in the event's "
                "registry; to put them there anyway, give its URL: {command}").format(
            command="h4og registry --url URL seed-demo"))
    return 0


def _guarded(command):
    """Run a command; registry errors become a message on stderr and exit status 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except ValidationError as exc:
            print_error(_("not saved:"))
            for name, message in exc.errors.items():
                print(f"  {name}: {message}", file=sys.stderr)
            return 1
        except StageCheckFailed as exc:
            print_error(_("cannot move to {stage}; missing:").format(stage=repr(exc.stage)))
            for item in exc.missing:
                print(f"  - {item}", file=sys.stderr)
            return 1
        except ConflictError as exc:
            print_error(str(exc))
            return 3
        except (RegistryError, ValueError, OSError) as exc:
            print_error(str(exc))
            return 1
        except Exception as exc:  # an organizer gets a message, never a traceback
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            log.debug("h4og registry: unexpected error", exc_info=True)
            detail = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
            print_error(_("something unexpected went wrong ({detail}); the command stopped. If it "
                          "keeps happening, please report it to the h4og-kit maintainers.")
                        .format(detail=detail))
            return 1

    return run


def _add_field_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", type=_assignment, metavar="NAME=VALUE",
                   help=_("a field value (JSON or text); repeatable"))
    p.add_argument("--json", metavar="FILE",
                   help=_("fields as a JSON object ('-': standard input)"))


def add_registry_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``registry`` and its sub-commands to the ``h4og`` parser's ``subparsers``, their help
    in the current language.

    Each sub-command sets ``func`` (``args -> exit status``).
    """
    registry = subparsers.add_parser(
        "registry", help=_("the hackathon registry: add, update, list, export ..."),
        description=_("The hackathon registry's entries, for organizers and scripted setups: "
                      "add, change, list, show, hide, lock, export and import them."),
    )
    registry.add_argument("--url", help=_("registry database URL (default: H4OG_REGISTRY_URL or "
                                          "the SQLite file in the data directory)"))
    sub = registry.add_subparsers(dest="registry_command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(func=_guarded(func))
        return p

    kinds = _(KIND_HELP)
    show_json = _("print JSON")
    command("init", cmd_init, _("create the registry (or upgrade its schema)"))

    p = command("add", cmd_add, _("register an entry; prints its edit token once"))
    p.add_argument("kind", help=kinds)
    _add_field_options(p)
    add_token_option(p)

    p = command("update", cmd_update, _("change fields of an entry"))
    p.add_argument("id")
    _add_field_options(p)
    add_token_option(p)
    p.add_argument("--expected-version", type=int,
                   help=_("refuse if someone saved after this version"))

    p = command("list", cmd_list, _("list or search entries"))
    p.add_argument("--kind", help=kinds)
    p.add_argument("--text", help=_("words that must all occur"))
    p.add_argument("--tag", action="append", help=_("a keyword (repeatable, all must match)"))
    p.add_argument("--stage", help=_("a project stage"))
    p.add_argument("--language", help=_("a language tag, e.g. fi"))
    p.add_argument("--status", choices=("draft", "published", "hidden"))
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true", help=show_json)

    p = command("show", cmd_show, _("show one entry"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=show_json)
    add_token_option(p)

    p = command("history", cmd_history, _("list every version of an entry"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=show_json)
    add_token_option(p)

    p = command("revert", cmd_revert, _("save an earlier version again as the newest"))
    p.add_argument("id")
    p.add_argument("version", type=int)
    add_token_option(p)

    p = command("hide", cmd_hide, _("hide an entry (organizers); --show shows it again"))
    p.add_argument("id")
    p.add_argument("--show", action="store_true")
    add_token_option(p)

    p = command("lock", cmd_lock, _("lock editing for the event or one entry (organizers)"))
    p.add_argument("--unlock", action="store_true")
    p.add_argument("--entry", help=_("lock only this entry"))
    add_token_option(p)

    p = command("export", cmd_export, _("export the registry"))
    p.add_argument("path", type=Path,
                   help=_("a folder (datapackage, csv) or file (json, html)"))
    p.add_argument("--format", choices=EXPORT_FORMATS + EVENT_EXPORT_FORMATS,
                   default="datapackage",
                   help=_("hackathon-json (schema.org Hackathon) and dribdat (a dribdat Data "
                          "Package) are for other hackathon tools, public data only"))
    p.add_argument("--private", action="store_true",
                   help=_("include hidden and draft entries, e-mails and token hashes "
                          "(organizer token)"))
    p.add_argument("--base-url", help=_("the public showcase's address, for links to entries "
                                        "(hackathon-json, dribdat)"))
    p.add_argument("--event-name", help=_("the event's name (hackathon-json, dribdat)"))

    p = command("import", cmd_import,
                _("restore a json or datapackage export into an empty registry"))
    p.add_argument("path", type=Path)

    add_event_commands(command)

    command("seed-demo", cmd_seed_demo,
            _("put the labelled demo entries into the demo registry, its own SQLite file that "
              "h4og serve --demo shows (not H4OG_REGISTRY_URL), or into --url; nothing is added "
              "twice"))
    return registry
