"""MkDocs hook: tables and pictures generated from the library's own data at build time.

A page asks for them with HTML comments, which stay invisible (and doctest-neutral)
wherever the hook does not run:

- ``<!-- domainrules:rule-sets -->``: every shipped rule set;
- ``<!-- domainrules:families NAME -->``: the suffix families and periods of one rule set;
- ``<!-- domainrules:timeline-svg NAME FAMILY -->``: a family's timeline picture;
- ``<!-- domainrules:registry NAME -->``: the registry's grace periods per family of one rule set;
- ``<!-- domainrules:other-rule-sets [SKIP...] -->``: a section for every shipped rule set
  (file) not named, each with its versions, registry periods and sources, so a new data
  file appears without editing a page;
- ``<!-- domainrules:api-catalog [NAME] -->``: the Domains API -> action table of a catalog;
- ``<!-- domainrules:registry-svg NAME EXPIRY -->``: the registrar's phases and the
  registry's states of ``example.com`` expiring at EXPIRY (Nomulus' numbers).

>>> "| cnnic |" in expand("<!-- domainrules:families alibaba-2022 -->")
True
>>> "### `cnnic-registry`" in expand("<!-- domainrules:other-rule-sets alibaba-2022 -->")
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from domainrules.cli.rules import FAMILY_HEADERS, family_rows
from domainrules.cli.svg import timeline_svg
from domainrules.rulesets import DEFAULT_RULE_SET, RULE_SETS, RuleSet, get_rule_set

_DIRECTIVE = re.compile(r"<!--\s*domainrules:([\w-]+)((?:\s+[^\s>]+)*)\s*-->")


def _markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _rule_sets() -> str:
    rows = [
        (
            f"`{r.name}`" + (" (default)" if r is DEFAULT_RULE_SET else ""),
            str(r.effective),
            r.description,
            r.source,
        )
        for r in RULE_SETS.values()
    ]
    return _markdown_table(["rule set", "effective", "what", "source"], rows)


def _families(name: str) -> str:
    return _markdown_table(FAMILY_HEADERS, family_rows(get_rule_set(name)))


_REGISTRY_HEADERS = (
    "family",
    "auto-renew",
    "add grace",
    "renew grace",
    "auto-renew grace",
    "transfer grace",
    "automatic transfer",
    "redemption",
    "restore report",
    "pending delete",
    "max term (years)",
)


def _length(value: timedelta | None) -> str:
    if value is None:
        return "not published"
    if value % timedelta(days=1) == timedelta(0):
        return f"{value.days} d"
    return f"{value / timedelta(hours=1):g} h"


def _registry_rows(rules: RuleSet) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for family in rules.families:
        r = family.registry
        if r is None:
            continue
        add = _length(r.add_grace)
        if r.anchor_tenant_add_grace is not None:  # None: as the add grace
            add += f" (anchor tenant {_length(r.anchor_tenant_add_grace)})"
        rows.append(
            (
                family.name,
                "not published" if r.auto_renew is None else "yes" if r.auto_renew else "no",
                add,
                _length(r.renew_grace),
                _length(r.auto_renew_grace),
                _length(r.transfer_grace),
                _length(r.automatic_transfer),
                _length(r.redemption),
                _length(r.restore_report),
                _length(r.pending_delete),
                str(r.max_term_years),
            )
        )
    return rows


def _registry(name: str) -> str:
    rows = _registry_rows(get_rule_set(name))
    if not rows:
        return "*(no registry periods in this rule set)*"
    return _markdown_table(_REGISTRY_HEADERS, rows)


def _section(rules: RuleSet) -> str:
    text = [f"### `{rules.name}`", "", rules.description, "", f"Source: {rules.source}."]
    if rules.sources:
        text += [""] + [
            f"- `{s.id}`: <{s.url}>"
            + (f" ({s.title})" if s.title else "")
            + (f", retrieved {s.retrieved.isoformat()}" if s.retrieved else "")
            for s in rules.sources
        ]
    for index, version in enumerate(rules.versions):
        text.append("")
        if len(rules.versions) > 1:
            text += [
                f"Version {index + 1}, for domains expiring from {version.valid_from.isoformat()}:",
                "",
            ]
        text.append(_markdown_table(FAMILY_HEADERS, family_rows(version)))
        registry = _registry_rows(version)
        if registry:
            text += ["", "At the registry:", "", _markdown_table(_REGISTRY_HEADERS, registry)]
    return "\n".join(text)


def _other_rule_sets(*skip: str) -> str:
    return "\n\n".join(_section(rules) for name, rules in RULE_SETS.items() if name not in skip)


def _svg(name: str, family: str) -> str:
    rules = get_rule_set(name)
    svg = timeline_svg(rules.family(family), rules.name)
    return f'<div class="domainrules-timeline" markdown="0">\n{svg}</div>'


def _catalog(name: str | None = None) -> str:
    try:
        from domainrules.ram.catalog import CATALOGS, DEFAULT_CATALOG
    except ImportError:  # the access-control engine is not part of this build
        return "*(the API catalog is not available in this version)*"
    catalog = CATALOGS[name] if name else DEFAULT_CATALOG
    by_action: dict[tuple[str, str], list[str]] = {}
    for rule in catalog.rules.values():
        by_action.setdefault((rule.scope, rule.action), []).append(rule.api)
    resource = {
        "domain": "`acs:domain:*:<account-id>:domain/<domain>`",
        "account": "`acs:domain:*:<account-id>:*`",
    }
    rows = [
        (f"`{action}`", scope, resource.get(scope, ""), ", ".join(sorted(apis)))
        for (scope, action), apis in sorted(
            by_action.items(), key=lambda item: (item[0][0] != "domain", item[0])
        )
    ]
    service = sorted(api for api in catalog.apis if api not in catalog.rules)
    text = [
        f"Catalog `{catalog.name}` ({catalog.source}).",
        "",
        _markdown_table(["action", "scope", "resource", "API operations"], rows),
        "",
        f"Every other API operation ({len(service)} of them) is checked as `domain:*` on "
        "`acs:domain:*:<account-id>:*`.",
    ]
    if catalog.api_aliases:
        aliases = ", ".join(f"`{a}` = `{t}`" for a, t in sorted(catalog.api_aliases.items()))
        text += ["", f"Other spellings accepted: {aliases}."]
    if catalog.unbound_actions:
        unbound = ", ".join(f"`{a}`" for a in sorted(catalog.unbound_actions))
        text += ["", f"Actions that exist but that no API call is checked against: {unbound}."]
    return "\n".join(text)


def _registry_svg(name: str, expiry: str) -> str:
    from domainrules.cli.svg import side_by_side_svg
    from domainrules.registry import side_by_side
    from domainrules.rulesets import NOMULUS_DEFAULTS

    both = side_by_side("example.com", expiry, rules=name, registry=NOMULUS_DEFAULTS)
    return f'<div class="domainrules-timeline" markdown="0">\n{side_by_side_svg(both)}</div>'


_MAKERS: dict[str, Any] = {
    "rule-sets": _rule_sets,
    "families": _families,
    "timeline-svg": _svg,
    "registry": _registry,
    "other-rule-sets": _other_rule_sets,
    "api-catalog": _catalog,
    "registry-svg": _registry_svg,
}


def expand(markdown: str) -> str:
    """``markdown`` with every ``domainrules:`` directive replaced by what it names."""

    def replace(match: re.Match[str]) -> str:
        maker = _MAKERS.get(match.group(1))
        if maker is None:
            raise ValueError(f"unknown directive {match.group(0)!r}")
        return str(maker(*match.group(2).split()))

    return _DIRECTIVE.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return expand(markdown)
