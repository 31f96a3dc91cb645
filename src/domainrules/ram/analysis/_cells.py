"""Cells of the action and the resource: the statements, and which patterns match together.

The realizable signatures of the glob automaton over every pattern of the policies
compared, within the universe of the texts a request can hold (raw, or a catalog's
actions and resources), each with its shortest (or a realistic) witness.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from domainrules.ram.analysis._automaton import GlobAutomaton, Nfa, glob_nfa, literal_nfa
from domainrules.ram.analysis._budget import Budget, BudgetExceeded
from domainrules.ram.analysis._conditions import _Key, _Undecided
from domainrules.ram.analysis._results import StatementRef
from domainrules.ram.analysis._universe import (
    _REALISTIC_RESOURCES,
    _catalog_resource_candidates,
    _valid_action,
    _valid_resource,
    account_resource_nfa,
    domain_name_nfa,
    realistic_resources,
    repaired_resources,
    request_action_nfa,
    request_resource_nfa,
)
from domainrules.ram.catalog import DEFAULT_CATALOG, Catalog
from domainrules.ram.evaluate import PolicySet
from domainrules.ram.patterns import Pattern, compile_pattern, has_wildcard
from domainrules.ram.policy import Statement

#: The resource cells over every text get this fraction of the state budget before
#: the search turns to the texts a request can hold.
_FIRST_PASS = 20


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


class _Problem:
    """The statements of every side, and the cells of every dimension."""

    def __init__(
        self,
        sets: Sequence[PolicySet],
        reported: Sequence[bool],
        catalog: Catalog | None,
        max_states: int,
        budget: Budget | None = None,
    ) -> None:
        self.sets = tuple(sets)
        self.budget = budget
        #: The first budget resource that ran out (None: none did).
        self.exhausted: str | None = None
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
        self.undecided_keys: dict[str, _Undecided | BudgetExceeded] = {}
        for lookup, key in self.keys.items():
            try:
                key.build(max_states, budget)
            except (_Undecided, BudgetExceeded) as reason:
                self.undecided_keys[lookup] = reason
        self.automata: dict[str, GlobAutomaton] = {}
        # The resource automata by universe and group of patterns, with the ids of
        # the patterns of each owner of the automaton (in order).
        self.resource_automata: dict[
            tuple[str, frozenset[int]], tuple[GlobAutomaton, tuple[tuple[int, ...], ...]]
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
            budget=self.budget,
        )
        self.automata["action"] = automaton
        return automaton

    def _action_cells_by_globs(self) -> dict[frozenset[int], str]:
        """The action cells of the texts a request can name, the exact names apart.

        An action name without wildcard is one point: its cell is the patterns that
        match it. The automaton is built over the wildcard patterns only (the exact
        names of a long list would make a trie of hundreds of states); its cells hold
        the texts that are none of the exact names. Where a cell's shortest text is an
        exact name and no other is near, a second automaton that also knows the exact
        names of that cell (one owner for all of them, never in the signatures kept)
        finds its other texts, or proves there are none.
        """
        exact = {t: None for t in self.action_texts if not has_wildcard(t)}  # lower case
        globs = [i for i, t in enumerate(self.action_texts) if has_wildcard(t)]
        nfas = [glob_nfa(self.action_texts[i]) for i in globs]
        automaton = GlobAutomaton(
            nfas,
            universe=request_action_nfa(),
            allowed=_lower_only,
            max_states=self.max_states,
            budget=self.budget,
        )
        cells: dict[frozenset[int], str] = {}
        taken: set[frozenset[int]] = set()
        for local, witness in automaton.cells().items():
            if witness in exact:
                # Most such cells hold other texts a few steps on (the automaton's
                # states are known by now, so looking costs little).
                others = [w for w in automaton.strings_with(local, 4) if w not in exact]
                if not others:
                    taken.add(local)
                    continue
                witness = others[0]
            cells[frozenset(globs[i] for i in local)] = witness
        if taken:
            names = [
                t
                for t in exact
                if frozenset(k for k, i in enumerate(globs) if self.action_patterns[i].matches(t))
                in taken
            ]
            again = GlobAutomaton(
                [*nfas, *map(literal_nfa, names)],
                universe=request_action_nfa(),
                allowed=_lower_only,
                max_states=self.max_states,
                budget=self.budget,
                owners=[*range(len(globs)), *[len(globs)] * len(names)],
            )
            for local, witness in again.cells(wanted=taken).items():
                if local in taken:
                    cells[frozenset(globs[i] for i in local)] = witness
        for text in exact:
            signature = _match_signature(self.action_patterns, text)
            cells.setdefault(signature, text)
        return cells

    def _raw_action_cells(self) -> dict[frozenset[int], str]:
        """The action cells of the raw universe (``service:Name`` in printable ASCII).

        Realistic replacements (the catalog's actions) where they fit; a witness that
        is still no valid action (the grammar over-approximates) is replaced by a
        valid text of its cell, or the cell dropped when none exists.
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

    def _owners(self, group: frozenset[int]) -> tuple[tuple[int, ...], ...]:
        """The patterns of ``group`` by the statements naming them (those alike, together).

        Only the statements a resource matches decide anything, so patterns named by
        the same statements are told apart by no question: one owner in the automaton,
        which then has fewer signatures to find.
        """
        by_statements: dict[int, list[int]] = {}
        for i in sorted(group):
            by_statements.setdefault(self._resource_owners[i], []).append(i)
        return tuple(tuple(ids) for ids in by_statements.values())

    def _resource_automaton(
        self, kind: str, universe: Nfa, group: frozenset[int], max_states: int | None = None
    ) -> tuple[GlobAutomaton, tuple[tuple[int, ...], ...]]:
        owners = self._owners(group)
        automaton = GlobAutomaton(
            [glob_nfa(self.resource_texts[i]) for ids in owners for i in ids],
            universe=universe,
            allowed=_printable,
            max_states=max_states or self.max_states,
            budget=self.budget,
            owners=[number for number, ids in enumerate(owners) for _ in ids],
        )
        self.resource_automata[kind, group] = (automaton, owners)
        return automaton, owners

    def _resource_cells_of(
        self,
        kind: str,
        universe: Nfa,
        group: frozenset[int],
        max_states: int | None = None,
        *,
        wanted: Iterable[frozenset[int]] = (),
    ) -> dict[frozenset[int], str]:
        automaton, owners = self._resource_automaton(kind, universe, group, max_states)
        local_wanted = [
            frozenset(o for o, ids in enumerate(owners) if ids[0] in signature)
            for signature in wanted
        ]
        return {
            frozenset(i for o in local for i in owners[o]): witness
            for local, witness in automaton.cells(wanted=local_wanted).items()
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
        # A signature holds every pattern of each owner that matches (see _owners).
        owners = tuple(
            (ids, tuple(self.resource_patterns[i] for i in ids)) for ids in self._owners(group)
        )
        signatures: dict[str, frozenset[int]] = {}

        def signature_of(text: str) -> frozenset[int]:
            # The same candidates are tried for many cells: each text is matched once.
            found = signatures.get(text)
            if found is None:
                found = signatures[text] = frozenset(
                    i for ids, ps in owners if any(p.matches(text) for p in ps) for i in ids
                )
            return found

        def fits(text: str, signature: frozenset[int]) -> bool:
            """Whether ``text`` has ``signature``: stops at the first owner that differs."""
            known = signatures.get(text)
            if known is not None:
                return known == signature
            return all(
                any(p.matches(text) for p in ps) == (ids[0] in signature) for ids, ps in owners
            )

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
            for candidate in (
                *_REALISTIC_RESOURCES,
                f"acs:x:::{witness}",
                *repaired_resources(witness),
            ):
                if fits(candidate, signature) and _valid_resource(candidate):
                    cells[signature] = candidate
                    break
            else:
                invalid.append(signature)
        if invalid:
            if valid is None:
                # Searched until each of those is found, or proved to hold no request.
                valid = self._resource_cells_of(
                    "resource", request_resource_nfa(), group, wanted=invalid
                )
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
        for signature, witness in cells.items():
            if signature in taken:
                continue
            for candidate in realistic_resources(witness):
                if fits(candidate, signature) and _valid_resource(candidate):
                    cells[signature] = candidate
                    break
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
                automaton, owners = self._resource_automaton(kind, universes[kind], group)
                resources: dict[frozenset[int], str] = {}
                for local, witness in automaton.cells().items():
                    for candidate in _catalog_resource_candidates(witness):
                        if automaton.signature_of(candidate) == local:
                            witness = candidate
                            break
                    resources[frozenset(i for o in local for i in owners[o])] = witness
                self._resource_cells[kind, group] = resources
                return resources

            every = frozenset(range(len(self.resource_texts)))
            pairs.extend(self._product(actions, resources_for(every)))
        return pairs

    def alternatives(self, cell: _PairCell) -> Iterable[_PairCell]:
        """More requests of the cell (when the shortest is no valid request)."""
        for automaton, owners in list(self.resource_automata.values()):
            local = frozenset(
                o for o, ids in enumerate(owners) if ids[0] in cell.resource_signature
            )
            within = frozenset(o for o, ids in enumerate(owners) if ids[0] in cell.resource_group)
            for resource in automaton.strings_with(local, 12, within=within):
                if resource != cell.resource:
                    yield attrs.evolve(cell, resource=resource)
        if self.catalog is not None:
            return  # a catalog's actions are its own
        action = self.automata.get("action") or self._action_automaton(request_action_nfa())
        for text in action.strings_with(cell.action_signature, 6):
            if text != cell.action:
                yield attrs.evolve(cell, action=text)
