"""Findings about a policy beyond validity: what it says that it probably does not mean.

Each :class:`Finding` has a code, a severity, a JSON path and a message.

=======================  ========  ====================================================
code                     severity  meaning
=======================  ========  ====================================================
unknown-action           error     a ``domain:`` action the catalog does not know
action-alias             warning   a documented spelling that no request is checked on
unbound-action           warning   a valid action that no API of the catalog checks
no-matching-action       warning   a ``domain:`` pattern that matches no known action
other-service-action     info      an action of another service (not checked here)
other-service-resource   warning   a resource that can never be a Domains resource
concrete-region          warning   a region other than ``*``: Domains requests use ``*``
malformed-domain         error     a domain resource whose name is not a domain name
uncanonical-domain       error     a wildcard next to non-ASCII: matches no canonical name
never-matches            warning   a resource that no Domains request can match
shadowed-allow           warning   an Allow that a Deny of the policy fully overrides
duplicate-statement      warning   a statement that repeats an earlier one
full-wildcard            warning   ``*`` as action (every service), or full access
non-canonical-domain     info      a domain name not written in canonical form
unknown-condition-key    info      a condition key other than the typed global keys
cidr-host-bits           warning   an IP block with host bits set (read as its network)
vacuous-statement        warning   (``exact=True``) a statement that matches no request
redundant-statement      warning   (``exact=True``) removing the statement changes nothing
overridden-allow         warning   (``exact=True``) an Allow that Denies fully override
=======================  ========  ====================================================

>>> from domainrules.ram import Policy
>>> policy = Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow",
...     "Action": ["domain:DnsHostQuery", "domain:QueryDomainLst"],
...     "Resource": "acs:domain:cn-hangzhou:*:domain/EXAMPLE.com"}]})
>>> for finding in lint_policy(policy):
...     print(finding.code, finding.severity.value, finding.path)
action-alias warning $.Statement[0].Action[0]
unknown-action error $.Statement[0].Action[1]
concrete-region warning $.Statement[0].Resource
non-canonical-domain info $.Statement[0].Resource
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Iterator

import attrs

from domainrules._validate import Choice
from domainrules.errors import ArgumentTypeError, InvalidDomainNameError
from domainrules.names import canonical_name
from domainrules.ram._paths import child
from domainrules.ram.arn import DOMAIN_SERVICE, domain_part, uncanonical_labels
from domainrules.ram.catalog import DEFAULT_CATALOG, Catalog
from domainrules.ram.conditions import GLOBAL_KEYS, ConditionClause
from domainrules.ram.patterns import Pattern, compile_pattern, has_wildcard
from domainrules.ram.policy import Policy, Statement

__all__ = ["Finding", "Severity", "lint_policy"]


class Severity(Choice):
    """How much a finding matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Finding:
    """One finding: a code, a severity, where (JSON path) and what."""

    code: str
    severity: Severity
    path: str
    message: str


def lint_policy(
    policy: Policy, *, catalog: Catalog = DEFAULT_CATALOG, exact: bool = False
) -> tuple[Finding, ...]:
    """Every finding about ``policy`` against ``catalog``, in document order.

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS
    >>> [f.code for f in lint_policy(ALIYUN_DOMAIN_FULL_ACCESS)]
    ['full-wildcard']
    """
    if not isinstance(policy, Policy):
        raise ArgumentTypeError(
            f"lint needs a Policy, not {type(policy).__name__}", field="policy", value=policy
        )
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog, not {type(catalog).__name__}",
            field="catalog",
            value=catalog,
        )
    findings: list[Finding] = []
    for index, statement in enumerate(policy.statements):
        path = child("$.Statement", index)
        findings.extend(_actions(statement, path, catalog))
        findings.extend(_resources(statement, path))
        findings.extend(_conditions(statement, path))
        findings.extend(_statement_level(policy, index, statement, path))
    if exact:
        # The analysis proves these (vacuous, redundant, overridden-allow): slower,
        # and loaded only here.
        from domainrules.ram.analysis import statement_findings

        shadowed = {f.path for f in findings if f.code == "shadowed-allow"}
        for found in statement_findings(policy):
            path = child("$.Statement", found.index)
            if found.code == "overridden-allow" and path in shadowed:
                continue  # said already
            findings.append(Finding(found.code, Severity.WARNING, path, found.message))
        findings.sort(key=lambda f: _statement_number(f.path))
    return tuple(findings)


def _statement_number(path: str) -> int:
    return int(path.split("[", 1)[1].split("]", 1)[0]) if "[" in path else -1


def _item(statement: Statement, path: str, field: str, index: int) -> str:
    return (
        child(child(path, field), index) if field in statement.list_fields else child(path, field)
    )


def _actions(statement: Statement, path: str, catalog: Catalog) -> Iterator[Finding]:
    field = "NotAction" if statement.is_not_action else "Action"
    known = {a.lower(): a for a in catalog.known_actions}
    aliases = {a.lower(): b for a, b in catalog.action_aliases.items()}
    for index, action in enumerate(statement.not_actions or statement.actions or ()):
        where = _item(statement, path, field, index)
        lowered = action.lower()
        service = lowered.partition(":")[0]
        if action == "*":
            if statement.effect == "Allow" and not statement.is_not_action:
                yield Finding(
                    "full-wildcard",
                    Severity.WARNING,
                    where,
                    "'*' allows every action of every service",
                )
            continue
        if has_wildcard(service):
            continue
        if service != DOMAIN_SERVICE:
            yield Finding(
                "other-service-action",
                Severity.INFO,
                where,
                f"{action!r} is an action of another service: Domains calls never match it",
            )
            continue
        if lowered in aliases:
            yield Finding(
                "action-alias",
                Severity.WARNING,
                where,
                f"{action!r} is named in the documentation but no request is checked "
                f"against it: use {aliases[lowered]!r}",
            )
            continue
        if has_wildcard(lowered):
            pattern = compile_pattern(lowered, ignore_case=True)
            if not any(pattern.matches(k) for k in known):
                yield Finding(
                    "no-matching-action",
                    Severity.WARNING,
                    where,
                    f"{action!r} matches no action of the {catalog.name} catalog",
                )
            continue
        if lowered not in known:
            close = difflib.get_close_matches(action, sorted(known.values()), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            yield Finding(
                "unknown-action",
                Severity.ERROR,
                where,
                f"{action!r} is not an action of the {catalog.name} catalog{hint}",
            )
            continue
        if known[lowered] in catalog.unbound_actions:
            yield Finding(
                "unbound-action",
                Severity.WARNING,
                where,
                f"{action!r} is valid, but no API of the {catalog.name} catalog is checked "
                f"against it{_instead(known[lowered], catalog)}",
            )


def _instead(action: str, catalog: Catalog) -> str:
    # An order action (domain:CreateOrderRenew...): its APIs are checked as the whole
    # service, so say what grants them (the registrar's one-domain example lists them).
    order = action.partition(":")[2].removeprefix("CreateOrder")
    if order == action.partition(":")[2]:
        return ""
    apis = sorted(
        api
        for api in catalog.apis
        if api.endswith("TaskForCreatingOrder" + order)
        and catalog.rule_for(api).action == "domain:*"
    )
    if not apis:
        return ""
    return (
        f": its order APIs ({', '.join(apis)}) are checked as 'domain:*' on the account; "
        'to allow them add {"Effect": "Allow", "Action": "domain:*", "Resource": '
        '"acs:domain:*:<account-id>:*"} (the whole service on the account, every domain '
        "included), or leave orders to the account owner"
    )


def _resources(statement: Statement, path: str) -> Iterator[Finding]:
    for index, (resource, written) in enumerate(
        zip(statement.resources, statement.written_resources, strict=False)
    ):
        where = _item(statement, path, "Resource", index)
        if resource == "*":
            continue
        parts = resource.split(":", 4)
        if len(parts) != 5:
            if not has_wildcard(resource):
                yield Finding(
                    "never-matches",
                    Severity.WARNING,
                    where,
                    f"{resource!r} is not acs:service:region:account:relative-id",
                )
            continue
        _, service, region, _, relative = parts
        if not compile_pattern(service).matches(DOMAIN_SERVICE):
            yield Finding(
                "other-service-resource",
                Severity.WARNING,
                where,
                f"{resource!r} is a resource of service {service!r}: no Domains request matches it",
            )
            continue
        if not compile_pattern(region).matches("*"):
            yield Finding(
                "concrete-region",
                Severity.WARNING,
                where,
                f"region {region!r}: Domains requests always name the region '*', so "
                "this resource never matches",
            )
        relative_pattern = compile_pattern(relative)
        _, name = domain_part(relative)
        if name:
            malformed = _malformed_domain(name)
            labels = uncanonical_labels(name)
            if labels:
                yield Finding(
                    "uncanonical-domain",
                    Severity.ERROR,
                    where,
                    f"label {labels[0]!r} mixes a wildcard with non-ASCII characters: it has "
                    "no canonical (A-label) form, so this statement never matches a domain "
                    "name; write the label in A-label form (xn--...)",
                )
            elif malformed:
                yield Finding(
                    "malformed-domain",
                    Severity.ERROR,
                    where,
                    f"{name!r} is not a domain name ({malformed}): this resource never matches",
                )
        elif not (relative_pattern.matches("*") or "domain/".startswith(relative_pattern.head)):
            yield Finding(
                "never-matches",
                Severity.WARNING,
                where,
                f"relative id {relative!r} matches neither '*' nor 'domain/<name>'",
            )
        if written != resource:
            yield Finding(
                "non-canonical-domain",
                Severity.INFO,
                where,
                f"{written!r} is read as {resource!r} (domain names are compared in "
                "canonical form)",
            )


def _conditions(statement: Statement, path: str) -> Iterator[Finding]:
    for clause in statement.conditions:
        where = child(child(child(path, "Condition"), clause.operator), clause.key)
        if clause.family == "Ip":
            yield from _host_bits(clause, where)
        if clause.lookup_key in GLOBAL_KEYS:
            continue
        yield Finding(
            "unknown-condition-key",
            Severity.INFO,
            where,
            f"{clause.key!r} is not one of the global keys with a known type: it is compared "
            f"as {clause.family} values, and only a request whose context names it can match",
        )


def _host_bits(clause: ConditionClause, where: str) -> Iterator[Finding]:
    written = clause.written if isinstance(clause.written, tuple) else (clause.written,)
    for index, (text, network) in enumerate(zip(written, clause.values, strict=True)):
        try:
            ipaddress.ip_network(text, strict=True)
        except ValueError:
            item = child(where, index) if isinstance(clause.written, tuple) else where
            yield Finding(
                "cidr-host-bits",
                Severity.WARNING,
                item,
                f"{text!r} has host bits set: it is read as the block {network}",
            )


def _malformed_domain(name: str) -> str | None:
    if not has_wildcard(name):
        try:
            canonical_name(name)
        except InvalidDomainNameError as error:
            return str(error)
        return None
    for label in name.split("."):
        if has_wildcard(label):
            continue
        try:
            canonical_name(label)
        except InvalidDomainNameError as error:
            return str(error)
    return None


def _covers(wide: Pattern, narrow: Pattern) -> bool:
    """Whether every text ``narrow`` matches is also matched by ``wide`` (sound, not complete).

    ``narrow`` is matched symbolically: a ``*`` of ``wide`` may absorb anything, a ``?``
    of ``wide`` one literal or one ``?``; a ``*`` of ``narrow`` only by a ``*`` of
    ``wide``. When that succeeds, inclusion holds. The patterns are short (a policy is
    at most a few thousand characters), so the quadratic table is cheap.
    """
    if wide.kind == "any" or wide.text == narrow.text:
        return True
    if narrow.kind == "exact":
        return wide.matches(narrow.text)
    w, n = wide.text, narrow.text
    row = [True] + [False] * len(n)
    for char in w:
        new = [row[0] and char == "*"] + [False] * len(n)
        for j, symbol in enumerate(n, start=1):
            if char == "*":
                new[j] = row[j] or new[j - 1]
            elif char == "?":
                new[j] = row[j - 1] and symbol != "*"
            else:
                new[j] = row[j - 1] and symbol == char
        row = new
    return row[-1]


def _shadowed_by(allow: Statement, deny: Statement) -> bool:
    if deny.conditions or deny.is_not_action or allow.is_not_action:
        return False
    return all(
        any(_covers(d, a) for d in deny.action_patterns) for a in allow.action_patterns
    ) and all(any(_covers(d, r) for d in deny.resource_patterns) for r in allow.resource_patterns)


def _statement_level(
    policy: Policy, index: int, statement: Statement, path: str
) -> Iterator[Finding]:
    for earlier, other in enumerate(policy.statements[:index]):
        if _same(other, statement):
            yield Finding(
                "duplicate-statement",
                Severity.WARNING,
                path,
                f"statement {index} repeats statement {earlier}",
            )
            break
    if statement.effect == "Allow":
        for deny_index, other in enumerate(policy.statements):
            if other.effect == "Deny" and _shadowed_by(statement, other):
                yield Finding(
                    "shadowed-allow",
                    Severity.WARNING,
                    path,
                    f"statement {index} allows nothing: statement {deny_index} denies all of it",
                )
                break
        if (
            not statement.is_not_action
            and not statement.conditions
            and "*" in statement.resources
            and any(a.lower() == "domain:*" for a in statement.actions or ())
        ):
            yield Finding(
                "full-wildcard",
                Severity.WARNING,
                path,
                "domain:* on '*' grants full access to every domain of the account",
            )


def _same(a: Statement, b: Statement) -> bool:
    def lowered(items: tuple[str, ...] | None) -> frozenset[str] | None:
        return None if items is None else frozenset(x.lower() for x in items)

    return (
        a.effect == b.effect
        and lowered(a.actions) == lowered(b.actions)
        and lowered(a.not_actions) == lowered(b.not_actions)
        and set(a.resources) == set(b.resources)
        and set(a.conditions) == set(b.conditions)
    )
