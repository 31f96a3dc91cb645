"""``domainrules diff``: what a new set of RAM policies allows that the old one did not.

Exit status: 0 no new access, 1 new access (each region printed with a witness and the
statements responsible), 2 bad input, 3 undecided within the analysis budget (``--budget``).
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK, EXIT_UNDECIDED, CliError, dump_json
from domainrules.cli._policies import catalog, load_policies, read_text
from domainrules.cli._positions import json_positions, locate
from domainrules.cli._sarif import SarifResult, sarif_log
from domainrules.cli.lint import add_budget_option, add_format_option, check_budget
from domainrules.ram import (
    CATALOGS,
    DEFAULT_MAX_STATES,
    GLOBAL_KEY_NAMES,
    Catalog,
    Policy,
    Region,
    Request,
    Review,
    StatementChange,
    compare,
    plain_value,
    review,
)

__all__ = [
    "EXIT_UNDECIDED",
    "add_analysis_options",
    "describe",
    "policy_files",
    "print_regions",
    "print_undecided",
    "region_json",
    "register",
    "run",
    "witness_text",
]

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
    add_format_option(parser)
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
        help=f"the most automaton states of any one automaton (default {DEFAULT_MAX_STATES})",
    )
    add_budget_option(parser)


def universe(args: argparse.Namespace) -> Catalog | None:
    check_budget(args)
    return None if args.catalog is None else catalog(args.catalog)


def print_undecided(reasons: tuple[str, ...], exhausted: str | None) -> None:
    """Why the answer is undecided: each reason, then the budget resource that ran out."""
    for reason in reasons:
        print(f"undecided: {reason}")
    if exhausted is not None:
        print(f"exhausted: {exhausted} (a larger --budget may decide)")


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


def _key_names(region: Region) -> dict[str, str]:
    """Lower-cased context key -> as documented (global keys) or as the policy wrote it."""
    names = {c.key.lower(): c.key for c in region.clauses}
    names.update(GLOBAL_KEY_NAMES)
    return names


def _absent(region: Region, request: Request) -> list[str]:
    """The keys the region's conditions name that the witness does not carry: their
    absence is part of why it is allowed, so it is shown."""
    return list(
        dict.fromkeys(c.key for c in region.clauses if c.key.lower() not in request.context)
    )


def request_json(request: Request, region: Region | None = None) -> dict[str, Any]:
    names = _key_names(region) if region is not None else dict(GLOBAL_KEY_NAMES)
    result: dict[str, Any] = {
        "action": request.action,
        "resource": request.resource,
        "context": {
            names.get(key, key): [plain_value(v) for v in values]
            for key, values in request.context.items()
        },
    }
    if region is not None:
        result["absent"] = _absent(region, request)
    return result


def region_json(region: Region) -> dict[str, Any]:
    return {
        "actions": list(region.actions),
        "resources": list(region.resources),
        "conditions": [
            {"key": c.key, "absent": True}
            if c.operator is None
            else {"operator": c.operator, "key": c.key, "values": list(c.values), "holds": c.holds}
            for c in region.clauses
        ],
        "allowed_by": [_ref(r) for r in region.allowed_by],
        "denied_by": [_ref(r) for r in region.denied_by],
        "witnesses": [request_json(w, region) for w in region.witnesses],
    }


def _ref(ref: Any) -> dict[str, Any]:
    return {"policy": ref.policy, "statement": ref.index, "sid": ref.sid, "effect": ref.effect}


def _value(value: Any) -> str:
    # JSON spelling: true/false, not Python's True/False.
    plain = plain_value(value)
    return json.dumps(plain) if isinstance(plain, bool) else str(plain)


def witness_text(request: Request, region: Region | None = None) -> str:
    text = f"{request.action} on {request.resource}"
    names = _key_names(region) if region is not None else dict(GLOBAL_KEY_NAMES)
    pairs = [
        f"{names.get(k, k)}={'|'.join(_value(v) for v in values)}"
        for k, values in request.context.items()
    ]
    if pairs:
        text += f" with {', '.join(pairs)}"
    absent = _absent(region, request) if region is not None else []
    if absent:
        text += f"{' and' if pairs else ''} without {', '.join(absent)}"
    return text


def describe(region: Region) -> str:
    """One line: the actions on the resources (the first witness as an example)."""
    line = f"{', '.join(region.actions)} on {', '.join(region.resources)}"
    if region.conditions:
        line += f" when {'; '.join(region.conditions)}"
    return line


def print_regions(regions: tuple[Region, ...], *, other: str, first: int = 1) -> None:
    """Each region: the statements that allow it, what denies it elsewhere, a witness."""
    for number, region in enumerate(regions, first):
        by = ", ".join(str(r) for r in region.allowed_by) or "-"
        against = ", ".join(str(r) for r in region.denied_by) or "denied by default"
        print(f"region {number}: allowed by {by}")
        print(f"  {other}: {against}")
        print(f"  actions:    {', '.join(region.actions)}")
        print(f"  resources:  {', '.join(region.resources)}")
        if region.conditions:
            print(f"  conditions: {'; '.join(region.conditions)}")
        for witness in region.witnesses:
            print(f"  witness:    {witness_text(witness, region)}")


def _numbers(found: tuple[Region, ...], regions: tuple[Region, ...]) -> str:
    return ", ".join(f"region {regions.index(r) + 1}" for r in found)


def print_summary(
    changes: tuple[StatementChange, ...], reviewed: Review, *, undecided: bool = False
) -> None:
    """Per changed statement: what it adds and what it removes.

    When the analysis was undecided, a statement with no region found is "undecided",
    never "changes no access": the regions not found were not looked for.
    """
    if not changes:
        return
    print("\nchanged statements:")
    for change in changes:
        print(f"  {change.statement} ({change.kind})")
        for region in change.adds:
            print(f"    adds:    {describe(region)}")
        for region in change.removes:
            print(f"    removes: {describe(region)}")
        if not change.adds and not change.removes:
            print("    undecided (see below)" if undecided else "    changes no access")


def sarif_results(reviewed: Review, result: Any, policies: dict[str, str]) -> list[SarifResult]:
    """New access as errors, lost access as notes, each on the statement responsible."""
    found = []
    for change in reviewed.changes:
        ref = change.statement
        path = f"$.Statement[{ref.index}]"
        line, column = locate(_positions(policies, ref.policy), path)
        for kind, level, regions in (
            ("new-access", "error", change.adds),
            ("lost-access", "note", change.removes),
        ):
            for region in regions:
                witness = witness_text(region.witnesses[0], region) if region.witnesses else ""
                verb = "allows" if kind == "new-access" else "no longer allows"
                found.append(
                    SarifResult(
                        kind,
                        level,
                        f"{ref} ({change.kind}) {verb} {describe(region)}; for example {witness}",
                        ref.policy,
                        path,
                        line,
                        column,
                    )
                )
    for reason in result.reasons:
        file = next(iter(policies), "")
        found.append(SarifResult("undecided", "warning", reason, file, "$", 1, 1))
    return found


def _positions(policies: dict[str, str], file: str) -> dict[str, tuple[int, int]]:
    text = policies.get(file)
    return json_positions(text) if text is not None else {}


def run(args: argparse.Namespace) -> int:
    chosen = universe(args)
    old, new = load(args.old), load(args.new)
    result = compare(old, new, catalog=chosen, max_states=args.max_states, budget=args.budget)
    reviewed = review(old, new, result)
    if args.format == "json":
        dump_json(
            {
                "relation": result.relation.value,
                "changes": [
                    {
                        "statement": _ref(c.statement),
                        "kind": c.kind,
                        "adds": [reviewed.new_access.index(r) for r in c.adds],
                        "removes": [reviewed.lost_access.index(r) for r in c.removes],
                    }
                    for c in reviewed.changes
                ],
                "new_access": [region_json(r) for r in reviewed.new_access],
                "lost_access": [region_json(r) for r in reviewed.lost_access],
                "reasons": list(result.reasons),
                "exhausted": result.exhausted,
            }
        )
    elif args.format == "sarif":
        texts = {p.name: read_text(p.name) for p in (*old, *new)}
        dump_json(sarif_log(sarif_results(reviewed, result, texts)))
    else:
        print(f"{args.old} -> {args.new}: {result.relation.value}")
        print_summary(reviewed.changes, reviewed, undecided=bool(result.reasons))
        if reviewed.new_access:
            print(f"\nnew access: {len(reviewed.new_access)} region(s)")
            print_regions(reviewed.new_access, other="before")
        if args.lost:
            if reviewed.lost_access:
                print(f"\nlost access: {len(reviewed.lost_access)} region(s)")
                print_regions(reviewed.lost_access, other="after")
            else:
                print("\nlost access: none")
        elif reviewed.lost_access:
            print(f"\n{len(reviewed.lost_access)} region(s) of lost access (--lost shows them)")
        print_undecided(result.reasons, result.exhausted)
    if result.new_access:
        return EXIT_DENIED
    if result.reasons:
        return EXIT_UNDECIDED
    return EXIT_OK
