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

import ipaddress
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal, localcontext
from typing import Any

import attrs

from domainrules._validate import Choice
from domainrules.errors import ArgumentTypeError, InternalError
from domainrules.ram._text import short_repr
from domainrules.ram.arn import canonical_resource
from domainrules.ram.catalog import DEFAULT_CATALOG, Catalog
from domainrules.ram.conditions import SINGLE_VALUED_KEYS, ConditionClause
from domainrules.ram.errors import InvalidArnError, InvalidRequestError
from domainrules.ram.evaluate import PolicySet, Request
from domainrules.ram.globs import (
    DEFAULT_MAX_STATES,
    BudgetExceeded,
    GlobAutomaton,
    Nfa,
    account_resource_nfa,
    casefold_nfa,
    domain_name_nfa,
    glob_nfa,
    literal_nfa,
    request_action_nfa,
    request_resource_nfa,
)
from domainrules.ram.patterns import Pattern, compile_pattern, has_wildcard
from domainrules.ram.policy import Effect, Policy, Statement

__all__ = [
    "MAX_COMBINATIONS",
    "MAX_WITNESSES",
    "AnalysisError",
    "Check",
    "CheckOutcome",
    "Comparison",
    "Policies",
    "Region",
    "Relation",
    "StatementFinding",
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

#: At most this many condition combinations are searched for one set of statements.
MAX_COMBINATIONS = 200_000
#: The resource cells over every text get this fraction of the state budget before
#: the search turns to the texts a request can hold.
_FIRST_PASS = 20
#: At most this many witnesses are kept per region.
MAX_WITNESSES = 3
_REALISTIC_ACCOUNT = "1234567890"
_REALISTIC_DOMAIN = "example.com"
_REALISTIC_RESOURCES = (
    f"acs:domain:*:{_REALISTIC_ACCOUNT}:domain/{_REALISTIC_DOMAIN}",
    f"acs:domain:*:{_REALISTIC_ACCOUNT}:*",
)


class AnalysisError(InternalError):
    """The analysis contradicted the evaluator: a bug in this library, never bad input."""


class Relation(Choice):
    """How the access of a new policy set relates to an old one."""

    EQUIVALENT = "equivalent"
    MORE_PERMISSIVE = "more-permissive"
    LESS_PERMISSIVE = "less-permissive"
    INCOMPARABLE = "incomparable"
    UNDECIDED = "undecided"


class CheckOutcome(Choice):
    """The answer of a check: it holds, it fails (with witnesses), or undecided."""

    PASS = "pass"
    FAIL = "fail"
    UNDECIDED = "undecided"


@attrs.frozen
class StatementRef:
    """A statement named by its policy, its index in the policy and its Sid."""

    policy: str
    index: int
    effect: Effect
    sid: str | None = None

    def __str__(self) -> str:
        sid = f" ({self.sid})" if self.sid else ""
        return f"{self.policy}[{self.index}]{sid} {self.effect}"


@attrs.frozen
class Region:
    """A set of requests with one answer, the statements behind it and witnesses.

    ``actions`` and ``resources`` are the patterns (of the ``allowed_by``
    statements) that the region's requests match; ``conditions`` says what holds of
    the condition keys there. ``allowed_by`` are the Allow statements that allow
    these requests; ``denied_by`` the Deny statements that deny them on the other
    side (empty: denied by default there). ``witnesses`` are requests of the region,
    shortest first, each confirmed by the evaluator.
    """

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    conditions: tuple[str, ...]
    allowed_by: tuple[StatementRef, ...]
    denied_by: tuple[StatementRef, ...]
    witnesses: tuple[Request, ...]


@attrs.frozen
class Check:
    """The result of every check: the outcome, the regions that fail it, and why undecided.

    ``regions`` is empty when the check passes. ``reasons`` says what exceeded the
    budget when the outcome is undecided (or where a failing check could not look).
    """

    outcome: CheckOutcome
    regions: tuple[Region, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether the check holds (False also when undecided)."""
        return self.outcome is CheckOutcome.PASS


@attrs.frozen
class Comparison:
    """Two policy sets compared: the relation, the new access and the lost access."""

    relation: Relation
    new_access: tuple[Region, ...]
    lost_access: tuple[Region, ...]
    reasons: tuple[str, ...] = ()


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


def _check_budget(max_states: Any) -> None:
    if type(max_states) is not int:
        raise ArgumentTypeError(
            f"max_states must be a positive int, not {short_repr(max_states)}",
            field="max_states",
            value=max_states,
        )
    if max_states < 1:
        raise InvalidRequestError(
            f"max_states must be a positive int, not {short_repr(max_states)}",
            field="max_states",
            value=max_states,
        )


def _check_catalog(catalog: Any) -> None:
    if catalog is not None and not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            f"catalog must be a Catalog or None, not {type(catalog).__name__}",
            field="catalog",
            value=catalog,
        )


# --- cells of the condition keys -------------------------------------------------


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


class _Undecided(Exception):
    """Part of the question exceeds the budget."""


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


# --- statements, sides, cells of actions and resources ----------------------------


class _Stmt:
    __slots__ = ("actions", "clauses", "deny", "not_action", "ref", "resources", "side")

    def __init__(
        self,
        side: int,
        ref: StatementRef,
        statement: Statement,
        action_ids: dict[str, int],
        resource_ids: dict[str, int],
        keys: dict[str, _Key],
    ) -> None:
        self.side = side
        self.ref = ref
        self.deny = statement.effect == "Deny"
        self.not_action = statement.is_not_action
        self.actions = tuple(
            action_ids.setdefault(p.text, len(action_ids)) for p in statement.action_patterns
        )
        self.resources = tuple(
            resource_ids.setdefault(p.text, len(resource_ids)) for p in statement.resource_patterns
        )
        clauses = []
        for clause in statement.conditions:
            lookup = clause.key.lower()
            key = keys.get(lookup)
            if key is None:
                key = keys[lookup] = _Key(clause.key)
            clauses.append((lookup, key.add(clause)))
        self.clauses = tuple(clauses)


@attrs.frozen
class _PairCell:
    action_signature: frozenset[int]
    action: str
    resource_signature: frozenset[int]
    resource: str
    #: The resource patterns told apart in this cell (those of the statements the
    #: action cell lets through); ``resource_signature`` is a subset.
    resource_group: frozenset[int] = frozenset()


def _lower_only(char: str) -> bool:
    # Request actions are printable ASCII, compared in lower case.
    return "!" <= char <= "~" and not char.isupper()


def _printable(char: str) -> bool:
    return char.isprintable() and not char.isspace()


def _match_signature(patterns: Sequence[Pattern], text: str) -> frozenset[int]:
    return frozenset(i for i, p in enumerate(patterns) if p.matches(text))


def _realistic(
    cells: dict[frozenset[int], str],
    patterns: Sequence[Pattern],
    candidates: Iterable[str],
    *,
    lower: bool,
) -> dict[frozenset[int], str]:
    """Replace witnesses by realistic texts of the same signature where there are some."""
    result = dict(cells)
    taken: set[frozenset[int]] = set()
    for candidate in candidates:
        signature = _match_signature(patterns, candidate.lower() if lower else candidate)
        if signature in result and signature not in taken:
            result[signature] = candidate
            taken.add(signature)
    return result


def _valid_action(text: str) -> bool:
    """Whether a request can name ``text`` as its action."""
    try:
        Request(text, "acs:a:::")
    except InvalidRequestError:
        return False
    return True


def _valid_resource(text: str) -> bool:
    """Whether a request can name ``text`` as its resource, as written."""
    try:
        return canonical_resource(text) == text
    except InvalidArnError:
        return False


def _catalog_resource_candidates(witness: str) -> list[str]:
    head = "acs:domain:*:"
    account, _, rest = witness[len(head) :].partition(":")
    names = [rest]
    if rest.startswith("domain/"):
        names = [f"domain/{_REALISTIC_DOMAIN}", f"domain/{rest[7:]}.com", rest]
    return [f"{head}{a}:{n}" for a in (_REALISTIC_ACCOUNT, account) for n in names]


class _Problem:
    """The statements of every side, and the cells of every dimension."""

    def __init__(
        self,
        sets: Sequence[PolicySet],
        reported: Sequence[bool],
        catalog: Catalog | None,
        max_states: int,
    ) -> None:
        self.sets = tuple(sets)
        self.reported = tuple(reported)
        self.catalog = catalog
        self.max_states = max_states
        action_ids: dict[str, int] = {}
        resource_ids: dict[str, int] = {}
        self.keys: dict[str, _Key] = {}
        self.statements: list[_Stmt] = []
        for side, policy_set in enumerate(self.sets):
            for name, index, statement in policy_set.statements():
                ref = StatementRef(name, index, statement.effect, statement.sid)
                self.statements.append(
                    _Stmt(side, ref, statement, action_ids, resource_ids, self.keys)
                )
        self.action_texts = list(action_ids)
        self.resource_texts = list(resource_ids)
        self.action_patterns = [compile_pattern(t) for t in self.action_texts]
        self.resource_patterns = [compile_pattern(t) for t in self.resource_texts]
        self.undecided_keys: dict[str, str] = {}
        for lookup, key in self.keys.items():
            try:
                key.build(max_states)
            except (_Undecided, BudgetExceeded) as reason:
                self.undecided_keys[lookup] = str(reason)
        self.automata: dict[str, GlobAutomaton] = {}
        # The resource automata by universe and group of patterns, with the ids of
        # the patterns (the automaton's NFAs, in order).
        self.resource_automata: dict[
            tuple[str, frozenset[int]], tuple[GlobAutomaton, tuple[int, ...]]
        ] = {}
        self._resource_cells: dict[tuple[str, frozenset[int]], dict[frozenset[int], str]] = {}
        # Per pattern id, the statements (bit mask) naming it.
        self._action_owners = [0] * len(self.action_texts)
        self._resource_owners = [0] * len(self.resource_texts)
        for number, stmt in enumerate(self.statements):
            for i in stmt.actions:
                self._action_owners[i] |= 1 << number
            for i in stmt.resources:
                self._resource_owners[i] |= 1 << number
        self._not_action_mask = sum(
            1 << n for n, stmt in enumerate(self.statements) if stmt.not_action
        )

    # The statements each cell of a dimension lets through, as bit masks.
    def _action_mask(self, signature: frozenset[int]) -> int:
        mask = 0
        for i in signature:
            mask |= self._action_owners[i]
        return mask ^ self._not_action_mask

    def _resource_mask(self, signature: frozenset[int]) -> int:
        mask = 0
        for i in signature:
            mask |= self._resource_owners[i]
        return mask

    def _group(self, action_mask: int) -> frozenset[int]:
        """The resource patterns of the statements in ``action_mask``."""
        ids: set[int] = set()
        for number, stmt in enumerate(self.statements):
            if action_mask >> number & 1:
                ids.update(stmt.resources)
        return frozenset(ids)

    def pair_cells(self) -> list[tuple[_PairCell, int]]:
        """Every realizable (action cell, resource cell) with the statements it lets through."""
        if self.catalog is None:
            return self._raw_pairs()
        return self._catalog_pairs(self.catalog)

    def _action_automaton(self, universe: Nfa) -> GlobAutomaton:
        automaton = GlobAutomaton(
            [glob_nfa(t) for t in self.action_texts],
            universe=universe,
            allowed=_lower_only,
            max_states=self.max_states,
        )
        self.automata["action"] = automaton
        return automaton

    def _action_cells_by_globs(self) -> dict[frozenset[int], str]:
        """The action cells over every text, the exact names apart from the automaton.

        An action name without wildcard is one point: its cell is the patterns that
        match it. The automaton is built over the wildcard patterns only (the exact
        names of a long list would make a trie of hundreds of states); its cells hold
        the texts that are none of the exact names.
        """
        exact = {t: i for i, t in enumerate(self.action_texts) if not has_wildcard(t)}
        globs = [i for i, t in enumerate(self.action_texts) if has_wildcard(t)]
        if not exact or not globs:
            return self._action_automaton(glob_nfa("?*")).cells()
        automaton = GlobAutomaton(
            [glob_nfa(self.action_texts[i]) for i in globs],
            universe=glob_nfa("?*"),
            allowed=_lower_only,
            max_states=self.max_states,
        )
        cells: dict[frozenset[int], str] = {}
        for local, witness in automaton.cells().items():
            if witness in exact:
                others = [
                    w for w in automaton.strings_with(local, len(exact) + 2) if w not in exact
                ]
                if not others:
                    return self._action_automaton(glob_nfa("?*")).cells()
                witness = others[0]
            cells[frozenset(globs[i] for i in local)] = witness
        for text in exact:
            signature = _match_signature(self.action_patterns, text)
            cells.setdefault(signature, text)
        return cells

    def _raw_action_cells(self) -> dict[frozenset[int], str]:
        """The action cells of the raw universe (``service:Name`` in printable ASCII).

        As for resources: first over every text, realistic replacements for a witness
        that is no valid action, and the product with the universe only if needed.
        """
        realistic = sorted(DEFAULT_CATALOG.known_actions - {"domain:*"}, key=lambda a: (len(a), a))
        cells = _realistic(
            self._action_cells_by_globs(),
            self.action_patterns,
            realistic,
            lower=True,
        )
        invalid = []
        for signature, witness in cells.items():
            if _valid_action(witness):
                continue
            for candidate in (f"{witness}a", f"{witness}:a", f"a:{witness}", f"a:a{witness}"):
                if _match_signature(self.action_patterns, candidate) == signature and _valid_action(
                    candidate
                ):
                    cells[signature] = candidate
                    break
            else:
                invalid.append(signature)
        if invalid:
            valid = self._action_automaton(request_action_nfa()).cells()
            for signature in invalid:
                if signature in valid:
                    cells[signature] = valid[signature]
                else:
                    del cells[signature]  # no request can name such an action
        return cells

    def _resource_automaton(
        self, kind: str, universe: Nfa, group: frozenset[int], max_states: int | None = None
    ) -> tuple[GlobAutomaton, tuple[int, ...]]:
        ids = tuple(sorted(group))
        automaton = GlobAutomaton(
            [glob_nfa(self.resource_texts[i]) for i in ids],
            universe=universe,
            allowed=_printable,
            max_states=max_states or self.max_states,
        )
        self.resource_automata[kind, group] = (automaton, ids)
        return automaton, ids

    def _resource_cells_of(
        self, kind: str, universe: Nfa, group: frozenset[int], max_states: int | None = None
    ) -> dict[frozenset[int], str]:
        automaton, ids = self._resource_automaton(kind, universe, group, max_states)
        return {
            frozenset(ids[i] for i in local): witness
            for local, witness in automaton.cells().items()
        }

    def _raw_resource_cells(self, group: frozenset[int]) -> dict[frozenset[int], str]:
        """The resource cells of the raw universe (the texts a request can name).

        The universe's automaton multiplies the states, so the cells are first found
        over every text; a witness that is no valid resource is replaced by a
        realistic one of the same signature, and only when none fits is the product
        with the universe built.
        """
        cached = self._resource_cells.get(("raw", group))
        if cached is not None:
            return cached
        patterns = {i: self.resource_patterns[i] for i in group}

        def signature_of(text: str) -> frozenset[int]:
            return frozenset(i for i, p in patterns.items() if p.matches(text))

        try:
            # Patterns whose stars reach across the ARN's fields (``acs:domain:*:1:x``
            # read as ``acs:domain:a:1:x:1:x``) make many states over every text that
            # no request can hold: past a fraction of the budget, only the requests'
            # texts are searched (exact as well, the product with the universe).
            cells = self._resource_cells_of(
                "resource", glob_nfa("?*"), group, max(1, self.max_states // _FIRST_PASS)
            )
            valid: dict[frozenset[int], str] | None = None
        except BudgetExceeded:
            cells = self._resource_cells_of("resource", request_resource_nfa(), group)
            valid = dict(cells)
        invalid = []
        for signature, witness in cells.items():
            if _valid_resource(witness):
                continue
            for candidate in (*_REALISTIC_RESOURCES, f"acs:x:::{witness}"):
                if signature_of(candidate) == signature and _valid_resource(candidate):
                    cells[signature] = candidate
                    break
            else:
                invalid.append(signature)
        if invalid:
            if valid is None:
                valid = self._resource_cells_of("resource", request_resource_nfa(), group)
            for signature in invalid:
                if signature in valid:
                    cells[signature] = valid[signature]
                else:
                    del cells[signature]  # no request can name such a resource
        # Realistic witnesses where they fit.
        taken: set[frozenset[int]] = set()
        for candidate in _REALISTIC_RESOURCES:
            signature = signature_of(candidate)
            if signature in cells and signature not in taken:
                cells[signature] = candidate
                taken.add(signature)
        self._resource_cells["raw", group] = cells
        return cells

    def _raw_pairs(self) -> list[tuple[_PairCell, int]]:
        every = frozenset(range(len(self.resource_texts)))
        actions = self._raw_action_cells()
        try:
            resources = self._raw_resource_cells(every)
        except BudgetExceeded:
            # Over the budget with every pattern: one automaton per group of
            # statements, each over fewer patterns (exact as well).
            return self._product(actions, self._raw_resource_cells)
        return self._product(actions, resources)

    def _product(
        self,
        actions: Mapping[frozenset[int], str],
        resources: Mapping[frozenset[int], str]
        | Callable[[frozenset[int]], Mapping[frozenset[int], str]],
    ) -> list[tuple[_PairCell, int]]:
        """The action cells, each with the resource cells of its group of statements.

        Only the statements an action cell lets through can match its requests, so
        only their resource patterns are told apart there: the resource cells
        (``resources``, or computed per group by it) are projected on them (fewer
        pairs, each condition search shared by more).
        """
        projected: dict[frozenset[int], list[tuple[frozenset[int], str, int]]] = {}
        pairs: list[tuple[_PairCell, int]] = []
        for a_sig, a_wit in actions.items():
            a_mask = self._action_mask(a_sig)
            group = self._group(a_mask)
            cells = projected.get(group)
            if cells is None:
                # The first witness of a projection is the shortest (cells come in
                # the automaton's breadth-first order).
                seen: dict[frozenset[int], str] = {}
                source = resources if isinstance(resources, Mapping) else resources(group)
                for r_sig, r_wit in source.items():
                    seen.setdefault(r_sig & group, r_wit)
                cells = projected[group] = [
                    (sig, wit, self._resource_mask(sig)) for sig, wit in seen.items()
                ]
            for r_sig, r_wit, r_mask in cells:
                pairs.append((_PairCell(a_sig, a_wit, r_sig, r_wit, group), a_mask & r_mask))
        return pairs

    def _catalog_pairs(self, catalog: Catalog) -> list[tuple[_PairCell, int]]:
        kinds: dict[str, dict[frozenset[int], str]] = {"domain": {}, "account": {}}
        for api in sorted(catalog.apis):
            rule = catalog.rule_for(api)
            kind = "domain" if rule.scope == "domain" else "account"
            signature = _match_signature(self.action_patterns, rule.action.lower())
            current = kinds[kind].get(signature)
            if current is None or (len(rule.action), rule.action) < (len(current), current):
                kinds[kind][signature] = rule.action
        head = "acs:domain:*:"
        universes = {
            "domain": account_resource_nfa(head, domain_name_nfa("domain/")),
            "account": account_resource_nfa(head, "*"),
        }
        pairs: list[tuple[_PairCell, int]] = []
        for kind, actions in kinds.items():
            if not actions:
                continue

            def resources_for(group: frozenset[int], kind: str = kind) -> dict[frozenset[int], str]:
                cached = self._resource_cells.get((kind, group))
                if cached is not None:
                    return cached
                automaton, ids = self._resource_automaton(kind, universes[kind], group)
                resources: dict[frozenset[int], str] = {}
                for local, witness in automaton.cells().items():
                    for candidate in _catalog_resource_candidates(witness):
                        if automaton.signature_of(candidate) == local:
                            witness = candidate
                            break
                    resources[frozenset(ids[i] for i in local)] = witness
                self._resource_cells[kind, group] = resources
                return resources

            every = frozenset(range(len(self.resource_texts)))
            pairs.extend(self._product(actions, resources_for(every)))
        return pairs

    def alternatives(self, cell: _PairCell) -> Iterable[_PairCell]:
        """More requests of the cell (when the shortest is no valid request)."""
        for automaton, ids in list(self.resource_automata.values()):
            local = frozenset(k for k, i in enumerate(ids) if i in cell.resource_signature)
            within = frozenset(k for k, i in enumerate(ids) if i in cell.resource_group)
            for resource in automaton.strings_with(local, 12, within=within):
                if resource != cell.resource:
                    yield attrs.evolve(cell, resource=resource)
        action = self.automata.get("action")
        if action is not None:
            for text in action.strings_with(cell.action_signature, 6):
                if text != cell.action:
                    yield attrs.evolve(cell, action=text)


# --- the search ------------------------------------------------------------------


_Witness = tuple[Any, ...] | None
_VARIANTS = 2


@attrs.frozen
class _Hit:
    """One combination of condition cells where the goal holds."""

    #: Per key, the witnesses of its cell (None: the key missing).
    context: tuple[tuple[str, tuple[_Witness, ...]], ...]
    conditions: tuple[str, ...]
    allowed_by: tuple[int, ...]
    denied_by: tuple[int, ...]


_Goal = Callable[[Sequence[bool]], bool]


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
        if lookup in problem.undecided_keys:
            raise _Undecided(problem.undecided_keys[lookup])
    keys = sorted(relevant)
    projections: list[list[tuple[dict[int, bool], tuple[_Witness, ...]]]] = []
    total = 1
    for lookup in keys:
        key = problem.keys[lookup]
        wanted = sorted(relevant[lookup])
        distinct: dict[tuple[bool, ...], list[_Witness]] = {}
        for truth, witness in key.cells:
            # The cells come missing first, then by the size of their witness.
            # The cells come missing first, then by the size of their witness; keep a
            # few witnesses per projection (the key missing, and present).
            kept = distinct.setdefault(tuple(truth[s] for s in wanted), [])
            if len(kept) < _VARIANTS:
                kept.append(witness)
        projections.append(
            [
                (dict(zip(wanted, p, strict=False)), tuple(witnesses))
                for p, witnesses in distinct.items()
            ]
        )
        total *= len(distinct)
        if total > MAX_COMBINATIONS:
            raise _Undecided(
                f"more than {MAX_COMBINATIONS} condition combinations for keys {', '.join(keys)}"
            )
    sides = len(problem.sets)
    found: dict[str, list[_Hit]] = {name: [] for name in goals}
    key_position = {lookup: i for i, lookup in enumerate(keys)}
    for combination in itertools.product(*projections):
        allows: list[list[int]] = [[] for _ in range(sides)]
        denies: list[list[int]] = [[] for _ in range(sides)]
        for number, stmt in active:
            if all(combination[key_position[lookup]][0][spec] for lookup, spec in stmt.clauses):
                (denies if stmt.deny else allows)[stmt.side].append(number)
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
            context = tuple((keys[i], combination[i][1]) for i in range(len(keys)))
            conditions = tuple(
                _describe(problem.keys[keys[i]], combination[i]) for i in range(len(keys))
            )
            found[name].append(_Hit(context, conditions, by, against))
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
    regions = []
    for (by, against, conditions), members in groups.items():
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
            )
        )
    regions.sort(key=lambda r: len(r.witnesses[0].action) + len(r.witnesses[0].resource))
    return tuple(regions)


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
) -> tuple[dict[str, tuple[Region, ...]], list[str]]:
    reasons: list[str] = []
    try:
        problem = _Problem(sets, reported, catalog, max_states)
        pairs = problem.pair_cells()
    except BudgetExceeded as reason:
        return {name: () for name in goals}, [f"actions or resources: {reason}"]
    by_mask: dict[int, dict[str, list[_Hit]]] = {}
    found: dict[str, list[tuple[_PairCell, _Hit]]] = {name: [] for name in goals}
    for cell, mask in pairs:
        hits = by_mask.get(mask)
        if hits is None:
            try:
                hits = _search(problem, mask, goals)
            except _Undecided as reason:
                hits = {name: [] for name in goals}
                if str(reason) not in reasons:
                    reasons.append(str(reason))
            by_mask[mask] = hits
        for name, name_hits in hits.items():
            found[name].extend((cell, hit) for hit in name_hits)
    result = {name: _regions(problem, found[name], goals[name], reasons) for name in goals}
    return result, reasons


def _check(
    sets: Sequence[PolicySet],
    reported: Sequence[bool],
    goal: _Goal,
    catalog: Catalog | None,
    max_states: int,
) -> Check:
    _check_catalog(catalog)
    _check_budget(max_states)
    regions, reasons = _analyse(sets, reported, {"goal": goal}, catalog, max_states)
    if regions["goal"]:
        return Check(CheckOutcome.FAIL, regions["goal"], tuple(reasons))
    if reasons:
        return Check(CheckOutcome.UNDECIDED, (), tuple(reasons))
    return Check(CheckOutcome.PASS)


# --- the public questions ----------------------------------------------------------


def compare(
    old: Policies,
    new: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
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
    _check_budget(max_states)
    sets = (_policy_set(old, "old"), _policy_set(new, "new"))
    goals: dict[str, _Goal] = {
        "new": lambda allowed: allowed[1] and not allowed[0],
        "lost": lambda allowed: allowed[0] and not allowed[1],
    }
    regions, reasons = _analyse(sets, (True, True), goals, catalog, max_states)
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
    return Comparison(relation, gained, lost, tuple(reasons))


def check_no_new_access(
    old: Policies,
    new: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> Check:
    """Whether ``new`` allows nothing that ``old`` does not (FAIL: the new access).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> check_no_new_access(ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS).outcome
    <CheckOutcome.PASS: 'pass'>
    """
    sets = (_policy_set(old, "old"), _policy_set(new, "new"))
    return _check(sets, (True, True), lambda a: a[1] and not a[0], catalog, max_states)


def check_access_not_granted(
    policies: Policies,
    actions: str | Iterable[str],
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
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
    return _check(sets, (True, False), lambda a: a[0] and a[1], catalog, max_states)


def always_allows(
    policies: Policies,
    actions: str | Iterable[str] = "*",
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> Check:
    """Whether every request for ``actions`` on ``resources`` is allowed (FAIL: a denied one).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS
    >>> always_allows(ALIYUN_DOMAIN_FULL_ACCESS, "domain:*").passed
    True
    >>> always_allows(ALIYUN_DOMAIN_FULL_ACCESS).regions[0].witnesses[0].action
    'a:a'
    """
    sets = (_policy_set(policies, "policies"), _scope(actions, resources))
    return _check(sets, (True, False), lambda a: a[1] and not a[0], catalog, max_states)


def always_denies(
    policies: Policies,
    actions: str | Iterable[str] = "*",
    resources: str | Iterable[str] = "*",
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> Check:
    """Whether every request for ``actions`` on ``resources`` is denied (FAIL: an allowed one).

    >>> from domainrules.ram import ALIYUN_DOMAIN_READONLY_ACCESS
    >>> always_denies(ALIYUN_DOMAIN_READONLY_ACCESS, "domain:Save*").passed
    True
    """
    sets = (_policy_set(policies, "policies"), _scope(actions, resources))
    return _check(sets, (True, False), lambda a: a[0] and a[1], catalog, max_states)


def implies(
    first: Policies,
    second: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> Check:
    """Whether every request ``first`` allows, ``second`` allows too (FAIL: one it does not).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> implies(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).passed
    True
    """
    sets = (_policy_set(first, "first"), _policy_set(second, "second"))
    return _check(sets, (True, True), lambda a: a[0] and not a[1], catalog, max_states)


def disjoint(
    first: Policies,
    second: Policies,
    *,
    catalog: Catalog | None = None,
    max_states: int = DEFAULT_MAX_STATES,
) -> Check:
    """Whether no request is allowed by both (FAIL: one allowed by both).

    >>> from domainrules.ram import ALIYUN_DOMAIN_FULL_ACCESS, ALIYUN_DOMAIN_READONLY_ACCESS
    >>> disjoint(ALIYUN_DOMAIN_READONLY_ACCESS, ALIYUN_DOMAIN_FULL_ACCESS).passed
    False
    """
    sets = (_policy_set(first, "first"), _policy_set(second, "second"))
    return _check(sets, (True, True), lambda a: a[0] and a[1], catalog, max_states)


# --- statement findings for lint ------------------------------------------------------


@attrs.frozen
class StatementFinding:
    """What the analysis proves about one statement of a policy.

    ``code`` is ``vacuous-statement`` (it matches no request at all),
    ``redundant-statement`` (every request it matches is matched by the other statements
    of the same effect: removing it changes nothing) or ``overridden-allow`` (an Allow
    every request of which some Deny of the policy denies).
    """

    code: str
    index: int
    message: str


def _only(index: int, others: Sequence[int]) -> _Goal:
    """The goal "statement ``index`` matches and none of ``others`` does"."""

    def goal(matched: Sequence[bool]) -> bool:
        return matched[index] and not any(matched[j] for j in others)

    return goal


def statement_findings(
    policy: Policy, *, max_states: int = DEFAULT_MAX_STATES
) -> tuple[StatementFinding, ...]:
    """Vacuous, redundant and overridden statements of ``policy``, proved exactly.

    A statement whose question is undecided within the budget gets no finding.

    >>> from domainrules.ram import Policy
    >>> policy = Policy.parse({"Version": "1", "Statement": [
    ...     {"Effect": "Allow", "Action": "domain:Query*", "Resource": "*"},
    ...     {"Effect": "Allow", "Action": "domain:QueryDomainList", "Resource": "*"},
    ...     {"Effect": "Deny", "Action": "domain:*", "Resource": "acs:domain:*:*:*",
    ...      "Condition": {"StringEquals": {"k:a": "x"}, "StringNotEquals": {"k:a": "x"}}}]})
    >>> [(f.code, f.index) for f in statement_findings(policy)]
    [('redundant-statement', 1), ('vacuous-statement', 2)]
    """
    if not isinstance(policy, Policy):
        raise ArgumentTypeError(
            f"a Policy is needed, not {type(policy).__name__}", field="policy", value=policy
        )
    _check_budget(max_states)
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
        problem = _Problem(sets, [True] * len(sets), None, max_states)
        pairs = problem.pair_cells()
    except BudgetExceeded:
        return ()
    reached: set[str] = set()
    undecided = False
    seen: set[int] = set()
    for _, mask in pairs:
        if mask in seen:
            continue
        seen.add(mask)
        try:
            hits = _search(problem, mask, {n: g for n, g in goals.items() if n not in reached})
        except _Undecided:
            undecided = True
            continue
        reached.update(name for name, found in hits.items() if found)
    if undecided:
        return ()
    findings = []
    for i, statement in enumerate(statements):
        if f"vacuous {i}" not in reached:
            findings.append(
                StatementFinding("vacuous-statement", i, "the statement matches no request")
            )
            continue
        if f"redundant {i}" not in reached:
            findings.append(
                StatementFinding(
                    "redundant-statement",
                    i,
                    f"every request it matches is matched by another {statement.effect} "
                    "statement: removing it changes nothing",
                )
            )
        elif f"overridden {i}" in goals and f"overridden {i}" not in reached:
            findings.append(
                StatementFinding(
                    "overridden-allow",
                    i,
                    "a Deny of the policy denies every request this Allow matches",
                )
            )
    return tuple(findings)
