"""``domainrules diff``: what a new set of RAM policies allows that the old one did not.

Exit status: 0 no new access, 1 new access (each region printed with a witness and the
statements responsible), 2 bad input, 3 undecided within the state budget.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK, CliError, add_json_option, dump_json
from domainrules.cli._policies import catalog, load_policies
from domainrules.ram import (
    CATALOGS,
    DEFAULT_MAX_STATES,
    Catalog,
    Policy,
    Region,
    Request,
    compare,
    plain_value,
)

__all__ = [
    "EXIT_UNDECIDED",
    "add_analysis_options",
    "policy_files",
    "print_regions",
    "region_json",
    "register",
    "run",
]

#: The analysis could not decide within its state budget.
EXIT_UNDECIDED = 3

HELP = "compare two sets of RAM policies: the access the new set adds (exit 1: new access)"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help=HELP,
        description=HELP + ". OLD and NEW are policy files or folders of *.json policies "
        "(all pooled, as RAM pools the policies of a user and its groups). Each region of "
        "new access is shown with a request that proves it and the statements responsible. "
        "Exit 0: no new access; 1: new access; 2: bad input; 3: undecided within the budget.",
    )
    parser.add_argument("old", metavar="OLD", help="the policy file or folder before the change")
    parser.add_argument("new", metavar="NEW", help="the policy file or folder after the change")
    parser.add_argument(
        "--lost", action="store_true", help="also show the access the change removes"
    )
    add_analysis_options(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="NAME",
        default=None,
        help="only count requests a Domains API call can make under this catalog "
        f"({', '.join(sorted(CATALOGS))}); default: any action and resource",
    )
    parser.add_argument(
        "--max-states",
        metavar="N",
        type=int,
        default=DEFAULT_MAX_STATES,
        help=f"the automaton state budget per dimension (default {DEFAULT_MAX_STATES})",
    )


def universe(args: argparse.Namespace) -> Catalog | None:
    if args.max_states < 1:
        raise CliError(f"--max-states must be at least 1, not {args.max_states}")
    return None if args.catalog is None else catalog(args.catalog)


def policy_files(path: str) -> list[str]:
    """A policy file, or every ``*.json`` file under a folder (sorted)."""
    if not os.path.isdir(path):
        return [path]
    found = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(path)
        for name in names
        if name.endswith(".json")
    )
    if not found:
        raise CliError(f"{path}: no *.json policy in this folder")
    return found


def load(path: str) -> list[Policy]:
    return load_policies(policy_files(path))


def request_json(request: Request) -> dict[str, Any]:
    return {
        "action": request.action,
        "resource": request.resource,
        "context": {
            key: [plain_value(v) for v in values] for key, values in request.context.items()
        },
    }


def region_json(region: Region) -> dict[str, Any]:
    return {
        "actions": list(region.actions),
        "resources": list(region.resources),
        "conditions": list(region.conditions),
        "allowed_by": [_ref(r) for r in region.allowed_by],
        "denied_by": [_ref(r) for r in region.denied_by],
        "witnesses": [request_json(w) for w in region.witnesses],
    }


def _ref(ref: Any) -> dict[str, Any]:
    return {"policy": ref.policy, "statement": ref.index, "sid": ref.sid, "effect": ref.effect}


def _witness_text(request: Request) -> str:
    text = f"{request.action} on {request.resource}"
    if request.context:
        pairs = ", ".join(
            f"{k}={'|'.join(str(plain_value(v)) for v in values)}"
            for k, values in request.context.items()
        )
        text += f" with {pairs}"
    return text


def print_regions(regions: tuple[Region, ...], *, other: str) -> None:
    """Each region: the statements that allow it, what denies it elsewhere, a witness."""
    for number, region in enumerate(regions, 1):
        by = ", ".join(str(r) for r in region.allowed_by) or "-"
        against = ", ".join(str(r) for r in region.denied_by) or "denied by default"
        print(f"region {number}: allowed by {by}")
        print(f"  {other}: {against}")
        print(f"  actions:    {', '.join(region.actions)}")
        print(f"  resources:  {', '.join(region.resources)}")
        if region.conditions:
            print(f"  conditions: {'; '.join(region.conditions)}")
        for witness in region.witnesses:
            print(f"  witness:    {_witness_text(witness)}")


def run(args: argparse.Namespace) -> int:
    chosen = universe(args)
    old, new = load(args.old), load(args.new)
    result = compare(old, new, catalog=chosen, max_states=args.max_states)
    if args.json:
        dump_json(
            {
                "relation": result.relation.value,
                "new_access": [region_json(r) for r in result.new_access],
                "lost_access": [region_json(r) for r in result.lost_access],
                "reasons": list(result.reasons),
            }
        )
    else:
        print(f"{args.old} -> {args.new}: {result.relation.value}")
        if result.new_access:
            print(f"\nnew access: {len(result.new_access)} region(s)")
            print_regions(result.new_access, other="before")
        if args.lost and result.lost_access:
            print(f"\nlost access: {len(result.lost_access)} region(s)")
            print_regions(result.lost_access, other="after")
        elif result.lost_access:
            print(f"\n{len(result.lost_access)} region(s) of lost access (--lost shows them)")
        for reason in result.reasons:
            print(f"undecided: {reason}")
    if result.new_access:
        return EXIT_DENIED
    if result.reasons:
        return EXIT_UNDECIDED
    return EXIT_OK
