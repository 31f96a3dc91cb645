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
import itertools
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal, localcontext
from typing import Any

import attrs

from domainrules.ram.analysis._automaton import (
    GlobAutomaton,
    Nfa,
    casefold_nfa,
    glob_nfa,
    literal_nfa,
)
from domainrules.ram.conditions import SINGLE_VALUED_KEYS, ConditionClause
from domainrules.ram.patterns import compile_pattern

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


def _base(atom: _Atom, value: Any) -> bool:
    comparison = atom.comparison
    if comparison == "like":
        return any(compile_pattern(v).matches(value) for v in atom.values)
    if comparison == "in":
        return any(value.version == n.version and value in n for n in atom.values)
    if atom.ignore_case:
        return any(value.casefold() == v.casefold() for v in atom.values)
    if comparison == "eq":
        return any(value == v for v in atom.values)
    if comparison == "lt":
        return any(value < v for v in atom.values)
    if comparison == "le":
        return any(value <= v for v in atom.values)
    if comparison == "gt":
        return any(value > v for v in atom.values)
    return any(value >= v for v in atom.values)


def _string_cells(atoms: Sequence[_Atom], max_states: int) -> list[tuple[frozenset[int], Any]]:
    nfas: list[Nfa] = []
    owner: list[int] = []
    for index, atom in enumerate(atoms):
        for value in atom.values:
            if atom.comparison == "like":
                nfas.append(glob_nfa(value))
            elif atom.ignore_case:
                nfas.append(casefold_nfa(value))
            else:
                nfas.append(literal_nfa(value))
            owner.append(index)
    automaton = GlobAutomaton(nfas, max_states=max_states)
    cells: dict[frozenset[int], Any] = {}
    for signature, witness in automaton.cells().items():
        truth = frozenset(owner[i] for i in signature)
        cells.setdefault(truth, witness)
    return list(cells.items())


def _points(
    constants: Sequence[Any],
    below: Callable[[Any], Any],
    above: Callable[[Any], Any],
    between: Callable[[Any, Any], Any],
    default: Any,
) -> list[Any]:
    """One value per cell of the line cut at ``constants`` (None where a cell is empty)."""
    ordered = sorted(set(constants))
    if not ordered:
        return [default]
    points = [below(ordered[0])]
    for low, high in itertools.pairwise(ordered):
        points.extend([low, between(low, high)])
    points.extend([ordered[-1], above(ordered[-1])])
    return [p for p in points if p is not None]


def _numeric_between(low: Decimal, high: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 200
        return (low + high) / 2


def _date_shift(moment: datetime, delta: timedelta) -> datetime | None:
    try:
        shifted = moment + delta
    except OverflowError:
        return None
    return shifted if shifted.year >= 1 else None


def _date_between(low: datetime, high: datetime) -> datetime | None:
    middle = low + (high - low) / 2
    middle = middle.replace(microsecond=middle.microsecond)
    return middle if low < middle < high else None


_DEFAULT_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
# Realistic addresses (documentation and private ranges) tried first as witnesses.
_FAVOURITE_IPS: dict[int, tuple[int, ...]] = {
    4: tuple(
        int(ipaddress.IPv4Address(a))
        for a in (
            "203.0.113.7",
            "198.51.100.7",
            "192.0.2.7",
            "192.168.0.7",
            "172.16.0.7",
            "10.0.0.7",
        )
    ),
    6: tuple(int(ipaddress.IPv6Address(a)) for a in ("2001:db8::7", "fd00::7", "2400:cb00::7")),
}


def _ip_points(atoms: Sequence[_Atom]) -> list[Any]:
    points: list[Any] = []
    for version, bits, kind in ((4, 32, ipaddress.IPv4Address), (6, 128, ipaddress.IPv6Address)):
        cuts = {0, 2**bits}
        for atom in atoms:
            for network in atom.values:
                if network.version == version:
                    cuts.add(int(network.network_address))
                    cuts.add(int(network.broadcast_address) + 1)
        if version == 6:
            # IPv4-mapped addresses are read as IPv4: not part of the IPv6 space.
            cuts.add(int(_MAPPED.network_address))
            cuts.add(int(_MAPPED.broadcast_address) + 1)
        ordered = sorted(cuts)
        for low, high in itertools.pairwise(ordered):
            if version == 6 and kind(low) in _MAPPED:
                continue
            chosen = next((f for f in _FAVOURITE_IPS[version] if low <= f < high), None)
            if chosen is None:
                chosen = low + 7 if high - low > 7 else low
            points.append(kind(chosen))
    # The first witness of a cell is kept: realistic ones first.
    favourites = {*_FAVOURITE_IPS[4], *_FAVOURITE_IPS[6]}
    points.sort(key=lambda address: int(address) not in favourites)
    return points


def _single_cells(
    family: str, atoms: Sequence[_Atom], max_states: int
) -> list[tuple[frozenset[int], Any]]:
    """Every realizable truth set of the atoms for one value, with a witness value."""
    if family == "String":
        return _string_cells(atoms, max_states)
    if family == "Numeric":
        values = [v for atom in atoms for v in atom.values]
        points = _points(
            values,
            lambda c: c - 1,
            lambda c: c + 1,
            _numeric_between,
            Decimal(0),
        )
    elif family == "Date":
        values = [v for atom in atoms for v in atom.values]
        points = _points(
            values,
            lambda c: _date_shift(c, timedelta(days=-1)) or _date_shift(c, -timedelta.resolution),
            lambda c: _date_shift(c, timedelta(days=1)) or _date_shift(c, timedelta.resolution),
            _date_between,
            _DEFAULT_DATE,
        )
        points = [p for p in points if p.year <= 9999]
    elif family == "Bool":
        points = [True, False]
    else:
        points = _ip_points(atoms)
    cells: dict[frozenset[int], Any] = {}
    for point in points:
        truth = frozenset(i for i, atom in enumerate(atoms) if _base(atom, point))
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
        spec = _ClauseSpec(self.atoms.index(atom), clause.negated, qualifier, text)
        index = self._spec_index.get(spec)
        if index is None:
            index = self._spec_index[spec] = len(self.specs)
            self.specs.append(spec)
        return index

    def build(self, max_states: int) -> None:
        if len(self.families) > 1:
            raise _Undecided(
                f"condition key {self.name!r} is compared as {' and '.join(sorted(self.families))}"
            )
        (family,) = self.families
        singles = _single_cells(family, self.atoms, max_states)
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
                        if len(closure) > MAX_COMBINATIONS // 10:
                            raise _Undecided(f"condition key {self.name!r} has too many cells")
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
