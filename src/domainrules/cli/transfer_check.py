"""``domainrules transfer-check``: may this domain leave for another registrar, and does it resolve?"""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import (
    EXIT_DENIED,
    EXIT_OK,
    CliError,
    add_json_option,
    dump_json,
    instant_option,
)
from domainrules.cli._records import load_domain
from domainrules.errors import DomainRulesError
from domainrules.resolution import why_not_resolving
from domainrules.transfer_policy import POLICY_VERSIONS, TransferPolicyVersion, get_policy_version
from domainrules.transfers import transfer_out_check

__all__ = ["add_policy_version_option", "policy_version", "register", "run"]

HELP = "whether a domain may be transferred out now (exit 1: not), and why it does not resolve"


def add_policy_version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy-version",
        metavar="NAME",
        help=f"the ICANN Transfer Policy version: {', '.join(POLICY_VERSIONS)} "
        "(default: the one in force at --at)",
    )


def policy_version(name: str | None) -> TransferPolicyVersion | None:
    if name is None:
        return None
    try:
        return get_policy_version(name)
    except DomainRulesError as failure:
        raise CliError(f"--policy-version: {failure}") from None


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "transfer-check",
        help=HELP,
        description=HELP + ". DOMAIN.json holds the stored facts: name, expires_at, and "
        "optionally statuses, created_at, last_change_of_registrant, last_transferred_at, "
        "profile, registration.",
    )
    parser.add_argument("domain", metavar="DOMAIN.json", help="the domain record")
    parser.add_argument("--at", metavar="INSTANT", help="the instant (default: now, UTC)")
    add_policy_version_option(parser)
    add_json_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    domain = load_domain(args.domain)
    at = instant_option(args.at, "--at")
    check = transfer_out_check(domain, at, policy=policy_version(args.policy_version))
    resolution = why_not_resolving(domain, at)
    if args.json:
        dump_json(
            {
                "name": check.name,
                "at": check.at,
                "policy": check.policy.name if check.policy else None,
                "transfer_out": {
                    "allowed": check.allowed,
                    "blockers": check.blockers,
                    "earliest_at": check.earliest_at,
                    "may_leave_from": check.may_leave_from,
                },
                "resolution": {
                    "phase": resolution.phase,
                    "resolution": resolution.resolution,
                    "resolves": resolution.resolves,
                    "blockers": resolution.blockers,
                },
            }
        )
    else:
        print(check)
        if not check.allowed:
            leave = check.may_leave_from
            print(
                f"  may leave from {leave.isoformat()} if nothing else changes"
                if leave is not None
                else "  will not become possible by waiting alone"
            )
        version = check.policy.name if check.policy else "none in force"
        print(f"  (ICANN Transfer Policy version: {version})")
        print()
        print(resolution)
    return EXIT_OK if check.allowed else EXIT_DENIED
