"""``domainrules timeline --registry``: the registry's states beside the registrar's phases.

Kept apart from ``timeline`` itself, which only calls :func:`add_registry_options`
and :func:`registry_part`. No rule lives here: the states come from
:func:`domainrules.registry.side_by_side`.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

import attrs

from domainrules.cli._output import CliError, jsonable, table
from domainrules.cli.svg import side_by_side_svg
from domainrules.errors import NoRegistryRulesError, UnpublishedRegistryNumberError
from domainrules.lifecycle import Lifecycle
from domainrules.registry import SideBySide, side_by_side
from domainrules.rulesets import RULE_SETS, RuleSet

__all__ = ["RegistryPart", "add_registry_options", "registry_part"]


def add_registry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--registry",
        action="store_true",
        help="also show the registry's RFC 3915 states (auto-renew grace, redemptionPeriod, "
        "pendingDelete...) on the same timeline",
    )
    parser.add_argument(
        "--registry-numbers",
        metavar="NAME",
        choices=sorted(RULE_SETS),
        help="the shipped rule set whose registry numbers to use instead of the family's "
        "(its family for the domain must have them, e.g. verisign, pir, nomulus-defaults)",
    )


@attrs.frozen
class RegistryPart:
    """What ``--registry`` adds to ``timeline``'s output (with ``--svg``: both lanes)."""

    data: dict[str, Any] | None
    text: str
    svg: str | None


def _days(span_start: datetime | None, span_end: datetime | None, expiry: datetime) -> str:
    def day(t: datetime) -> str:
        return f"{(t - expiry).total_seconds() / 86400:g}"

    if span_start is None:
        return "before expiry"
    if span_end is None:
        return f"from day {day(span_start)}"
    return f"{day(span_start)} .. {day(span_end)}"


def registry_part(
    args: argparse.Namespace, life: Lifecycle, rules: RuleSet, at: datetime
) -> RegistryPart | None:
    """None unless ``--registry`` was given."""
    if args.registry_numbers is not None and not args.registry:
        raise CliError("--registry-numbers needs --registry")
    if not args.registry:
        return None
    try:
        # --registry-numbers names a shipped rule set: the library picks its numbers.
        both = side_by_side(life.name, life.expires_at, rules=rules, registry=args.registry_numbers)
    except UnpublishedRegistryNumberError as error:
        raise CliError(f"--registry: {error}") from None
    except NoRegistryRulesError as error:
        named = args.registry_numbers
        raise CliError(
            f"--registry: rule set {named or rules.name!r} has no registry numbers for "
            f"{life.name.ascii}'s family"
            + ("" if named else f" {life.family.name!r}; name them with --registry-numbers")
        ) from error
    svg = side_by_side_svg(both) if args.svg else None
    return RegistryPart(_data(both, at), _text(both, at), svg)


def _data(both: SideBySide, at: datetime) -> dict[str, Any]:
    state = both.state_at(at)
    return {
        "numbers": jsonable(both.registry),
        "numbers_unit": "seconds",
        "deleted_at": jsonable(both.deleted_at),
        "spans": [
            {
                "label": span.label,
                "rgp_statuses": jsonable(span.rgp_statuses),
                "statuses": jsonable(span.statuses),
                "start": jsonable(span.start),
                "end": jsonable(span.end),
            }
            for span in both.registry_spans
        ],
        "at": {
            "registered": state.registered,
            "statuses": jsonable(state.statuses),
            "rgp_statuses": [
                {
                    "status": p.status.value,
                    "starts_at": jsonable(p.starts_at),
                    "ends_at": jsonable(p.ends_at),
                }
                for p in state.periods
            ],
            "expires_at": jsonable(state.expires_at),
            "sponsor": state.sponsor,
            "purge_at": jsonable(state.purge_at),
        },
        "mismatches": list(both.mismatches),
    }


def _text(both: SideBySide, at: datetime) -> str:
    expiry = both.expires_at
    lines = [
        f"registry (RFC 3915), if the registrar deletes the domain at "
        f"{both.deleted_at.isoformat()} (when its renewal grace ends):",
        "",
        table(
            ["registry state", "from (UTC)", "until (UTC)", "days after expiry"],
            [
                (
                    span.label,
                    "-" if span.start is None else span.start.isoformat(),
                    "-" if span.end is None else span.end.isoformat(),
                    _days(span.start, span.end, expiry),
                )
                for span in both.registry_spans
            ],
        ),
        "",
    ]
    state = both.state_at(at)
    if state.registered:
        rgp = ", ".join(f"{p.status.value} until {p.ends_at.isoformat()}" for p in state.periods)
        lines.append(
            f"  registry    {', '.join(sorted(s.value for s in state.statuses))}"
            f"{'; ' + rgp if rgp else ''}"
        )
        assert state.expires_at is not None
        lines.append(f"  reg. expiry {state.expires_at.isoformat()}")
    else:
        lines.append("  registry    purged")
    for mismatch in both.mismatches:
        lines.append(f"  mismatch    {mismatch}")
    return "\n".join(lines)
