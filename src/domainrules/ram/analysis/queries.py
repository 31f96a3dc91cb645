"""Exact policy analysis: what a policy change grants, proved, with a request as witness.

Every question is answered by splitting each dimension of a request into *cells*
that no statement can tell apart, then searching the product of the cells:

- the action and the resource: the realizable signatures of the glob automaton
  (:mod:`domainrules.ram.globs`) over every pattern of the policies compared;
- each condition key: "missing", or a non-empty set of values (one value for the
  single-valued global keys such as ``acs:SourceIp``), each value in one cell of its
  family (String: the automaton over the policy values, with
  ``casefold`` for the IgnoreCase operators; Numeric and Date: the intervals cut by
  the policy constants; IpAddress: the address ranges cut by the CIDR boundaries,
  IPv4 and IPv6 apart; Bool: true, false).

A request is allowed by a policy set when some Allow statement matches and no Deny
does, a Boolean function of the cells, so the search is exact. Each answer that
says "this is allowed" carries requests (shortest first) that were confirmed by the
real evaluator before being returned: a witness can never be wrong. Where the state
budget would be exceeded the answer is *undecided*, never a guess.

Two universes: the raw one (any action and resource text a request can hold), and
the catalog one (``catalog=``): only the actions of that Domains catalog, each on
the kind of resource its APIs are checked against, with the account id and the
domain name as variables.

>>> from domainrules.ram import Policy
>>> old = Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow",
...     "Action": "domain:Query*", "Resource": "*"}]}, name="old")
>>> new = Policy.parse({"Version": "1", "Statement": [{"Effect": "Allow",
...     "Action": "domain:*", "Resource": "*"}]}, name="new")
>>> result = compare(old, new)
>>> result.relation.value
'more-permissive'
>>> region = result.new_access[0]
>>> region.allowed_by[0].policy, region.witnesses[0].action
('new', 'domain:EnsSetting')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from domainrules.errors import ArgumentTypeError
from domainrules.ram._text import short_repr
from domainrules.ram.analysis._automaton import DEFAULT_MAX_STATES
from domainrules.ram.analysis._budget import DEFAULT_BUDGET, Budget, BudgetExceeded
from domainrules.ram.analysis._cells import _Problem
from domainrules.ram.analysis._conditions import MAX_COMBINATIONS, _Undecided, plain_value
from domainrules.ram.analysis._results import (
    AnalysisError,
    Check,
    CheckOutcome,
    Comparison,
    Region,
    Relation,
    StatementRef,
)
from domainrules.ram.analysis._search import MAX_WITNESSES, _analyse, _Goal, _search
from domainrules.ram.catalog import Catalog
from domainrules.ram.errors import InvalidRequestError
from domainrules.ram.evaluate import PolicySet
from domainrules.ram.findings import Finding, Severity
from domainrules.ram.policy import Policy, Statement

__all__ = [
    "DEFAULT_BUDGET",
    "MAX_COMBINATIONS",
    "MAX_WITNESSES",
    "AnalysisError",
    "Check",
    "CheckOutcome",
    "Comparison",
    "Policies",
    "Region",
    "Relation",
    "StatementRef",
    "always_allows",
    "always_denies",
    "check_access_not_granted",
    "check_no_new_access",
    "compare",
    "disjoint",
    "implies",
    "plain_value",
    "statement_findings",
]

#: What the analysis functions take: a policy set, one policy, or policies.
Policies = PolicySet | Policy | Iterable[Policy]


# --- inputs ------------------------------------------------------------------


def _policy_set(policies: Any, field: str) -> PolicySet:
    if isinstance(policies, PolicySet):
        return policies
    if isinstance(policies, Policy):
        return PolicySet((policies,))
    if isinstance(policies, (str, bytes, Mapping)) or not isinstance(policies, Iterable):
        raise ArgumentTypeError(
            f"{field} must be a Policy, a PolicySet or an iterable of Policy values, "
            f"not {type(policies).__name__}",
            field=field,
            value=policies,
        )
    return PolicySet(policies)


def _patterns(values: Any, field: str) -> tuple[str, ...]:
    items = (values,) if isinstance(values, str) else values
    try:
        if isinstance(items, (bytes, bytearray)):  # bytes iterate as numbers
            raise TypeError(items)
        result = tuple(items)
    except TypeError:
        raise ArgumentTypeError(
            f"{field} must be a pattern or an iterable of patterns", field=field, value=values
        ) from None
    if not all(isinstance(item, str) for item in result):
        raise ArgumentTypeError(
            f"{field} must be one or more patterns (text)", field=field, value=values
        )
    if not result:
        raise InvalidRequestError(
            f"{field} must be one or more patterns (text)", field=field, value=values
        )
    return result


def _scope(actions: Any, resources: Any) -> PolicySet:
    """The requests in question, as a policy set of one Allow statement."""
    statement = Statement(
        "Allow", _patterns(actions, "actions"), None, _patterns(resources, "resources")
    )
    return PolicySet((Policy("scope", "1", (statement,)),))


def _check_budget(max_states: Any, budget: Any = DEFAULT_BUDGET) -> None:
    for field, value in (("max_states", max_states), ("budget", budget)):
        if type(value) is not int:
            raise ArgumentTypeError(
                f"{field} must be a positive int, not {short_repr(value)}",
                field=field,
                value=value,
            )
        if value < 1:
            raise InvalidRequestError(
                f"{field} must be a positive int, not {short_repr(value)}",
                field=field,
                value=value,
            )


def _check_catalog(catalog: Any) -> None:
    if catalog is not None and not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog or None, not {type(catalog).__name__}",
            field="catalog",
            value=catalog,
        )


def _check(
    sets: Sequence[PolicySet],
    reported: Sequence[bool],
    goal: _Goal,
    catalog: Catalog | None,
    max_states: int,
    budget: int,
) -> Check:
    _check_catalog(catalog)
    _check_budget(max_states, budget)
    regions, reasons, exhausted = _analyse(
        sets, reported, {"goal": goal}, catalog, max_states, budget
    )
    if regions["goal"]:
        return Check(CheckOutcome.FAIL, regions["goal"], tuple(reasons), exhausted)
    if reasons:
        return Check(CheckOutcome.UNDECIDED, (), tuple(reasons), exhausted)
    return Check(CheckOutcome.PASS)


# --- the public questions ----------------------------------------------------------


def compare(
    old: Policies,
    new: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Comparison:
    """Compare two policy sets: the relation, the access gained and the access lost.

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> result = compare(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS)
    >>> result.relation.value, len(result.new_access)
    ('less-permissive', 0)
    >>> compare(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).relation.value
    'equivalent'
    """
    _check_catalog(catalog)
    _check_budget(max_states, budget)
    sets = (_policy_set(old, "old"), _policy_set(new, "new"))
    goals: dict[str, _Goal] = {
        "new": lambda allowed: allowed[1] and not allowed[0],
        "lost": lambda allowed: allowed[0] and not allowed[1],
    }
    regions, reasons, exhausted = _analyse(sets, (True, True), goals, catalog, max_states, budget)
    gained, lost = regions["new"], regions["lost"]
    if gained and lost:
        relation = Relation.INCOMPARABLE
    elif reasons:
        relation = Relation.UNDECIDED
    elif gained:
        relation = Relation.MORE_PERMISSIVE
    elif lost:
        relation = Relation.LESS_PERMISSIVE
    else:
        relation = Relation.EQUIVALENT
    return Comparison(relation, gained, lost, tuple(reasons), exhausted)


def check_no_new_access(
    old: Policies,
    new: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether ``new`` allows nothing that ``old`` does not (FAIL: the new access).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> check_no_new_access(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS).outcome
    <CheckOutcome.PASS: 'pass'>
    """
    sets = (_policy_set(old, "old"), _policy_set(new, "new"))
    return _check(sets, (True, True), lambda a: a[1] and not a[0], catalog, max_states, budget)


def check_access_not_granted(
    policies: Policies,
    actions: str | Iterable[str],
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether no request for ``actions`` on ``resources`` (patterns) is allowed.

    >>> from domainrules.ram import DOCUMENTED_READ_ONLY_POLICY
    >>> check_access_not_granted(DOCUMENTED_READ_ONLY_POLICY, "domain:Dns*").passed
    True
    >>> failed = check_access_not_granted(DOCUMENTED_READ_ONLY_POLICY, "domain:Query*")
    >>> failed.outcome.value, failed.regions[0].witnesses[0].action
    ('fail', 'domain:QueryDnsHost')
    """
    sets = (_policy_set(policies, "policies"), _scope(actions, resources))
    return _check(sets, (True, False), lambda a: a[0] and a[1], catalog, max_states, budget)


def always_allows(
    policies: Policies,
    actions: str | Iterable[str] = "*",
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether every request for ``actions`` on ``resources`` is allowed (FAIL: a denied one).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS
    >>> always_allows(ALIYUN_DOMAIN_FULL_ACCESS, "domain:*").passed
    True
    >>> always_allows(ALIYUN_DOMAIN_FULL_ACCESS).regions[0].witnesses[0].action
    'a:a'
    """
    sets = (_policy_set(policies, "policies"), _scope(actions, resources))
    return _check(sets, (True, False), lambda a: a[1] and not a[0], catalog, max_states, budget)


def always_denies(
    policies: Policies,
    actions: str | Iterable[str] = "*",
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether every request for ``actions`` on ``resources`` is denied (FAIL: an allowed one).

    >>> from domainrules.ram import ALIYUN_DOMAIN_READONLY_ACCESS
    >>> always_denies(ALIYUN_DOMAIN_READONLY_ACCESS, "domain:Save*").passed
    True
    """
    sets = (_policy_set(policies, "policies"), _scope(actions, resources))
    return _check(sets, (True, False), lambda a: a[0] and a[1], catalog, max_states, budget)


def implies(
    first: Policies,
    second: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether every request ``first`` allows, ``second`` allows too (FAIL: one it does not).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> implies(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).passed
    True
    """
    sets = (_policy_set(first, "first"), _policy_set(second, "second"))
    return _check(sets, (True, True), lambda a: a[0] and not a[1], catalog, max_states, budget)


def disjoint(
    first: Policies,
    second: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
    budget: int = DEFAULT_BUDGET,
) -> Check:
    """Whether no request is allowed by both (FAIL: one allowed by both).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> disjoint(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).passed
    False
    """
    sets = (_policy_set(first, "first"), _policy_set(second, "second"))
    return _check(sets, (True, True), lambda a: a[0] and a[1], catalog, max_states, budget)


# --- statement findings for lint ------------------------------------------------------


def _only(index: int, others: Sequence[int]) -> _Goal:
    """The goal "statement ``index`` matches and none of ``others`` does"."""

    def goal(matched: Sequence[bool]) -> bool:
        return matched[index] and not any(matched[j] for j in others)

    return goal


def statement_findings(
    policy: Policy, *, max_states: int = DEFAULT_MAX_STATES, budget: int = DEFAULT_BUDGET
) -> tuple[Finding, ...]:
    """Vacuous, redundant and overridden statements of ``policy``, proved exactly.

    A statement whose question is undecided within the budget gets no finding.

    >>> from domainrules.ram import Policy
    >>> policy = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "domain:Query*", "Resource": "*"},
    ...     {"Effect": "Allow", "Action": "domain:QueryDomainList", "Resource": "*"},
    ...     {"Effect": "Deny", "Action": "domain:*", "Resource": "acs:domain:*:*:*",
    ...      "Condition": {"StringEquals": {"k:a": "x"}, "StringNotEquals": {"k:a": "x"}}}]})
    >>> [(f.code, f.severity.value, f.path) for f in statement_findings(policy)]
    [('redundant-statement', 'warning', '$.Statement[1]'), ('vacuous-statement', 'error', '$.Statement[2]')]
    """
    return _statement_findings_or_why(policy, max_states=max_states, budget=budget)[0]


def _statement_findings_or_why(
    policy: Policy, *, max_states: int = DEFAULT_MAX_STATES, budget: int = DEFAULT_BUDGET
) -> tuple[tuple[Finding, ...], str | None]:
    """:func:`statement_findings`, and why it gave none when it was undecided (or None).

    Lint reports the reason, so that an undecided analysis is never mistaken for a
    clean one.

    >>> from domainrules.ram import Policy
    >>> policy = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "domain:Query*", "Resource": "*"}]})
    >>> _statement_findings_or_why(policy, budget=1)
    ((), 'the analysis budget of 1 steps ran out on automaton states (...)')
    """
    if not isinstance(policy, Policy):
        raise ArgumentTypeError(
            f"a Policy is needed, not {type(policy).__name__}", field="policy", value=policy
        )
    _check_budget(max_states, budget)
    statements = policy.statements
    # Each statement alone, as an Allow: "allowed" then means "the statement matches".
    sets = [
        PolicySet(
            (
                Policy(
                    policy.name,
                    "1",
                    (attrs.evolve(s, effect="Allow", written_resources=s.written_resources),),
                ),
            )
        )
        for s in statements
    ]
    denies = [i for i, s in enumerate(statements) if s.effect == "Deny"]
    goals: dict[str, _Goal] = {}
    for i, statement in enumerate(statements):
        same = [j for j, s in enumerate(statements) if j != i and s.effect == statement.effect]
        goals[f"vacuous {i}"] = _only(i, [])
        goals[f"redundant {i}"] = _only(i, same)
        if statement.effect == "Allow":
            goals[f"overridden {i}"] = _only(i, denies)
    try:
        problem = _Problem(sets, [True] * len(sets), None, max_states, Budget(budget))
        pairs = problem.pair_cells()
    except BudgetExceeded as exceeded:
        return (), str(exceeded)
    reached: set[str] = set()
    undecided: str | None = None
    seen: set[int] = set()
    for _, mask in pairs:
        if mask in seen:
            continue
        seen.add(mask)
        try:
            hits = _search(problem, mask, {n: g for n, g in goals.items() if n not in reached})
        except (_Undecided, BudgetExceeded) as reason:
            undecided = undecided or str(reason)
            continue
        reached.update(name for name, found in hits.items() if found)
    if undecided is not None:
        return (), undecided
    findings = []
    for i, statement in enumerate(statements):
        path = f"$.Statement[{i}]"
        if f"vacuous {i}" not in reached:
            deny = statement.effect == "Deny"
            findings.append(
                Finding(
                    "vacuous-statement",
                    Severity.ERROR if deny else Severity.WARNING,
                    path,
                    "the statement matches no request"
                    + (": this Deny never applies" if deny else ""),
                )
            )
            continue
        if f"redundant {i}" not in reached:
            findings.append(
                Finding(
                    "redundant-statement",
                    Severity.WARNING,
                    path,
                    f"every request it matches is matched by another {statement.effect} "
                    "statement: removing it changes nothing",
                )
            )
        elif f"overridden {i}" in goals and f"overridden {i}" not in reached:
            findings.append(
                Finding(
                    "overridden-allow",
                    Severity.WARNING,
                    path,
                    "a Deny of the policy denies every request this Allow matches",
                )
            )
    return tuple(findings), None
