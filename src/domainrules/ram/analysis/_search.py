"""The search: the product of the cells, each combination decided, regions and witnesses.

A request is allowed by a policy set when some Allow statement matches and no Deny
does, a Boolean function of the cells, so the search is exact. Each region that
says "this is allowed" carries requests (shortest first) that were confirmed by the
real evaluator before being returned: a witness can never be wrong.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from domainrules.ram.analysis._budget import Budget, BudgetExceeded
from domainrules.ram.analysis._cells import _PairCell, _Problem
from domainrules.ram.analysis._conditions import _VARIANTS, MAX_COMBINATIONS, _Key, _Undecided
from domainrules.ram.analysis._results import AnalysisError, Region, RegionCondition
from domainrules.ram.catalog import Catalog
from domainrules.ram.errors import InvalidRequestError
from domainrules.ram.evaluate import PolicySet, Request

#: At most this many witnesses are kept per region.
MAX_WITNESSES = 3

_Witness = tuple[Any, ...] | None


@attrs.frozen
class _Hit:
    """One combination of condition cells where the goal holds."""

    #: Per key, the witnesses of its cell (None: the key missing).
    context: tuple[tuple[str, tuple[_Witness, ...]], ...]
    conditions: tuple[str, ...]
    allowed_by: tuple[int, ...]
    denied_by: tuple[int, ...]
    clauses: tuple[RegionCondition, ...] = attrs.field(default=(), eq=False)


_Goal = Callable[[Sequence[bool]], bool]


class _Projection(NamedTuple):
    """One cell of a key, projected on the clauses in question."""

    truth: dict[int, bool]
    context: tuple[str, tuple[_Witness, ...]]
    description: str
    clauses: tuple[RegionCondition, ...]


def _search(problem: _Problem, mask: int, goals: Mapping[str, _Goal]) -> dict[str, list[_Hit]]:
    """The condition combinations where each goal holds, for the statements in ``mask``."""
    active = [
        (number, stmt) for number, stmt in enumerate(problem.statements) if mask >> number & 1
    ]
    relevant: dict[str, set[int]] = {}
    for _, stmt in active:
        for lookup, spec in stmt.clauses:
            relevant.setdefault(lookup, set()).add(spec)
    for lookup in relevant:
        reason = problem.undecided_keys.get(lookup)
        if reason is not None:
            raise reason
    keys = sorted(relevant)
    # Per key, its cells projected on the clauses in question: the truth of each
    # clause, a few witnesses, and the cell described (in words and as data).
    projections: list[list[_Projection]] = []
    total = 1
    for lookup in keys:
        key = problem.keys[lookup]
        wanted = sorted(relevant[lookup])
        distinct: dict[tuple[bool, ...], list[_Witness]] = {}
        for truth, witness in key.cells:
            # The cells come missing first, then by the size of their witness; keep a
            # few witnesses per projection (the key missing, and present).
            kept = distinct.setdefault(tuple(truth[s] for s in wanted), [])
            if len(kept) < _VARIANTS:
                kept.append(witness)
        cells = []
        for p, witnesses in distinct.items():
            cell = (dict(zip(wanted, p, strict=False)), tuple(witnesses))
            cells.append(
                _Projection(cell[0], (lookup, cell[1]), _describe(key, cell), _clauses(key, cell))
            )
        projections.append(cells)
        total *= len(distinct)
        if total > MAX_COMBINATIONS:
            raise BudgetExceeded(
                f"more than {MAX_COMBINATIONS} condition combinations for keys {', '.join(keys)}",
                "condition combinations",
            )
    if problem.budget is not None:
        problem.budget.spend("condition combinations", total)
    sides = len(problem.sets)
    found: dict[str, list[_Hit]] = {name: [] for name in goals}
    key_position = {lookup: i for i, lookup in enumerate(keys)}
    # The statements without conditions match in every combination.
    always: tuple[list[list[int]], list[list[int]]] = (
        [[] for _ in range(sides)],
        [[] for _ in range(sides)],
    )
    conditional = []
    for number, stmt in active:
        if stmt.clauses:
            where = tuple((key_position[lookup], spec) for lookup, spec in stmt.clauses)
            conditional.append((number, stmt.deny, stmt.side, where))
        else:
            always[1 if stmt.deny else 0][stmt.side].append(number)
    for combination in itertools.product(*projections):
        allows = [list(numbers) for numbers in always[0]]
        denies = [list(numbers) for numbers in always[1]]
        for number, deny, side, where in conditional:
            if all(combination[i].truth[spec] for i, spec in where):
                (denies if deny else allows)[side].append(number)
        allowed = [bool(allows[s]) and not denies[s] for s in range(sides)]
        for name, goal in goals.items():
            if not goal(allowed):
                continue
            by = tuple(
                n for s in range(sides) if allowed[s] and problem.reported[s] for n in allows[s]
            )
            against = tuple(
                n for s in range(sides) if not allowed[s] and problem.reported[s] for n in denies[s]
            )
            found[name].append(
                _Hit(
                    tuple(cell.context for cell in combination),
                    tuple(cell.description for cell in combination),
                    by,
                    against,
                    tuple(c for cell in combination for c in cell.clauses),
                )
            )
    return found


def _describe(key: _Key, cell: tuple[dict[int, bool], tuple[_Witness, ...]]) -> str:
    truth, witnesses = cell
    if all(w is None for w in witnesses):
        return f"{key.name} is missing"
    parts = [
        f"{key.specs[spec].text}" if holds else f"not {key.specs[spec].text}"
        for spec, holds in sorted(truth.items())
    ]
    return "; ".join(parts)


def _clauses(
    key: _Key, cell: tuple[dict[int, bool], tuple[_Witness, ...]]
) -> tuple[RegionCondition, ...]:
    """:func:`_describe` as data."""
    truth, witnesses = cell
    if all(w is None for w in witnesses):
        return (RegionCondition(key.name, None),)
    return tuple(
        RegionCondition(key.name, key.specs[spec].operator, key.specs[spec].values, holds)
        for spec, holds in sorted(truth.items())
    )


# --- regions and witnesses ---------------------------------------------------------


def _context(problem: _Problem, hit: _Hit, variant: int) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for lookup, witnesses in hit.context:
        values = witnesses[min(variant, len(witnesses) - 1)]
        if values is None:
            continue
        name = problem.keys[lookup].name
        context[name] = values[0] if len(values) == 1 else list(values)
    return context


def _realize(
    problem: _Problem, cell: _PairCell, hit: _Hit, goal: _Goal, variant: int = 0
) -> Request | None:
    """The request of a cell and a hit, confirmed by the evaluator; None if not a request."""
    if problem.budget is not None:
        problem.budget.spend("witnesses")
    try:
        request = Request(cell.action, cell.resource, _context(problem, hit, variant))
    except InvalidRequestError:
        return None
    if request.resource != cell.resource:
        return None  # not canonical: the request would be another one
    allowed = [s.evaluate(request).allowed for s in problem.sets]
    if not goal(allowed):
        raise AnalysisError(
            f"the analysis found {request!r} but the evaluator decides {allowed}: a bug",
            field="witness",
            value=repr(request),
        )
    return request


def _regions(
    problem: _Problem,
    found: list[tuple[_PairCell, _Hit]],
    goal: _Goal,
    reasons: list[str],
) -> tuple[Region, ...]:
    groups: dict[tuple[Any, ...], list[tuple[_PairCell, _Hit]]] = {}
    for cell, hit in found:
        groups.setdefault((hit.allowed_by, hit.denied_by, hit.conditions), []).append((cell, hit))
    regions: list[Region] = []
    try:
        _collect(problem, groups, goal, reasons, regions)
    except BudgetExceeded as exhausted:
        # The regions found so far are real (each witness confirmed): kept.
        reasons.append(str(exhausted))
        problem.exhausted = problem.exhausted or exhausted.resource
    regions.sort(key=lambda r: len(r.witnesses[0].action) + len(r.witnesses[0].resource))
    return tuple(regions)


def _collect(
    problem: _Problem,
    groups: dict[tuple[Any, ...], list[tuple[_PairCell, _Hit]]],
    goal: _Goal,
    reasons: list[str],
    regions: list[Region],
) -> None:
    for (by, against, conditions), members in groups.items():
        clauses = members[0][1].clauses
        if problem.budget is not None:
            problem.budget.spend("regions")
        members.sort(
            key=lambda m: (len(m[0].action) + len(m[0].resource), m[0].action, m[0].resource)
        )
        witnesses: list[Request] = []
        for variant, (cell, hit) in itertools.product(range(_VARIANTS), members[:24]):
            request = _realize(problem, cell, hit, goal, variant)
            if request is not None and request not in witnesses:
                witnesses.append(request)
                if len(witnesses) >= MAX_WITNESSES:
                    break
        witnesses.sort(key=_length)
        if not witnesses:
            for cell, hit in members[:4]:
                for other in problem.alternatives(cell):
                    request = _realize(problem, other, hit, goal)
                    if request is not None:
                        witnesses.append(request)
                        break
                if witnesses:
                    break
        if not witnesses:
            reasons.append(
                f"no valid request found for a region allowed by "
                f"{', '.join(str(problem.statements[n].ref) for n in by) or 'nothing'}"
            )
            continue
        regions.append(
            Region(
                actions=_describe_patterns(problem, by, members, "action"),
                resources=_describe_patterns(problem, by, members, "resource"),
                conditions=tuple(c for c in conditions if c),
                allowed_by=tuple(problem.statements[n].ref for n in by),
                denied_by=tuple(problem.statements[n].ref for n in against),
                witnesses=tuple(witnesses),
                clauses=clauses,
            )
        )


def _length(request: Request) -> int:
    values = sum(len(str(v)) for vs in request.context.values() for v in vs)
    return len(request.action) + len(request.resource) + values


def _describe_patterns(
    problem: _Problem, by: tuple[int, ...], members: list[tuple[_PairCell, _Hit]], what: str
) -> tuple[str, ...]:
    texts: dict[str, None] = {}
    source = problem.action_texts if what == "action" else problem.resource_texts
    matched: set[int] = set()
    for cell, _ in members:
        matched.update(cell.action_signature if what == "action" else cell.resource_signature)
    for number in by:
        stmt = problem.statements[number]
        ids = stmt.actions if what == "action" else stmt.resources
        if what == "action" and stmt.not_action:
            for i in ids:
                texts[f"not {source[i]}"] = None
        else:
            for i in ids:
                if i in matched:
                    texts[source[i]] = None
    if not by:
        witness = members[0][0]
        texts[witness.action if what == "action" else witness.resource] = None
    return tuple(texts)


def _analyse(
    sets: Sequence[PolicySet],
    reported: Sequence[bool],
    goals: Mapping[str, _Goal],
    catalog: Catalog | None,
    max_states: int,
    budget: int,
) -> tuple[dict[str, tuple[Region, ...]], list[str], str | None]:
    """The regions of each goal, why some could not be searched, and what ran out (if any)."""
    reasons: list[str] = []
    try:
        problem = _Problem(sets, reported, catalog, max_states, Budget(budget))
        pairs = problem.pair_cells()
    except BudgetExceeded as reason:
        text = str(reason)
        if not text.startswith("the analysis budget"):
            text = f"actions or resources: {text}"  # one automaton over its own cap
        return {name: () for name in goals}, [text], reason.resource
    by_mask: dict[int, dict[str, list[_Hit]]] = {}
    found: dict[str, list[tuple[_PairCell, _Hit]]] = {name: [] for name in goals}
    for cell, mask in pairs:
        hits = by_mask.get(mask)
        if hits is None:
            try:
                hits = _search(problem, mask, goals)
            except (_Undecided, BudgetExceeded) as reason:
                hits = {name: [] for name in goals}
                if isinstance(reason, BudgetExceeded):
                    problem.exhausted = problem.exhausted or reason.resource
                if str(reason) not in reasons:
                    reasons.append(str(reason))
            by_mask[mask] = hits
        for name, name_hits in hits.items():
            found[name].extend((cell, hit) for hit in name_hits)
    result = {name: _regions(problem, found[name], goals[name], reasons) for name in goals}
    return result, reasons, problem.exhausted
