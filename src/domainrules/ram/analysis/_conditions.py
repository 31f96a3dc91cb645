"""Cells of the condition keys: per key, the context values no statement tells apart.

A key is "missing", or holds a non-empty set of values (one value for the
single-valued global keys such as ``acs:SourceIp``), each value in one cell of its
family (String: the glob automaton over the policy values, with ``casefold`` for the
IgnoreCase operators; Numeric and Date: the intervals cut by the policy constants;
IpAddress: the address ranges cut by the CIDR boundaries, IPv4 and IPv6 apart;
Bool: true, false).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from domainrules.ram import operators
from domainrules.ram.analysis._automaton import (
    GlobAutomaton,
    Nfa,
    casefold_nfa,
    glob_nfa,
    literal_nfa,
)
from domainrules.ram.analysis._budget import Budget, BudgetExceeded
from domainrules.ram.conditions import SINGLE_VALUED_KEYS, ConditionClause
from domainrules.ram.operators import Test

#: At most this many condition combinations are searched for one set of statements.
MAX_COMBINATIONS = 200_000
#: Per truth vector of a key, this many cells are kept (the key missing, and present).
_VARIANTS = 2


class _Undecided(Exception):
    """Part of the question exceeds the budget."""


@attrs.frozen
class _Atom:
    """``base(x)`` of a clause: the value matches some policy value."""

    family: str
    comparison: str
    ignore_case: bool
    values: tuple[Any, ...]


@attrs.frozen
class _ClauseSpec:
    atom: int
    negated: bool
    qualifier: str | None
    text: str
    # The clause as written (operator with its qualifier, the values as plain data),
    # for the structured description of a region (RegionCondition).
    operator: str = attrs.field(default="", eq=False)
    values: tuple[Any, ...] = attrs.field(default=(), eq=False)


def _base(atom: _Atom) -> Test:
    """``base(x)`` of the atom: the evaluator's own comparison (one definition of each)."""
    return operators.base_test(atom.comparison, atom.values, atom.ignore_case)


def _string_nfa(atom: _Atom, value: str) -> Nfa:
    """The texts that ``value`` matches under the atom's comparison, as an NFA."""
    if atom.comparison == "like":
        return glob_nfa(value)
    if atom.comparison == "eq":
        return casefold_nfa(value) if atom.ignore_case else literal_nfa(value)
    # A String comparison the automaton has no language for: undecided, never a guess.
    raise _Undecided(f"the analysis cannot cut text by the comparison {atom.comparison!r}")


def _string_cells(
    atoms: Sequence[_Atom], max_states: int, budget: Budget | None
) -> list[tuple[frozenset[int], Any]]:
    nfas: list[Nfa] = []
    owner: list[int] = []
    for index, atom in enumerate(atoms):
        for value in atom.values:
            nfas.append(_string_nfa(atom, value))
            owner.append(index)
    automaton = GlobAutomaton(nfas, max_states=max_states, budget=budget)
    cells: dict[frozenset[int], Any] = {}
    for signature, witness in automaton.cells().items():
        truth = frozenset(owner[i] for i in signature)
        cells.setdefault(truth, witness)
    return list(cells.items())


def _single_cells(
    family: str, atoms: Sequence[_Atom], max_states: int, budget: Budget | None = None
) -> list[tuple[frozenset[int], Any]]:
    """Every realizable truth set of the atoms for one value, with a witness value."""
    points_of = operators.FAMILIES[family].points
    if points_of is None:
        return _string_cells(atoms, max_states, budget)
    points = points_of([v for atom in atoms for v in atom.values])
    tests = [_base(atom) for atom in atoms]
    cells: dict[frozenset[int], Any] = {}
    for point in points:
        truth = frozenset(i for i, test in enumerate(tests) if test(point))
        cells.setdefault(truth, point)
    return list(cells.items())


def _clause_truth(spec: _ClauseSpec, any_true: frozenset[int], all_true: frozenset[int]) -> bool:
    atom = spec.atom
    if spec.qualifier is None:
        return (atom in any_true) is not spec.negated
    if spec.qualifier == "ForAnyValue":
        return atom not in all_true if spec.negated else atom in any_true
    return atom not in any_true if spec.negated else atom in all_true


def _when_missing(spec: _ClauseSpec) -> bool:
    if spec.qualifier is None:
        return spec.negated
    return spec.qualifier == "ForAllValues"


class _Key:
    """One condition key: its clauses and the cells of its context values."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.families: set[str] = set()
        self.atoms: list[_Atom] = []
        self.specs: list[_ClauseSpec] = []
        self._spec_index: dict[_ClauseSpec, int] = {}
        # Each cell: the truth of every spec, and the witness (None: the key is missing).
        self.cells: list[tuple[tuple[bool, ...], tuple[Any, ...] | None]] = []

    def add(self, clause: ConditionClause) -> int:
        self.families.add(clause.family)
        atom = _Atom(clause.family, clause.comparison, clause.ignore_case, tuple(clause.values))
        if atom not in self.atoms:
            self.atoms.append(atom)
        qualifier = getattr(clause, "qualifier", None)
        text = f"{clause.operator} {self.name} {_show(clause.values)}"
        spec = _ClauseSpec(
            self.atoms.index(atom),
            clause.negated,
            qualifier,
            text,
            clause.operator,
            tuple(plain_value(v) for v in clause.values),
        )
        index = self._spec_index.get(spec)
        if index is None:
            index = self._spec_index[spec] = len(self.specs)
            self.specs.append(spec)
        return index

    def build(self, max_states: int, budget: Budget | None = None) -> None:
        if len(self.families) > 1:
            raise _Undecided(
                f"condition key {self.name!r} is compared as {' and '.join(sorted(self.families))}"
            )
        (family,) = self.families
        singles = _single_cells(family, self.atoms, max_states, budget)
        # A context holds a non-empty set of values: what matters of a set is which
        # atoms some value satisfies (any) and which every value satisfies (all).
        closure: dict[tuple[frozenset[int], frozenset[int]], tuple[Any, ...]] = {
            (truth, truth): (value,) for truth, value in singles
        }
        # A single-valued global key (acs:SourceIp...) holds one value in a request:
        # no sets of values.
        frontier = [] if self.name.lower() in SINGLE_VALUED_KEYS else list(closure)
        while frontier:
            added = []
            for left in frontier:
                for right, right_values in list(closure.items()):
                    joined = (left[0] | right[0], left[1] & right[1])
                    if joined not in closure:
                        closure[joined] = closure[left] + right_values
                        added.append(joined)
                        if budget is not None:
                            budget.spend("condition cells")
                        if len(closure) > MAX_COMBINATIONS // 10:
                            raise BudgetExceeded(
                                f"condition key {self.name!r} has too many cells",
                                "condition cells",
                            )
            frontier = added
        # Every truth vector once or twice (the key missing, then present), smallest
        # witnesses first.
        seen: dict[tuple[bool, ...], int] = {}
        cells: list[tuple[tuple[bool, ...], tuple[Any, ...] | None]] = []
        missing = tuple(_when_missing(spec) for spec in self.specs)
        seen[missing] = 1
        cells.append((missing, None))
        for (any_true, all_true), values in sorted(closure.items(), key=lambda i: len(i[1])):
            truth = tuple(_clause_truth(spec, any_true, all_true) for spec in self.specs)
            if seen.get(truth, 0) < _VARIANTS:
                seen[truth] = seen.get(truth, 0) + 1
                cells.append((truth, values))
        self.cells = cells


def _show(values: Sequence[Any]) -> str:
    shown = [plain_value(v) for v in values]
    return str(shown[0]) if len(shown) == 1 else "[" + ", ".join(str(s) for s in shown) + "]"


def plain_value(value: Any) -> Any:
    """A condition value as plain JSON data (dates in ISO 8601 with ``Z``, addresses as text).

    >>> from datetime import timezone
    >>> plain_value(datetime(2026, 1, 1, tzinfo=timezone.utc)), plain_value(Decimal("2.0"))
    ('2026-01-01T00:00:00Z', 2)
    """
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return str(value.network_address) if value.num_addresses == 1 else str(value)
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    return value
