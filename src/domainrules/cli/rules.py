"""``domainrules rules``: the shipped rule sets, their suffix families and periods."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import EXIT_OK, add_json_option, dump_json, error, rule_set, table
from domainrules.cli.svg import timeline_svg
from domainrules.names import to_unicode
from domainrules.rulesets import DEFAULT_RULE_SET, RULE_SETS, RuleSet, SuffixFamily

__all__ = ["family_rows", "register", "run"]

HELP = "the shipped rule sets and their suffix families and periods"


def register(commands: Any) -> None:
    parser = commands.add_parser("rules", help=HELP, description=HELP + ".")
    parser.add_argument("name", metavar="NAME", nargs="?", help="one rule set to show in full")
    parser.add_argument(
        "--svg",
        metavar="FAMILY",
        help="write the timeline picture of one suffix family of NAME as SVG",
    )
    add_json_option(parser)
    parser.set_defaults(run=run)


def _tlds(family: SuffixFamily) -> str:
    return " ".join("." + to_unicode(tld) for tld in sorted(family.tlds))


def family_rows(rules: RuleSet) -> list[tuple[str, ...]]:
    """One row per family: name, TLDs, grace, redemption, pending delete, then, zone, ICANN."""
    rows: list[tuple[str, ...]] = []
    for family in rules.families:
        life = family.lifecycle
        tlds = _tlds(family)
        if family.name == rules.gtld_family:
            tlds += " and any unlisted gTLD"
        rows.append(
            (
                family.name,
                tlds,
                str(life.renewal_grace_days),
                str(life.redemption_days),
                str(life.pending_delete_days),
                life.then.value,
                life.zone,
                "yes" if family.icann_transfer_policy else "no",
            )
        )
    return rows


FAMILY_HEADERS = (
    "family",
    "suffixes",
    "grace",
    "redemption",
    "pending delete",
    "then",
    "zone",
    "ICANN transfer policy",
)


def _family_data(rules: RuleSet) -> dict[str, Any]:
    return {
        "name": rules.name,
        "default": rules is DEFAULT_RULE_SET,
        "source": rules.source,
        "effective": rules.effective,
        "description": rules.description,
        "gtld_family": rules.gtld_family,
        "manual_ownership_review": sorted(rules.manual_ownership_review),
        "families": [
            {
                "name": f.name,
                "tlds": sorted(f.tlds),
                "description": f.description,
                "icann_transfer_policy": f.icann_transfer_policy,
                "requires_cnnic_profile": f.requires_cnnic_profile,
                "lifecycle": f.lifecycle,
            }
            for f in rules.families
        ],
    }


def run(args: argparse.Namespace) -> int:
    if args.svg is not None:
        if args.name is None:
            error("--svg needs the rule set NAME")
        rules = rule_set(args.name)
        try:
            family = rules.family(args.svg)
        except LookupError as failure:
            error(f"--svg: {failure}")
        print(timeline_svg(family, rules.name), end="")
        return EXIT_OK
    if args.name is None:
        if args.json:
            dump_json([_family_data(r) for r in RULE_SETS.values()])
            return EXIT_OK
        print(
            table(
                ["rule set", "effective", "description"],
                [
                    (
                        r.name + (" (default)" if r is DEFAULT_RULE_SET else ""),
                        str(r.effective),
                        r.description,
                    )
                    for r in RULE_SETS.values()
                ],
            )
        )
        return EXIT_OK
    rules = rule_set(args.name)
    if args.json:
        dump_json(_family_data(rules))
        return EXIT_OK
    print(f"{rules.name}{' (default)' if rules is DEFAULT_RULE_SET else ''}: {rules.description}")
    print(f"source: {rules.source}; effective {rules.effective}")
    print()
    print(table(FAMILY_HEADERS, family_rows(rules)))
    print()
    print("periods in days of 24 hours after the expiry instant")
    return EXIT_OK
