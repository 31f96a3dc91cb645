"""``domainrules rules``: the shipped rule sets (or a rule-set file), their suffix families
and periods; ``--json`` writes the rule-set file format, which loads back unchanged."""

from __future__ import annotations

import argparse
from typing import Any

from domainrules.cli._output import (
    EXIT_OK,
    add_json_option,
    add_rules_file_option,
    dump_json,
    error,
    rule_set,
    rules_file,
    table,
)
from domainrules.cli.svg import timeline_svg
from domainrules.names import to_unicode
from domainrules.rulesets import DEFAULT_RULE_SET, RULE_SETS, RuleSet, SuffixFamily

__all__ = ["family_rows", "register", "run"]

HELP = "the shipped rule sets (or a rule-set file) and their suffix families and periods"


def register(commands: Any) -> None:
    parser = commands.add_parser("rules", help=HELP, description=HELP + ".")
    parser.add_argument("name", metavar="NAME", nargs="?", help="one rule set to show in full")
    parser.add_argument(
        "--svg",
        metavar="FAMILY",
        help="write the timeline picture of one suffix family of NAME as SVG",
    )
    add_rules_file_option(parser)
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


def _chosen(args: argparse.Namespace) -> RuleSet | None:
    path = getattr(args, "rules_file", None)
    if path is not None:
        if args.name is not None:
            error("give a rule set NAME or --rules-file, not both")
        return rules_file(path)
    return None if args.name is None else rule_set(args.name)


def run(args: argparse.Namespace) -> int:
    chosen = _chosen(args)
    if args.svg is not None:
        if chosen is None:
            error("--svg needs the rule set NAME")
        rules = chosen
        try:
            family = rules.family(args.svg)
        except LookupError as failure:
            error(f"--svg: {failure}")
        print(timeline_svg(family, rules.name), end="")
        return EXIT_OK
    if chosen is None:
        if args.json:
            dump_json([r.to_mapping() for r in RULE_SETS.values()])
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
    rules = chosen
    if args.json:
        dump_json(rules.to_mapping())
        return EXIT_OK
    print(f"{rules.name}{' (default)' if rules is DEFAULT_RULE_SET else ''}: {rules.description}")
    print(f"source: {rules.source}; effective {rules.effective}")
    for source in rules.sources:
        print(f"  [{source.id}] {source}")
    for index, version in enumerate(rules.versions):
        print()
        if len(rules.versions) > 1:
            print(
                f"version {index + 1}: for domains expiring from {version.valid_from.isoformat()}"
            )
        print(table(FAMILY_HEADERS, family_rows(version)))
    print()
    print("periods in days of 24 hours after the expiry instant")
    for warning in rules.warnings:
        print(f"warning: {warning}")
    return EXIT_OK
