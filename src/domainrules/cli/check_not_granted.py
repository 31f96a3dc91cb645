"""``domainrules check-not-granted``: prove that policies grant none of some actions.

Exit status: 0 not granted, 1 granted (each region printed with a witness and the
statements responsible), 2 bad input, 3 undecided within the analysis budget (``--budget``).
"""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK, dump_json
from domainrules.cli._policies import load_policies, read_text
from domainrules.cli._positions import json_positions, locate
from domainrules.cli._sarif import SarifResult, sarif_log
from domainrules.cli.diff import (
    EXIT_UNDECIDED,
    add_analysis_options,
    describe,
    policy_files,
    print_regions,
    print_undecided,
    region_json,
    universe,
    witness_text,
)
from domainrules.cli.lint import add_format_option
from domainrules.ram import check_access_not_granted

__all__ = ["register", "run"]

HELP = "prove that RAM policies allow none of the given actions on the given resources"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check-not-granted",
        help=HELP,
        description=HELP + ". Patterns take * and ?. Exit 0: not granted; 1: granted (each "
        "region is shown with a request that proves it); 2: bad input; 3: undecided.",
    )
    parser.add_argument(
        "policies", metavar="POLICY", nargs="+", help="policy files or folders (pooled)"
    )
    parser.add_argument(
        "--action", metavar="PATTERN", action="append", required=True, help="repeatable"
    )
    parser.add_argument(
        "--resource",
        metavar="PATTERN",
        action="append",
        help="repeatable (default *: every resource)",
    )
    add_analysis_options(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    chosen = universe(args)
    policies = load_policies([f for p in args.policies for f in policy_files(p)])
    result = check_access_not_granted(
        policies,
        args.action,
        args.resource or ["*"],
        catalog=chosen,
        max_states=args.max_states,
        budget=args.budget,
    )
    if args.format == "sarif":
        dump_json(sarif_log(_sarif(result)))
    elif args.format == "json":
        dump_json(
            {
                "outcome": result.outcome.value,
                "regions": [region_json(r) for r in result.regions],
                "reasons": list(result.reasons),
                "exhausted": result.exhausted,
            }
        )
    else:
        print(
            f"{result.outcome.value}: {', '.join(args.action)} on {', '.join(args.resource or ['*'])}"
        )
        print_regions(result.regions, other="scope")
        print_undecided(result.reasons, result.exhausted)
    if result.regions:
        return EXIT_DENIED
    if result.reasons:
        return EXIT_UNDECIDED
    return EXIT_OK


def _sarif(result: Any) -> list[SarifResult]:
    """Each region granted, as an error on the first statement that allows it."""
    found = []
    for region in result.regions:
        ref = region.allowed_by[0]
        path = f"$.Statement[{ref.index}]"
        line, column = locate(json_positions(read_text(ref.policy)), path)
        witness = witness_text(region.witnesses[0], region) if region.witnesses else ""
        found.append(
            SarifResult(
                "access-granted",
                "error",
                f"{ref} allows {describe(region)}; for example {witness}",
                ref.policy,
                path,
                line,
                column,
            )
        )
    for reason in result.reasons:
        found.append(SarifResult("undecided", "warning", reason, "", "$", 1, 1))
    return found
