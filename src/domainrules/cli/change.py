"""``domainrules change``: what an edit of a domain's registration is, and its plan."""

from __future__ import annotations

import argparse
import os
from typing import Any

from domainrules.changes import TypoTolerance, classify_change, plan_change
from domainrules.cli._output import (
    EXIT_DENIED,
    EXIT_OK,
    CliError,
    add_json_option,
    add_rules_option,
    count_option,
    dump_json,
    instant_option,
    rule_set,
)
from domainrules.cli._records import load_domain, load_registration
from domainrules.cli.transfer_check import add_policy_version_option, policy_version
from domainrules.domain import Domain

__all__ = ["register", "run"]

HELP = (
    "classify a registration edit (ownership transfer, information modification, account "
    "transfer, ICANN Change of Registrant) and plan it for a domain (exit 1: blocked)"
)


def register(commands: Any) -> None:
    parser = commands.add_parser("change", help=HELP, description=HELP + ".")
    parser.add_argument("before", metavar="BEFORE.json", help="the registration before")
    parser.add_argument("after", metavar="AFTER.json", help="the registration after")
    parser.add_argument(
        "--domain",
        metavar="NAME|DOMAIN.json",
        required=True,
        help="the domain: a record file, or a name with --expires",
    )
    parser.add_argument("--expires", metavar="INSTANT", help="the expiry, with a domain NAME")
    parser.add_argument("--at", metavar="INSTANT", help="submitted at (default: now, UTC)")
    parser.add_argument("--bulk", action="store_true", help="one of several changes at once")
    parser.add_argument(
        "--opt-out",
        action="store_true",
        help="the registrant opts out of the 60-day transfer lock",
    )
    parser.add_argument(
        "--typo-edits",
        metavar="N",
        type=count_option(1000),
        default=0,
        help="a name or organization edit of at most N characters is a typo fix, not a "
        "material change (default 0: every edit is material)",
    )
    add_policy_version_option(parser)
    add_rules_option(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def _domain(args: argparse.Namespace) -> Domain:
    if args.domain.endswith(".json") or os.path.sep in args.domain:
        if args.expires is not None:
            raise CliError("--expires goes with a domain NAME, not a record file")
        return load_domain(args.domain)
    if args.expires is None:
        raise CliError(f"--domain {args.domain}: give its expiry with --expires INSTANT")
    return Domain(
        args.domain, instant_option(args.expires, "--expires"), rules=rule_set(args.rules)
    )


def run(args: argparse.Namespace) -> int:
    before = load_registration(args.before)
    after = load_registration(args.after)
    domain = _domain(args)
    at = instant_option(args.at, "--at")
    policy = policy_version(args.policy_version)
    tolerance = TypoTolerance(args.typo_edits)
    assessment = classify_change(before, after, at, policy=policy, typo_tolerance=tolerance)
    plan = plan_change(
        domain, assessment, at, opted_out_of_transfer_lock=args.opt_out, bulk=args.bulk
    )
    policy_name = assessment.policy.name if assessment.policy else None
    procedures = sorted(p.value for p in assessment.procedures)
    if args.json:
        dump_json(
            {
                "name": plan.name,
                "at": plan.at,
                "policy": policy_name,
                "procedures": procedures,
                "changes": [
                    {"path": c.path, "old": c.old, "new": c.new} for c in assessment.changes
                ],
                "change_of_registrant": assessment.change_of_registrant,
                "material_fields": list(assessment.material_fields),
                "allowed": plan.allowed,
                "blockers": plan.blockers,
                "steps": plan.steps,
                "review": plan.review,
                "icp_filing_from": plan.icp_filing_from,
                "transfer_lock": plan.transfer_lock,
            }
        )
        return EXIT_OK if plan.allowed else EXIT_DENIED
    print(
        f"{plan.name}: {', '.join(procedures) or 'no change'} ({policy_name or 'no ICANN policy in force'})"
    )
    for c in assessment.changes:
        print(f"  {c.path}: {c.old!r} -> {c.new!r}")
    material = ", ".join(assessment.material_fields)
    print(
        f"ICANN Change of Registrant: {'yes (' + material + ')' if material else 'no'}"
        if assessment.change_of_registrant
        else "ICANN Change of Registrant: no"
    )
    print()
    if plan.allowed:
        print(f"may be submitted at {plan.at.isoformat()}")
    else:
        print(f"blocked at {plan.at.isoformat()}:")
        for blocker in plan.blockers:
            print(f"  {blocker}")
    for step in plan.steps:
        within = f" (within {step.within})" if step.within else ""
        print(f"step: {step.detail}{within}")
    if plan.review is not None:
        print(f"review: {plan.review}")
    if plan.icp_filing_from is not None:
        print(f"ICP filing from: {plan.icp_filing_from}")
    for note in plan.notes:  # estimated calendar dates, and why
        print(f"note: {note}")
    lock = plan.transfer_lock
    print(f"transfer lock: {lock.days} days from completion" if lock else "transfer lock: none")
    return EXIT_OK if plan.allowed else EXIT_DENIED
