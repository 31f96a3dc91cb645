"""``domainrules timeline``: every phase and date of one domain after its expiry."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from typing import Any

from domainrules.cli._output import (
    EXIT_OK,
    CliError,
    add_json_option,
    add_rules_option,
    dump_json,
    instant_option,
    rule_set,
    table,
)
from domainrules.cli._registry_timeline import add_registry_options, registry_part
from domainrules.cli.svg import domain_timeline_svg
from domainrules.lifecycle import Lifecycle, Phase, Span, lifecycle_of

__all__ = ["register", "report", "run"]

HELP = "phases, milestones and what is permitted for one domain"


def register(commands: Any) -> None:
    parser = commands.add_parser("timeline", help=HELP, description=HELP + ".")
    parser.add_argument(
        "name", metavar="NAME", help="the domain name (any case, Unicode or A-labels)"
    )
    parser.add_argument(
        "--expires",
        metavar="INSTANT",
        required=True,
        help="the expiry instant, ISO 8601 with an offset (2025-03-01T06:00:00+08:00)",
    )
    parser.add_argument(
        "--at", metavar="INSTANT", help="the instant to ask about (default: now, UTC)"
    )
    add_rules_option(parser)
    add_json_option(parser)
    parser.add_argument(
        "--svg",
        action="store_true",
        help="draw the phases on a time axis of real dates, with a marker at --at (now); "
        "with --registry, the registrar's phases above the registry's states",
    )
    add_registry_options(parser)
    parser.set_defaults(run=run)


def _utc(instant: datetime | None) -> str:
    return "-" if instant is None else instant.isoformat()


def _days(span: Span) -> str:
    d = span.days
    if span.start is None:
        return f"until {d.last_day}"
    if span.end is None:
        return f"from day {d.first_day_number} ({d.first_day})"
    return f"days {d.first_day_number}-{d.last_day_number} ({d.first_day} .. {d.last_day})"


def _next_step(life: Lifecycle, at: datetime) -> str:
    """ "renew by <instant> (<n> days left)", from the library's deadline for the phase."""
    deadline = life.deadline_at(at)
    if deadline is None:
        return "nothing keeps it now: it is gone"
    verb = "redeem" if life.phase_at(at) is Phase.REDEMPTION else "renew"
    days = (deadline - at) // timedelta(days=1)
    return f"{verb} by {deadline.isoformat()} ({days} day{'' if days == 1 else 's'} left)"


def report(life: Lifecycle, at: datetime) -> dict[str, Any]:
    """Everything ``timeline`` says, as JSON-ready data."""
    possible = life.possible_phases_at(at)
    phase = life.phase_at(at)
    return {
        "name": life.name.ascii,
        "unicode": life.name.unicode,
        "family": life.family.name,
        "zone": life.family.lifecycle.zone,
        "then": life.family.lifecycle.then,
        "expires_at": life.expires_at,
        "milestones": life.milestones,
        "spans": [
            {
                "phase": span.phase,
                "start": span.start,
                "end": span.end,
                "first_day": span.days.first_day,
                "last_day": span.days.last_day,
                "first_day_number": span.days.first_day_number,
                "last_day_number": span.days.last_day_number,
            }
            for span in life.spans
        ],
        "reminders": [
            {"kind": r.kind, "due_at": r.due_at, "deadline": r.deadline} for r in life.reminders
        ],
        "pre_release": None
        if life.pre_release is None
        else {
            "from": life.pre_release_from,
            "holder_may_redeem": life.pre_release.holder_may_redeem,
            # Not redeemed, a listed domain goes to the winning bidder then.
            "winning_bidder_gets_it_at": life.redemption_ends_at,
        },
        "at": at,
        "phase": phase,
        "possible_phases": sorted(possible, key=lambda p: p.rank),
        "uncertain": len(possible) > 1,
        "permitted": sorted(op.value for op in life.permitted_at(at)),
        "resolution": life.resolution_at(at),
        "may_be_pre_released": life.may_be_pre_released_at(at),
        "phase_ends_at": life.phase_ends_at(at),
        "deadline": life.deadline_at(at),
    }


def run(args: argparse.Namespace) -> int:
    rules = rule_set(args.rules)
    expires = instant_option(args.expires, "--expires")
    at = instant_option(args.at, "--at")
    life = lifecycle_of(args.name, expires, rules=rules)
    data = report(life, at)
    if args.svg and args.json:
        raise CliError("--svg and --json: choose one")
    registry = registry_part(args, life, rules, at)
    if args.svg:
        if registry is not None and registry.svg is not None:
            sys.stdout.write(registry.svg)
        else:
            sys.stdout.write(
                domain_timeline_svg(life, at, now_label="now" if args.at is None else "at")
            )
        return EXIT_OK
    if args.json:
        data["rules"] = rules.name
        if registry is not None:
            data["registry"] = registry.data
        dump_json(data)
        return EXIT_OK
    name = life.name.unicode if life.name.is_idn else life.name.ascii
    if life.name.is_idn:
        name += f" ({life.name.ascii})"
    zone = life.family.lifecycle.zone
    print(f"{name}: family {life.family.name}, rule set {rules.name}; registry zone {zone}")
    print(f"expires {life.expires_at.isoformat()}; then {life.family.lifecycle.then.value}")
    print()
    print(
        table(
            ["phase", "from (UTC)", "until (UTC)", f"days after expiry ({zone})"],
            [(s.phase.value, _utc(s.start), _utc(s.end), _days(s)) for s in life.spans],
        )
    )
    print()
    print(
        table(
            ["milestone", "UTC"],
            [
                (k.replace("pre_release", "pre-release").replace("_", " "), v.isoformat())
                for k, v in data["milestones"].items()
            ],
        )
    )
    print()
    if life.pre_release is not None:
        print(
            f"pre-release: from {_utc(life.pre_release_from)} the registrar may put it on its "
            f"pre-release (auction) list; not redeemed by {_utc(life.redemption_ends_at)}, "
            "it goes to the winning bidder"
        )
        print()
    possible = data["possible_phases"]
    certainty = (
        f"uncertain: it may be {' or '.join(p.value for p in possible)}, as the redemption "
        f"boundaries may be off by up to {life.family.lifecycle.redemption_tolerance.total_seconds() / 3600:g} hours"
        if data["uncertain"]
        else "certain"
    )
    print(f"at {at.isoformat()}:")
    print(f"  phase       {data['phase'].value} ({certainty})")
    print(f"  permitted   {', '.join(data['permitted']) or 'nothing'}")
    print(f"  DNS         {data['resolution'].value}")
    print(f"  next        {_next_step(life, at)}")
    if data["may_be_pre_released"]:
        print(
            f"  pre-release may be listed for auction: redeem by "
            f"{_utc(life.redemption_ends_at)} or the winning bidder gets it"
        )
    if registry is not None:
        print()
        print(registry.text)
    return EXIT_OK
