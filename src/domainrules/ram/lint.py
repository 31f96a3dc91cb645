"""Findings about a policy: what it says that it probably does not mean, all in one pass.

Each :class:`Finding` has a code, a severity, a JSON path, a message and, when there is
one, a suggestion. :func:`lint_document` reads a document that may not even be a valid
policy and reports every fault (``invalid-<rule>``, errors) together with every finding
about the statements that are valid; :func:`lint_policy` lints a parsed policy.

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
full-wildcard            warning   ``*`` or ``*:*`` as action (every service), or full access
non-canonical-domain     info      a domain name not written in canonical form
unknown-condition-key    info      a condition key other than the typed global keys
misspelt-condition-key   error     a near miss of a known key (warning in an Allow)
caller-controlled-deny   warning   a Deny conditional on a key the caller sets
allow-not-action         warning   an Allow with NotAction (every other action, any service)
write-on-any-resource    warning   an Allow of write actions on every resource (``*``)
dead-deny                error     a Deny that can never match a canonical request
cidr-host-bits           warning   an IP block with host bits set (read as its network)
vacuous-statement        warning   (``exact=True``) a statement that matches no request
                                   (an error for a Deny)
redundant-statement      warning   (``exact=True``) removing the statement changes nothing
overridden-allow         warning   (``exact=True``) an Allow that Denies fully override
exact-undecided          warning   (``exact=True``) the analysis ran out of its budget: the
                                   three findings above were not looked for
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
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from domainrules.errors import ArgumentTypeError, InvalidDomainNameError
from domainrules.names import canonical_name
from domainrules.ram._paths import child, parts
from domainrules.ram.arn import DOMAIN_SERVICE, domain_name_part, uncanonical_labels
from domainrules.ram.catalog import DEFAULT_CATALOG, Catalog
from domainrules.ram.conditions import GLOBAL_KEY_NAMES, GLOBAL_KEYS, ConditionClause
from domainrules.ram.errors import InvalidPolicyError
from domainrules.ram.findings import Finding, Severity
from domainrules.ram.patterns import compile_pattern, covers, has_wildcard
from domainrules.ram.policy import MAX_POLICY_LENGTH, Policy, Statement, iter_errors

__all__ = ["Finding", "Severity", "lint_document", "lint_policy"]

# The global keys as documented (for suggestions and messages).
_KEY_NAMES = GLOBAL_KEY_NAMES
# Keys whose value the caller writes into its own request (HTTP headers, request tags):
# a Deny that depends on them is one the caller can step around.
_CALLER_KEYS = ("acs:useragent", "acs:referer")
_CALLER_KEY_PREFIXES = ("acs:requesttag/",)
# Read-only actions start so; every other catalog action changes something.
_READ_PREFIXES = ("query", "list", "check", "describe", "get")
# Findings that say a resource or an action can never be part of a Domains request.
_DEAD_RESOURCE = frozenset(
    {
        "other-service-resource",
        "concrete-region",
        "malformed-domain",
        "uncanonical-domain",
        "never-matches",
    }
)
_DEAD_ACTION = frozenset({"unknown-action", "no-matching-action", "action-alias", "unbound-action"})


def lint_policy(
    policy: Policy,
    *,
    catalog: Catalog = DEFAULT_CATALOG,
    exact: bool = False,
    budget: int | None = None,
) -> tuple[Finding, ...]:
    """Every finding about ``policy`` against ``catalog``, in document order.

    ``budget`` is the analysis budget of ``exact`` (None: ``DEFAULT_BUDGET``); past it
    the finding ``exact-undecided`` says what ran out.

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS
    >>> [f.code for f in lint_policy(ALIYUN_DOMAIN_FULL_ACCESS)]
    ['full-wildcard']
    """
    if not isinstance(policy, Policy):
        raise ArgumentTypeError(
            f"lint needs a Policy, not {type(policy).__name__}", field="policy", value=policy
        )
    _check_catalog(catalog)
    findings = _lint_statements(list(enumerate(policy.statements)), catalog)
    if exact:
        findings = _with_analysis(policy, findings, budget)
    return tuple(findings)


def lint_document(
    document: str | Mapping[str, Any],
    *,
    catalog: Catalog = DEFAULT_CATALOG,
    exact: bool = False,
    budget: int | None = None,
    max_length: int | None = MAX_POLICY_LENGTH,
) -> tuple[Finding, ...]:
    """Every fault and every finding of a document (JSON text or a mapping), in one pass.

    A fault that makes the document invalid is an ``invalid-<rule>`` error (the rule of
    :class:`InvalidPolicyError`); it hides nothing else: every statement that is valid
    on its own is linted as in :func:`lint_policy`, and so is one whose faults are only
    unknown keys and bad items of its lists of actions and resources, without them
    (leaving those out cannot widen it); its faults that the schema's hid come to
    light too. Only a document that is not JSON at all stops there. ``exact`` runs the
    analysis when the whole document is valid.

    >>> document = {"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "domain:*", "Resource": "*", "Conditon": {}},
    ...     {"Effect": "Deny", "Action": "domain:*", "Resource": "*",
    ...      "Condition": {"IpAddress": {"acs:SorceIp": "10.0.0.0/8"}}}]}
    >>> for finding in lint_document(document):
    ...     print(finding.code, finding.severity.value, finding.path)
    invalid-additionalProperties error $.Statement[0].Conditon
    full-wildcard warning $.Statement[0]
    misspelt-condition-key error $.Statement[1].Condition.IpAddress["acs:SorceIp"]
    dead-deny error $.Statement[1]
    """
    _check_catalog(catalog)
    faults = list(iter_errors(document, max_length=max_length))
    if not faults:
        policy = Policy.parse(document, max_length=max_length)
        return lint_policy(policy, catalog=catalog, exact=exact, budget=budget)
    data = _load_object(document)
    if data is None:
        return tuple(_fault(f) for f in faults)
    if any(f.rule == "max-length" for f in faults):
        faults.extend(iter_errors(document, max_length=None))
    found = [_fault(f) for f in faults]
    valid: list[tuple[int, Statement]] = []
    statements = data.get("Statement")
    for index, raw in enumerate(statements if isinstance(statements, list) else ()):
        # Each statement alone: its own faults, and it is linted when it has none, or
        # once the members at fault that cannot widen it are left out.
        single = {"Version": "1", "Statement": [raw]}
        inner = list(iter_errors(single, max_length=None))
        statement, later = _without_faults(raw, inner)
        prefix = child("$.Statement", index)
        for fault in (*inner, *later):
            path = fault.path or "$"
            if path.startswith("$.Statement[0]"):
                path = prefix + path[len("$.Statement[0]") :]
            found.append(_fault(fault, path))
        if statement is not None:
            valid.append((index, statement))
    found = _unique(found)
    found.extend(_lint_statements(valid, catalog))
    found.sort(key=lambda f: _statement_number(f.path))
    return tuple(found)


#: The members of a statement that can be left out, for linting the rest, when they
#: are at fault: unknown keys, and items of the lists of actions and resources (fewer
#: of those only narrow a statement). A fault anywhere else (a condition, the effect)
#: leaves the statement unlinted: without it the statement could mean more.
_LEFT_OUT = frozenset({"Action", "NotAction", "Resource"})


def _without_faults(
    raw: Any, faults: list[InvalidPolicyError]
) -> tuple[Statement | None, list[InvalidPolicyError]]:
    """The statement ``raw`` without the members at fault, if that is a valid statement.

    With the faults of the later stages (a document that fails the schema is not
    checked for them) that leaving those members out brings to light.
    """
    later: list[InvalidPolicyError] = []
    current = raw
    for _ in range(3):
        if not faults:
            document = {"Version": "1", "Statement": [current]}
            return Policy.parse(document, max_length=None).statements[0], later
        current = _left_out(current, faults)
        if current is None:
            break
        faults = list(iter_errors({"Version": "1", "Statement": [current]}, max_length=None))
        later.extend(faults)
    return None, later


def _left_out(raw: Any, faults: list[InvalidPolicyError]) -> dict[str, Any] | None:
    """``raw`` without the members at fault, or None when one of them cannot go."""
    if not isinstance(raw, Mapping):
        return None
    statement = dict(raw)
    items: dict[str, set[int]] = {}
    for fault in faults:
        where = parts(fault.path or "")
        if where is None or where[:2] != ["Statement", 0] or len(where) < 3:
            return None
        key, rest = where[2], where[3:]
        if not rest and fault.rule in ("additionalProperties", "principal-in-identity-policy"):
            statement.pop(str(key), None)
        elif len(rest) == 1 and key in _LEFT_OUT and isinstance(rest[0], int):
            items.setdefault(str(key), set()).add(rest[0])
        else:
            return None
    for key, drop in items.items():
        values = statement.get(key)
        if not isinstance(values, list) or len(drop) >= len(values):
            return None  # nothing would be left: a fault of its own, not the document's
        statement[key] = [v for i, v in enumerate(values) if i not in drop]
    return statement


def _check_catalog(catalog: Any) -> None:
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog, not {type(catalog).__name__}",
            field="catalog",
            value=catalog,
        )


def _load_object(document: str | Mapping[str, Any]) -> dict[str, Any] | None:
    """The document as JSON data, when it is a JSON object at all."""
    if isinstance(document, Mapping):
        try:
            data = json.loads(json.dumps(document))
        except (TypeError, ValueError, RecursionError):
            return None
    elif isinstance(document, str):
        try:
            data = json.loads(document)
        except (ValueError, RecursionError):
            return None
    else:
        return None
    return data if isinstance(data, dict) else None


def _fault(fault: InvalidPolicyError, path: str | None = None) -> Finding:
    return Finding(f"invalid-{fault.rule}", Severity.ERROR, path or fault.path or "$", str(fault))


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _lint_statements(statements: list[tuple[int, Statement]], catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    for index, statement in statements:
        path = child("$.Statement", index)
        own: list[Finding] = []
        own.extend(_actions(statement, path, catalog))
        own.extend(_resources(statement, path))
        own.extend(_conditions(statement, path))
        own.extend(_statement_level(statements, index, statement, path))
        own.extend(_risky_shapes(statement, path, catalog, own))
        own.extend(_dead_deny(statement, path, own))
        findings.extend(own)
    return findings


def _with_analysis(policy: Policy, findings: list[Finding], budget: int | None) -> list[Finding]:
    # The analysis proves these (vacuous, redundant, overridden-allow): slower, and
    # imported only when asked for.
    from domainrules.ram.analysis import DEFAULT_BUDGET
    from domainrules.ram.analysis.queries import _statement_findings_or_why

    proved, undecided = _statement_findings_or_why(
        policy, budget=DEFAULT_BUDGET if budget is None else budget
    )
    if undecided is not None:
        # Never silence: an analysis that could not decide is not a clean one.
        findings.append(
            Finding(
                "exact-undecided",
                Severity.WARNING,
                "$",
                f"undecided: {undecided}; vacuous, redundant and overridden statements "
                "were not looked for (a larger budget may decide)",
            )
        )
    shadowed = {f.path for f in findings if f.code == "shadowed-allow"}
    for found in proved:
        if found.code == "overridden-allow" and found.path in shadowed:
            continue  # said already
        findings.append(found)
    findings.sort(key=lambda f: _statement_number(f.path))
    return findings


def _statement_number(path: str) -> int:
    """The statement a path is in (-1 for the document itself), for document order."""
    if not path.startswith("$.Statement["):
        return -1
    number = path[len("$.Statement[") :].partition("]")[0]
    return int(number) if number.isdigit() and number.isascii() else -1


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
        if not lowered.replace(":", "", 1).strip("*"):  # '*', '*:*', '**'...
            if statement.effect == "Allow" and not statement.is_not_action:
                yield Finding(
                    "full-wildcard",
                    Severity.WARNING,
                    where,
                    f"{action!r} allows every action of every service",
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
                suggestion=aliases[lowered],
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
                suggestion=close[0] if close else None,
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
        if len(parts) == 5:
            yield from _fields(resource, parts, where)
        elif not has_wildcard(resource):
            yield Finding(
                "never-matches",
                Severity.WARNING,
                where,
                f"{resource!r} is not acs:service:region:account:relative-id",
            )
        _, name = domain_name_part(resource)
        if name:
            yield from _domain_name(name, where)
        if written != resource:
            yield Finding(
                "non-canonical-domain",
                Severity.INFO,
                where,
                f"{written!r} is read as {resource!r} (domain names are compared in "
                "canonical form)",
                suggestion=resource,
            )


def _fields(resource: str, parts: list[str], where: str) -> Iterator[Finding]:
    _, service, region, _, relative = parts
    if not compile_pattern(service).matches(DOMAIN_SERVICE):
        yield Finding(
            "other-service-resource",
            Severity.WARNING,
            where,
            f"{resource!r} is a resource of service {service!r}: no Domains request matches it",
        )
        return
    if not compile_pattern(region).matches("*"):
        yield Finding(
            "concrete-region",
            Severity.WARNING,
            where,
            f"region {region!r}: Domains requests always name the region '*', so "
            "this resource never matches",
            suggestion=":".join([*parts[:2], "*", *parts[3:]]),
        )
    _, name = domain_name_part(resource)
    relative_pattern = compile_pattern(relative)
    if not name and not (
        relative_pattern.matches("*") or "domain/".startswith(relative_pattern.head)
    ):
        yield Finding(
            "never-matches",
            Severity.WARNING,
            where,
            f"relative id {relative!r} matches neither '*' nor 'domain/<name>'",
        )


def _domain_name(name: str, where: str) -> Iterator[Finding]:
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
        return
    malformed = _malformed_domain(name)
    if malformed:
        yield Finding(
            "malformed-domain",
            Severity.ERROR,
            where,
            f"{name!r} is not a domain name ({malformed}): this resource never matches",
        )


def _conditions(statement: Statement, path: str) -> Iterator[Finding]:
    deny = statement.effect == "Deny"
    for clause in statement.conditions:
        where = child(child(child(path, "Condition"), clause.operator), clause.key)
        if clause.family == "Ip":
            yield from _host_bits(clause, where)
        lowered = clause.lookup_key
        if lowered in GLOBAL_KEYS:
            if deny and (lowered in _CALLER_KEYS):
                yield _caller_controlled(clause, where)
            continue
        if deny and lowered.startswith(_CALLER_KEY_PREFIXES):
            yield _caller_controlled(clause, where)
            continue
        near = _near_miss(clause.key)
        if near is not None:
            yield Finding(
                "misspelt-condition-key",
                Severity.ERROR if deny else Severity.WARNING,
                where,
                f"{clause.key!r} is not a condition key a request carries: did you mean "
                f"{near!r}? {_missing_effect(clause, deny)}",
                suggestion=near,
            )
            continue
        yield Finding(
            "unknown-condition-key",
            Severity.INFO,
            where,
            f"{clause.key!r} is not one of the global keys with a known type: it is compared "
            f"as {clause.family} values, and only a request whose context names it can match",
        )


def _near_miss(key: str) -> str | None:
    """The known key ``key`` is a near miss of: a typo, or the right name in another service."""
    lowered = key.lower()
    service, _, name = lowered.partition(":")
    for known, written in _KEY_NAMES.items():
        if name and name == known.partition(":")[2] and service != "acs":
            return written  # aws:SourceIp, ram:SourceIp...
    close = difflib.get_close_matches(lowered, list(_KEY_NAMES), n=1, cutoff=0.85)
    return _KEY_NAMES[close[0]] if close else None


def _missing_effect(clause: ConditionClause, deny: bool) -> str:
    """What a key no request carries does to the statement (see conditions: a missing key)."""
    holds = clause.negated if clause.qualifier is None else clause.qualifier == "ForAllValues"
    if holds:
        return "No request carries it, so this clause always holds."
    if deny:
        return "No request carries it, so this clause never holds and the Deny never applies."
    return "No request carries it, so this clause never holds and the Allow never applies."


def _caller_controlled(clause: ConditionClause, where: str) -> Finding:
    return Finding(
        "caller-controlled-deny",
        Severity.WARNING,
        where,
        f"the caller writes {clause.key!r} into its own request: a Deny that depends on it "
        "is one the caller can step around by sending another value (or none); deny on "
        "what the caller cannot choose (acs:SourceIp, acs:SourceVpc, acs:MFAPresent)",
    )


def _risky_shapes(
    statement: Statement, path: str, catalog: Catalog, found: list[Finding]
) -> Iterator[Finding]:
    if statement.effect != "Allow":
        return
    if statement.is_not_action:
        listed = ", ".join(repr(a) for a in statement.not_actions or ())
        yield Finding(
            "allow-not-action",
            Severity.WARNING,
            child(path, "NotAction"),
            f"Allow with NotAction allows every action except {listed}, of every service, "
            "including actions added later: list the actions to allow with Action instead",
        )
        return
    if any(f.code == "full-wildcard" for f in found):
        return  # said already, and more strongly
    if not any(p.kind == "any" for p in statement.resource_patterns):
        return
    writes = sorted(
        action
        for action in catalog.known_actions
        if not action.partition(":")[2].lower().startswith(_READ_PREFIXES)
        and any(p.matches(action.lower()) for p in statement.action_patterns)
    )
    if writes:
        shown = ", ".join(writes[:3]) + (f" and {len(writes) - 3} more" if len(writes) > 3 else "")
        yield Finding(
            "write-on-any-resource",
            Severity.WARNING,
            _item(statement, path, "Resource", statement.written_resources.index("*"))
            if "*" in statement.written_resources
            else child(path, "Resource"),
            f"Resource '*' grants {shown} on every domain of the account (and every "
            "account): name the domains (acs:domain:*:<account-id>:domain/<name>)",
        )


def _dead_deny(statement: Statement, path: str, found: list[Finding]) -> Iterator[Finding]:
    """A Deny no canonical Domains request can match, said once at the statement."""
    if statement.effect != "Deny" or not _names_domain_actions(statement):
        return  # another service's Deny: not for this linter to judge
    resource_paths = {
        _item(statement, path, "Resource", i) for i in range(len(statement.resources))
    }
    dead_resources = {f.path for f in found if f.code in _DEAD_RESOURCE}
    action_field = "NotAction" if statement.is_not_action else "Action"
    actions = statement.not_actions or statement.actions or ()
    action_paths = {_item(statement, path, action_field, i) for i in range(len(actions))}
    dead_actions = {f.path for f in found if f.code in _DEAD_ACTION}
    dead_clauses = [
        f for f in found if f.code == "misspelt-condition-key" and "never holds" in f.message
    ]
    if resource_paths <= dead_resources:
        why = "none of its resources can be a Domains resource"
    elif not statement.is_not_action and action_paths <= dead_actions:
        why = "none of its actions is one a Domains request is checked against"
    elif dead_clauses:
        why = f"its condition on {dead_clauses[0].path.rpartition('[')[2][:-1]} never holds"
    else:
        return
    yield Finding(
        "dead-deny",
        Severity.ERROR,
        path,
        f"this Deny can never match a canonical Domains request: {why}; the access it "
        "was written to refuse stays allowed",
    )


def _names_domain_actions(statement: Statement) -> bool:
    if statement.is_not_action:
        return True
    return any(
        not action.strip("*") or compile_pattern(action.partition(":")[0]).matches(DOMAIN_SERVICE)
        for action in (a.lower() for a in statement.actions or ())
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


def _shadowed_by(allow: Statement, deny: Statement) -> bool:
    if deny.conditions or deny.is_not_action or allow.is_not_action:
        return False
    return all(
        any(covers(d, a) for d in deny.action_patterns) for a in allow.action_patterns
    ) and all(any(covers(d, r) for d in deny.resource_patterns) for r in allow.resource_patterns)


def _statement_level(
    statements: list[tuple[int, Statement]], index: int, statement: Statement, path: str
) -> Iterator[Finding]:
    for earlier, other in statements:
        if earlier >= index:
            break
        if _same(other, statement):
            yield Finding(
                "duplicate-statement",
                Severity.WARNING,
                path,
                f"statement {index} repeats statement {earlier}",
            )
            break
    if statement.effect == "Allow":
        for deny_index, other in statements:
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
