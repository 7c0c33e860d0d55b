"""The ``h4og registry ...`` sub-commands (argparse), for organizers and scripted setups.

    h4og registry [--url URL] init | add KIND | update ID | list | show ID | history ID
                  | revert ID VERSION | hide ID | lock | export PATH | import PATH | seed-demo

``--url`` defaults to ``H4OG_REGISTRY_URL`` or the SQLite file in the data directory (for
``seed-demo``: the demo registry's own file). Field values are given as ``--set NAME=VALUE``
(VALUE is read as JSON when it is JSON, e.g. ``--set 'skills=["Python","SPARQL"]'``, else as
text) and/or ``--json FILE`` (``-`` for standard input). For yes/no fields (``contact_consent``), ``--set`` also takes the words
``yes``/``no`` (and ``true``/``false``, any case), which are read here, where terminal text is parsed;
the registry itself takes only true or false.

Tokens: ``add`` prints the new entry's edit token once, on standard output, and it is never
logged. Other commands take the token from ``--token``, else ``H4OG_EDIT_TOKEN``, else the
organizer token ``H4OG_ADMIN_TOKEN`` (environment or .env). Prefer the variables: a token on the
command line can be seen by other users of the machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from h4og_kit.registry.errors import (
    ConflictError,
    RegistryError,
    StageCheckFailed,
    ValidationError,
)

log = logging.getLogger("h4og_kit")

KIND_HELP = "person, project, collection, tool, workshop or challenge"
#: Words a person types for yes or no in ``--set NAME=VALUE`` of a yes/no field.
YES_NO_WORDS = {"true": True, "yes": True, "false": False, "no": False}
EXPORT_FORMATS = ("datapackage", "json", "csv", "html")


def _open(args: argparse.Namespace):
    from h4og_kit.registry.store import Registry

    return Registry(args.url)


def _token(args: argparse.Namespace) -> str | None:
    if getattr(args, "token", None):
        return args.token
    from h4og_kit.config import secret

    return os.environ.get("H4OG_EDIT_TOKEN") or secret("H4OG_ADMIN_TOKEN")


def _assignment(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
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
            raise ValidationError({"entry": "the JSON must be an object of field names to values"})
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
    print(f"{entry.id} ({entry.kind}) version {entry.version}, updated {entry.updated}"
          + (", featured" if entry.featured else "") + (", locked" if entry.locked else ""))
    for name, value in entry.fields.items():
        if value in (None, "", [], {}) or (isinstance(value, dict) and not any(value.values())):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        print(f"  {name}: {value}")


def cmd_init(args: argparse.Namespace) -> int:
    registry = _open(args)
    print(f"registry ready: {registry!r}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    entry, token = _open(args).register(args.kind, _fields(args), token=_token(args))
    print(f"added {entry.id} ({entry.kind}), version {entry.version}")
    print(f"edit token (shown only now; keep it secret, it lets you change this entry): {token}")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    changes = _fields(args)
    if not changes:
        print("error: nothing to change: give --set NAME=VALUE or --json FILE", file=sys.stderr)
        return 2
    entry = _open(args).update(
        args.id, changes, token=_token(args), expected_version=args.expected_version
    )
    print(f"saved {entry.id}, now version {entry.version}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    entries = _open(args).search(
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
    print(f"{len(entries)} entries")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    _print_entry(_open(args).get(args.id, token=_token(args)), args.json)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    versions = _open(args).history(args.id, token=_token(args))
    if args.json:
        print(json.dumps(
            [{"version": v.number, "saved": v.saved, "actor": v.actor, "action": v.action,
              "changed": v.changed, "fields": v.entry.fields} for v in versions],
            ensure_ascii=False, indent=1,
        ))
        return 0
    for v in versions:
        stage = f" stage {v.stage_before} -> {v.stage_after}" if v.stage_before != v.stage_after else ""
        print(f"v{v.number:<4} {v.saved}  {v.action:9} by {v.actor:24} {', '.join(v.changed)}{stage}")
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    entry = _open(args).revert(args.id, args.version, token=_token(args))
    print(f"{entry.id} now has the fields of version {args.version} as version {entry.version}")
    return 0


def cmd_hide(args: argparse.Namespace) -> int:
    entry = _open(args).hide(args.id, _token(args), hidden=not args.show)
    print(f"{entry.id} is now {entry.fields['status']}")
    return 0


def cmd_lock(args: argparse.Namespace) -> int:
    _open(args).lock(_token(args), locked=not args.unlock, entry_id=args.entry)
    what = args.entry or "the event"
    print(f"{what}: editing {'unlocked' if args.unlock else 'locked'}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from h4og_kit.registry.archive import export

    path = export(_open(args), args.path, fmt=args.format, private=args.private, token=_token(args))
    print(f"exported ({args.format}{', with private fields' if args.private else ''}) to {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from h4og_kit.registry.archive import import_

    count = import_(_open(args), args.path)
    print(f"imported {count} entries with their history")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from h4og_kit.registry.demo import default_demo_url, demo_registry

    registry = demo_registry(args.url or default_demo_url())
    counts = registry.counts()["kind"]
    print(f"demo registry {registry!r}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


def _guarded(command):
    """Run a command; registry errors become a message on stderr and exit status 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except ValidationError as exc:
            print("error: not saved:", file=sys.stderr)
            for name, message in exc.errors.items():
                print(f"  {name}: {message}", file=sys.stderr)
            return 1
        except StageCheckFailed as exc:
            print(f"error: cannot move to {exc.stage!r}; missing:", file=sys.stderr)
            for item in exc.missing:
                print(f"  - {item}", file=sys.stderr)
            return 1
        except ConflictError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 3
        except (RegistryError, ValueError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:  # an organizer gets a message, never a traceback
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            log.debug("h4og registry: unexpected error", exc_info=True)
            print(f"error: something unexpected went wrong ({type(exc).__name__}"
                  f"{': ' + first if first else ''}); the command stopped. If it keeps happening, "
                  "please report it to the h4og-kit maintainers.", file=sys.stderr)
            return 1

    return run


def _add_field_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", type=_assignment, metavar="NAME=VALUE",
                   help="a field value (JSON or text); repeatable")
    p.add_argument("--json", metavar="FILE", help="fields as a JSON object ('-': standard input)")


def _add_token_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--token", help="edit or organizer token (default: H4OG_EDIT_TOKEN, then "
                   "H4OG_ADMIN_TOKEN)")


def add_registry_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``registry`` and its sub-commands to the ``h4og`` parser's ``subparsers``.

    Each sub-command sets ``func`` (``args -> exit status``).
    """
    registry = subparsers.add_parser(
        "registry", help="the hackathon registry: add, update, list, export ...",
        description=__doc__.split("\n\n")[0],
    )
    registry.add_argument("--url", help="registry database URL (default: H4OG_REGISTRY_URL or "
                          "the SQLite file in the data directory)")
    sub = registry.add_subparsers(dest="registry_command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(func=_guarded(func))
        return p

    command("init", cmd_init, "create the registry (or upgrade its schema)")

    p = command("add", cmd_add, "register an entry; prints its edit token once")
    p.add_argument("kind", help=KIND_HELP)
    _add_field_options(p)
    _add_token_option(p)

    p = command("update", cmd_update, "change fields of an entry")
    p.add_argument("id")
    _add_field_options(p)
    _add_token_option(p)
    p.add_argument("--expected-version", type=int, help="refuse if someone saved after this version")

    p = command("list", cmd_list, "list or search entries")
    p.add_argument("--kind", help=KIND_HELP)
    p.add_argument("--text", help="words that must all occur")
    p.add_argument("--tag", action="append", help="a keyword (repeatable, all must match)")
    p.add_argument("--stage", help="a project stage")
    p.add_argument("--language", help="a language tag, e.g. fi")
    p.add_argument("--status", choices=("draft", "published", "hidden"))
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("show", cmd_show, "show one entry")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_token_option(p)

    p = command("history", cmd_history, "list every version of an entry")
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_token_option(p)

    p = command("revert", cmd_revert, "save an earlier version again as the newest")
    p.add_argument("id")
    p.add_argument("version", type=int)
    _add_token_option(p)

    p = command("hide", cmd_hide, "hide an entry (organizers); --show shows it again")
    p.add_argument("id")
    p.add_argument("--show", action="store_true")
    _add_token_option(p)

    p = command("lock", cmd_lock, "lock editing for the event or one entry (organizers)")
    p.add_argument("--unlock", action="store_true")
    p.add_argument("--entry", help="lock only this entry")
    _add_token_option(p)

    p = command("export", cmd_export, "export the registry")
    p.add_argument("path", type=Path, help="a folder (datapackage, csv) or file (json, html)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="datapackage")
    p.add_argument("--private", action="store_true", help="include hidden and draft entries, e-mails and token hashes (organizer token)")

    p = command("import", cmd_import, "restore a json or datapackage export into an empty registry")
    p.add_argument("path", type=Path)

    command("seed-demo", cmd_seed_demo, "create the demo registry (idempotent)")
    return registry
