"""``domainrules authorize``: would RAM allow this Domains API call?"""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_DENIED, EXIT_OK, add_json_option, dump_json, table
from domainrules.cli._policies import (
    add_account_option,
    add_catalog_option,
    add_policy_option,
    catalog,
    context,
    load_policies,
)
from domainrules.ram import Authorization, Decision, authorize

__all__ = ["register", "run"]

HELP = (
    "decide one Domains API call by a RAM user holding the given policies, or by the "
    "account owner (exit 1: denied)"
)


def register(commands: Any) -> None:
    parser = commands.add_parser("authorize", help=HELP, description=HELP + ".")
    add_policy_option(parser, or_owner=True)
    parser.add_argument("--api", metavar="NAME", required=True, help="the API operation")
    add_account_option(parser)
    parser.add_argument(
        "--domain",
        metavar="NAME",
        action="append",
        default=[],
        help="a domain the call acts on (repeat for a batch call)",
    )
    parser.add_argument(
        "--context",
        metavar="KEY=VALUE",
        action="append",
        help="a request context value (acs:SourceIp=10.0.0.1, acs:MFAPresent=true, ...)",
    )
    add_catalog_option(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        "allowed": decision.allowed,
        "action": decision.action,
        "resource": decision.resource,
        "detail": decision.detail,
        "matched": [
            {"policy": m.policy, "statement": m.index, "effect": m.effect, "sid": m.sid}
            for m in decision.matched
        ],
    }


def as_data(result: Authorization) -> dict[str, Any]:
    return {
        "api": result.api,
        "action": result.action,
        "scope": result.scope,
        "allowed": result.allowed,
        "outcome": result.decision.outcome,
        "detail": result.detail,
        "decisions": [{"domain": d, **_decision(x)} for d, x in result.decisions],
    }


def run(args: argparse.Namespace) -> int:
    policies = load_policies(args.policy or [])
    result = authorize(
        policies,
        args.api,
        args.account,
        args.domain,
        context=context(args.context),
        catalog=catalog(args.catalog),
        account_owner=args.owner,
    )
    if args.json:
        dump_json(as_data(result))
    else:
        verdict = "ALLOWED" if result.allowed else "DENIED"
        print(f"{verdict}: {result.detail}")
        if len(result.decisions) > 1:
            print()
            print(
                table(
                    ["domain", "outcome", "resource"],
                    [(d, x.outcome.value, x.resource) for d, x in result.decisions],
                )
            )
    return EXIT_OK if result.allowed else EXIT_DENIED
