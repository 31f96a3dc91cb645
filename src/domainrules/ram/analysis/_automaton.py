"""The glob automaton: a purpose-built automaton for RAM globs: which patterns can match together, with a witness.

RAM patterns have only ``*`` and ``?``, so each is a small NFA: one state per literal
or ``?`` position, a self-loop where a ``*`` stands. :class:`GlobAutomaton` runs the
subset construction on the fly over the union of every pattern of one dimension (all
the action patterns of the policies compared, say) and of a *universe* NFA (the
strings a request can hold there). Each reachable DFA state has a *signature*, the
set of patterns (or of *owners*: patterns that only ever count together, such as the
patterns named by the same statements) that accept there; breadth-first search from the
start gives every realizable signature with the shortest string that has it (its
witness).

Three things keep the states few without changing any signature or witness (a test
holds each to brute force): a pattern state that needs a character the universe can no
longer produce is dropped (a domain name holds no ``:``, so a star still waiting for
one is dead); an accepting star settles its owner, and a state whose every signature
ahead was already found is not expanded; the search stops once every signature it can
have, or was asked for, is found.

The alphabet is finite: every character some NFA names, grouped by behaviour, plus
one symbol standing for every other character. Each symbol is played by a concrete,
preferably realistic, representative character.

The state space is capped (``max_states``): past it :class:`BudgetExceeded` is
raised, and the analysis answers "undecided", never a guess. Inclusion of unions of
patterns with ``?`` is coNP-hard, so some cap is unavoidable; the policies measured
in ``benchmarks/analysis.py`` stay far below it.

Why not a general regex library: as measured for the issue that introduced this
module (not re-measured here; those packages are not dependencies), greenery 4.2 took
about 4.5 s to compare 10 against 10 ARN patterns and interegular 0.3 about 18 s at 20
against 20. This construction is built for globs: a set of NFA states is a bit set, a
step is a few shifts per symbol that matters, and a glob's star drops the positions it
subsumes. ``benchmarks/analysis.py`` prints the current figures: a few milliseconds
for the documented Domains policies and for 10 or 20 against 20 random ARN patterns
with stars in every part (on a shared 2-core machine).

>>> automaton = GlobAutomaton([glob_nfa("foo*?bar"), glob_nfa("foo?*bar")])
>>> sorted((sorted(s), w) for s, w in automaton.cells().items())
[([], ''), ([0, 1], 'fooabar')]
"""

from __future__ import annotations

import array
import sys
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import attrs

from domainrules.errors import InvalidCountError
from domainrules.ram.analysis._budget import Budget, BudgetExceeded

__all__ = [
    "ANY",
    "DEFAULT_MAX_STATES",
    "BudgetExceeded",
    "Except",
    "GlobAutomaton",
    "Label",
    "Nfa",
    "casefold_nfa",
    "glob_nfa",
    "literal_nfa",
    "sequence_nfa",
]

#: The owner of the universe's accepting states in a signature (kept out of it).
_UNIVERSE = -1

#: A state is checked for new signatures ahead only when at most this many owners are
#: still undecided in it (2**n lookups).
_OPEN_OWNERS = 3

#: The state budget of one automaton (one dimension of one question).
DEFAULT_MAX_STATES = 100_000


class Except(frozenset[str]):
    """A label that every character fits except those listed (``[^:]``)."""


#: A transition label: one character, a finite set of characters, every character but
#: a finite set (:class:`Except`), or ``ANY`` (None).
Label = str | frozenset[str] | None
ANY: Label = None

# Representatives are picked from here first: realistic, printable, no case to fold.
_PREFERRED = "abcdefghijklmnopqrstuvwxyz0123456789-_./~+=,@!#%&;"


@attrs.frozen
class Nfa:
    """A nondeterministic automaton: per state, its labelled transitions; start state 0.

    >>> nfa = glob_nfa("a?*")
    >>> nfa.accepts("ab"), nfa.accepts("a"), nfa.accepts("abcd")
    (True, False, True)
    """

    transitions: tuple[tuple[tuple[Label, int], ...], ...]
    accepting: frozenset[int]

    def accepts(self, text: str) -> bool:
        """Whether the automaton accepts ``text`` (a slow, obviously correct run)."""
        current = {0}
        for char in text:
            current = {
                target
                for state in current
                for label, target in self.transitions[state]
                if _fits(label, char)
            }
        return bool(current & self.accepting)


def _fits(label: Label, char: str) -> bool:
    if label is None:
        return True
    if isinstance(label, str):
        return label == char
    if isinstance(label, Except):
        return char not in label
    return char in label


@lru_cache(maxsize=4096)
def glob_nfa(pattern: str) -> Nfa:
    """The NFA of a RAM glob (``*`` any run, ``?`` one character, the rest literal).

    >>> glob_nfa("*a").accepts("bba"), glob_nfa("a[b]").accepts("a[b]")
    (True, True)
    """
    states: list[list[tuple[Label, int]]] = [[]]
    for char in pattern:
        here = len(states) - 1
        if char == "*":
            if (ANY, here) not in states[here]:
                states[here].append((ANY, here))
            continue
        states.append([])
        states[here].append((ANY if char == "?" else char, here + 1))
    return Nfa(tuple(tuple(s) for s in states), frozenset({len(states) - 1}))


def literal_nfa(text: str) -> Nfa:
    """The NFA of exactly ``text``.

    >>> literal_nfa("a*").accepts("a*"), literal_nfa("a*").accepts("ab")
    (True, False)
    """
    return Nfa(
        (*tuple(((char, i + 1),) for i, char in enumerate(text)), ()),
        frozenset({len(text)}),
    )


#: An array type code of four-byte items (UTF-32 code units).
_UINT32 = next(code for code in "IL" if array.array(code).itemsize == 4)


@lru_cache(maxsize=1)
def _casefold_sources() -> dict[str, frozenset[str]]:
    """Each casefolded form that is not the character itself -> the characters with it."""
    found: dict[str, set[str]] = {}
    # Case folding maps each character on its own, so a block whose text folds to
    # itself holds no such character: most blocks are skipped whole. (Every code point
    # but the surrogates, built as UTF-32 in one go: a tenth of a second one by one.)
    codes = array.array(_UINT32, range(0xD800))
    codes.extend(range(0xE000, sys.maxunicode + 1))
    text = codes.tobytes().decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be")
    for start in range(0, len(text), 256):
        block = text[start : start + 256]
        if block.casefold() == block:
            continue
        for char in block:
            folded = char.casefold()
            if folded != char:
                found.setdefault(folded, set()).add(char)
    return {k: frozenset(v) for k, v in found.items()}


def casefold_nfa(text: str) -> Nfa:
    """The NFA of every string whose ``casefold()`` equals ``text.casefold()``.

    >>> nfa = casefold_nfa("Straße")
    >>> nfa.accepts("STRASSE"), nfa.accepts("strasse"), nfa.accepts("strase")
    (True, True, False)
    """
    folded = text.casefold()
    sources = _casefold_sources()
    states: list[list[tuple[Label, int]]] = [[] for _ in range(len(folded) + 1)]
    for start in range(len(folded)):
        for length in (1, 2, 3):
            piece = folded[start : start + length]
            if len(piece) < length:
                break
            chars = set(sources.get(piece, ()))
            if length == 1 and piece.casefold() == piece:
                chars.add(piece)
            if chars:
                states[start].append((frozenset(chars), start + length))
    return Nfa(tuple(tuple(s) for s in states), frozenset({len(folded)}))


def sequence_nfa(parts: Sequence[tuple[Label, bool]]) -> Nfa:
    """The NFA of a sequence of labels, each once or (``True``) one or more times.

    >>> nfa = sequence_nfa([("x", False), (frozenset("01"), True)])
    >>> nfa.accepts("x0110"), nfa.accepts("x")
    (True, False)
    """
    states: list[list[tuple[Label, int]]] = [[]]
    for label, repeat in parts:
        here = len(states) - 1
        states.append([(label, here + 1)] if repeat else [])
        states[here].append((label, here + 1))
    return Nfa(tuple(tuple(s) for s in states), frozenset({len(states) - 1}))


def _labels(nfas: Iterable[Nfa]) -> Iterator[Label]:
    for nfa in nfas:
        for transitions in nfa.transitions:
            for label, _ in transitions:
                yield label


def _rank(char: str) -> tuple[int, int]:
    index = _PREFERRED.find(char)
    if index >= 0:
        return (0, index)
    if char.isascii() and char.isprintable() and not char.isspace():
        return (1, ord(char))
    return (2, ord(char))


class GlobAutomaton:
    """The on-the-fly subset construction over several NFAs and an optional universe.

    ``cells()`` maps every realizable signature (the owners whose NFAs accept; by
    default each NFA is its own owner, its index) to its shortest witness; only strings
    the universe accepts count. ``owners`` gives, per NFA, the number that stands for it
    (NFAs of one owner accept together: when any of them does). ``allowed`` restricts
    the characters that may stand for a group (e.g. no upper case for actions, which are
    compared in lower case).

    A set of NFA states is a bit set (an int, the NFAs numbered one after the other),
    and a transition moves a state by a fixed offset (``+1`` for the next position of
    a glob, ``0`` for a star's loop), so one step of the subset construction is a few
    shifts and masks per symbol whatever the number of patterns.

    >>> a = GlobAutomaton([glob_nfa("a*"), glob_nfa("*b")], universe=glob_nfa("?*"))
    >>> sorted((sorted(s), w) for s, w in a.cells().items())
    [([], 'c'), ([0], 'a'), ([0, 1], 'ab'), ([1], 'b')]
    """

    def __init__(
        self,
        nfas: Sequence[Nfa],
        *,
        universe: Nfa | None = None,
        allowed: Callable[[str], bool] | None = None,
        max_states: int = DEFAULT_MAX_STATES,
        budget: Budget | None = None,
        owners: Sequence[int] | None = None,
    ) -> None:
        self.nfas = tuple(nfas)
        #: Per NFA, the number it stands for in a signature (NFAs of one owner match
        #: as one: it accepts when any of them does).
        self.owners = tuple(range(len(self.nfas)) if owners is None else owners)
        if len(self.owners) != len(self.nfas):
            raise InvalidCountError(
                f"one owner per NFA: {len(self.nfas)} NFAs, {len(self.owners)} owners",
                field="owners",
                value=owners,
            )
        self.max_states = max_states
        self._budget = budget
        self._universe = universe or Nfa((((ANY, 0),),), frozenset({0}))
        machines = [*self.nfas, self._universe]
        self.symbols = _alphabet(machines, allowed or _any_char)
        index = {symbol: k for k, symbol in enumerate(self.symbols)}
        # A transition moves a state bit by a fixed offset. ANY transitions apply to
        # every symbol; specific[k] holds the others that symbol k takes.
        any_moves: dict[int, int] = {}
        specific: list[dict[int, int]] = [{} for _ in self.symbols]
        accept_owner: dict[int, int] = {}
        universal: dict[int, int] = {}
        # Per owner, every state of its NFAs (the universe is owner -1).
        owner_of = (*self.owners, _UNIVERSE)
        wholes: dict[int, int] = {}
        base = 0
        for number, nfa in enumerate(machines):
            whole = ((1 << len(nfa.transitions)) - 1) << base
            wholes[owner_of[number]] = wholes.get(owner_of[number], 0) | whole
            base += len(nfa.transitions)
        forever: dict[int, int] = {}
        start = 0
        base = 0
        for number, nfa in enumerate(machines):
            start |= 1 << base
            chain = all(
                target in (state, state + 1)
                for state, transitions in enumerate(nfa.transitions)
                for _, target in transitions
            )
            for state, transitions in enumerate(nfa.transitions):
                bit = 1 << (base + state)
                if state in nfa.accepting:
                    accept_owner[base + state] = owner_of[number]
                if (ANY, state) in transitions:
                    if state in nfa.accepting:
                        # Accepting for every continuation: the other states of its
                        # owner's NFAs no longer matter once this one is reached.
                        universal[bit] = ~wholes[owner_of[number]] | bit
                        forever[owner_of[number]] = forever.get(owner_of[number], 0) | bit
                    elif chain:
                        # A glob's star: every path from an earlier position passes
                        # here, and the star absorbs what came before, so the earlier
                        # positions accept nothing more than this one does.
                        universal[bit] = ~(((1 << state) - 1) << base)
                for label, target in transitions:
                    offset = target - state
                    if label is None:
                        any_moves[offset] = any_moves.get(offset, 0) | bit
                        continue
                    if isinstance(label, str):
                        fitting: Iterable[int] = (index[label],) if label in index else ()
                    elif isinstance(label, Except):
                        fitting = [k for k, c in enumerate(self.symbols) if c not in label]
                    else:
                        fitting = [index[c] for c in label if c in index]
                    for k in fitting:
                        specific[k][offset] = specific[k].get(offset, 0) | bit
            base += len(nfa.transitions)
        universe_base = base - len(self._universe.transitions)
        self._universe_mask = ((1 << len(self._universe.transitions)) - 1) << universe_base
        self._any_moves = tuple(any_moves.items())
        self._specific = tuple(tuple(m.items()) for m in specific)
        # Per symbol, the NFA states with a transition of their own on it.
        self._symbol_masks = tuple(
            (k, mask) for k, moves in enumerate(specific) if (mask := _union(moves.values()))
        )
        self._signatures: dict[int, frozenset[int] | None] = {}
        self._universal = tuple(universal.items())
        self._universal_mask = sum(universal)
        self._universal_keep = universal
        self._collapsed: dict[int, int] = {}
        self._accept_owner = accept_owner
        self._accept_mask = sum(1 << b for b in accept_owner)
        self._start = start
        self._states: dict[int, tuple[tuple[str, int], ...]] = {}
        self._universe_base = universe_base
        # Per owner: all its states, and those where it accepts whatever follows.
        self._owner_states = tuple(
            (owner, mask, forever.get(owner, 0)) for owner, mask in wholes.items() if owner >= 0
        )
        # What each pattern state still needs, worked out on first use (a universe
        # that can always read any character never needs it).
        self._wants: tuple[tuple[str, ...], tuple[tuple[int, int], ...]] | None = None
        self._prunes = universe is not None
        self._dead: dict[int, int] = {}
        self._possible: dict[int, int] = {}
        self._settled_seen: dict[tuple[int, int], bool | int] = {}

    def _signature(self, state: int) -> frozenset[int] | None:
        """The owners accepting in ``state``, or None when the universe does not accept."""
        accepting = state & self._accept_mask
        cached = self._signatures.get(accepting, self)
        if cached is not self:
            return cached  # type: ignore[return-value]
        owners = set()
        rest = accepting
        while rest:
            low = rest & -rest
            owners.add(self._accept_owner[low.bit_length() - 1])
            rest ^= low
        signature: frozenset[int] | None = None
        if _UNIVERSE in owners:
            signature = frozenset(owners - {_UNIVERSE})
        self._signatures[accepting] = signature
        return signature

    def _next(self, state: int) -> tuple[tuple[str, int], ...]:
        """The distinct states one symbol away, each with its first symbol (rank order)."""
        found = self._states.get(state)
        if found is not None:
            return found
        if len(self._states) >= self.max_states:
            raise BudgetExceeded(f"more than {self.max_states} automaton states")
        if self._budget is not None:
            self._budget.spend("automaton states")
        common = _move(state, self._any_moves)
        # Only the symbols some active NFA state names can lead elsewhere (in rank
        # order; the first symbol reaching a state is its witness), and one other.
        special = [k for k, mask in self._symbol_masks if state & mask]
        symbols = self.symbols
        plain = 0
        for k in special:
            if k != plain:
                break
            plain += 1
        specific = self._specific
        collapse = self._collapse if self._universal_mask or self._prunes else None
        order = special
        if plain < len(symbols):
            order = sorted([*special, plain])
        if self._budget is not None:
            # A state costs in proportion to the symbols that lead out of it.
            self._budget.spend("automaton transitions", len(order))
        targets: dict[int, str] = {}
        for k in order:
            target = common | _move(state, specific[k])
            if collapse is not None:
                target = collapse(target)
            if target and target not in targets:
                targets[target] = symbols[k]
        found = tuple((symbol, target) for target, symbol in targets.items())
        self._states[state] = found
        return found

    def _collapse(self, state: int) -> int:
        """``state`` without the NFA states that another active state subsumes.

        An accepting star accepts every continuation (the NFA's other states do not
        matter); a star of a glob accepts every continuation any earlier position of
        the same glob accepts. Dropping subsumed states changes no signature and keeps
        the number of states from exploding with stars.
        """
        known = self._collapsed.get(state)
        if known is not None:
            return known
        original = state
        if self._prunes:
            state &= ~self._dead_in(state & self._universe_mask)
        rest = state & self._universal_mask
        if not rest:
            self._collapsed[original] = state
            return state
        universal = self._universal_keep
        if self._budget is not None:
            # A collapse costs in proportion to the subsuming states active in it.
            self._budget.spend("automaton transitions", 1 + bin(rest).count("1") // 4)
        # Only the active subsuming states, lowest first (as the table is ordered).
        while rest:
            low = rest & -rest
            rest ^= low
            if state & low:
                state &= universal[low]
        self._collapsed[original] = state
        return state

    def _dead_in(self, universe: int) -> int:
        """The pattern states that cannot accept on any text the universe still allows.

        A glob's state needs every literal character on its way to the end; when no
        active state of the universe can still read one of them (the domain name of a
        request holds no ``:``), the state is dead: dropping it changes no signature
        and keeps stars that spanned the ARN's fields from multiplying the states.
        """
        known = self._dead.get(universe)
        if known is not None:
            return known
        dead = -1
        rest = universe
        while rest and dead:
            low = rest & -rest
            rest ^= low
            possible = self._possible_after(low.bit_length() - 1 - self._universe_base)
            if possible == -1:
                dead = 0  # any character can still come: nothing is dead
                break
            here = 0
            for needed, bits in self._needs_of_states()[1]:
                if needed & ~possible:
                    here |= bits
            dead &= here
        dead = max(dead, 0)
        self._dead[universe] = dead
        return dead

    def _needs_of_states(self) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
        if self._wants is None:
            self._wants = _needs(self.nfas)
        return self._wants

    def _possible_after(self, state: int) -> int:
        """The characters of interest some text from the universe's ``state`` can hold
        (a mask over them; -1 when any character can come)."""
        known = self._possible.get(state)
        if known is not None:
            return known
        transitions = self._universe.transitions
        seen = {state}
        stack = [state]
        labels: set[Label] = set()
        while stack:
            for label, target in transitions[stack.pop()]:
                labels.add(label)
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        possible = -1
        if ANY not in labels:
            possible = 0
            for number, char in enumerate(self._needs_of_states()[0]):
                if any(_fits(label, char) for label in labels):
                    possible |= 1 << number
        self._possible[state] = possible
        return possible

    def cells(self, *, wanted: Iterable[frozenset[int]] = ()) -> dict[frozenset[int], str]:
        """Every realizable signature with its shortest witness (first in symbol order).

        With ``wanted``, the search may stop once it has found those signatures (the
        result then holds them, and those found on the way).
        """
        result: dict[frozenset[int], str] = {}
        start = self._collapse(self._start)
        seen = {start}
        queue: deque[tuple[int, str]] = deque([(start, "")])
        universe = self._universe_mask
        # With few owners every signature may be found long before every state is:
        # then the search is over.
        owners = len(set(self.owners))
        every = 1 << owners if owners < 24 else -1
        missing = set(wanted)
        targeted = bool(missing)
        while queue:
            state, text = queue.popleft()
            signature = self._signature(state)
            if signature is not None and signature not in result:
                result[signature] = text
                missing.discard(signature)
                if len(result) == every or (targeted and not missing):
                    break
            if self._settled(state, result):
                continue
            for symbol, target in self._next(state):
                if target & universe and target not in seen:
                    seen.add(target)
                    queue.append((target, text + symbol))
        return result

    def _settled(self, state: int, found: Mapping[frozenset[int], str]) -> bool:
        """Whether every signature reachable from ``state`` is already in ``found``.

        An owner with no state left never accepts again, one with an accepting star
        always does; the signatures ahead are those that differ only in the other
        owners. When few remain, and all were found (earlier, so with shorter
        witnesses), nothing ahead of ``state`` is new.
        """
        sure = open_ = 0
        count = 0
        for k, (_, states, forever) in enumerate(self._owner_states):
            if state & forever:
                sure |= 1 << k
            elif state & states:
                open_ |= 1 << k
                count += 1
                if count > _OPEN_OWNERS:
                    return False
        # Found only grows: a yes stays a yes, a no holds until something is found.
        known = self._settled_seen.get((sure, open_))
        if known is True or known == len(found):
            return known is True
        owners = self._owner_states
        always = [owners[k][0] for k in range(len(owners)) if sure >> k & 1]
        choices = [owners[k][0] for k in range(len(owners)) if open_ >> k & 1]
        settled = all(
            frozenset([*always, *(o for n, o in enumerate(choices) if chosen >> n & 1)]) in found
            for chosen in range(1 << len(choices))
        )
        self._settled_seen[sure, open_] = True if settled else len(found)
        return settled

    def signature_of(self, text: str) -> frozenset[int] | None:
        """The signature of one string (None outside the universe)."""
        if not self._universe.accepts(text):
            return None
        return frozenset(self.owners[i] for i, nfa in enumerate(self.nfas) if nfa.accepts(text))

    def strings_with(
        self, signature: frozenset[int], limit: int, *, within: frozenset[int] | None = None
    ) -> list[str]:
        """Up to ``limit`` strings of ``signature``, shortest first (more witnesses).

        With ``within``, only the owners listed there are looked at: a string counts
        when the owners of ``within`` that accept it are those of ``signature``.
        """
        found: list[str] = []
        visits: dict[int, int] = {}
        queue: deque[tuple[int, str]] = deque([(self._collapse(self._start), "")])
        universe = self._universe_mask
        while queue and len(found) < limit:
            state, text = queue.popleft()
            reached = self._signature(state)
            if reached is not None and within is not None:
                reached &= within
            if reached == signature:
                found.append(text)
            for symbol, target in self._next(state):
                count = visits.get(target, 0)
                if count < 3 and target & universe:
                    visits[target] = count + 1
                    queue.append((target, text + symbol))
        return found


def _needs(nfas: Sequence[Nfa]) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The characters some state needs, and per set of them (a mask), the states needing it.

    Only globs' NFAs count (a chain of single transitions to the one accepting state,
    stars as self-loops): from a state, every literal character of the rest of the
    glob must be read before it accepts.
    """
    chains: list[tuple[int, list[Label]]] = []
    base = 0
    for nfa in nfas:
        forward = _forward(nfa)
        if forward is not None:
            chains.append((base, forward))
        base += len(nfa.transitions)
    interest = sorted(
        {label for _, forward in chains for label in forward if isinstance(label, str)}
    )
    position = {c: 1 << i for i, c in enumerate(interest)}
    grouped: dict[int, int] = {}
    for base, forward in chains:
        needed = 0
        for state in range(len(forward) - 1, -1, -1):
            label = forward[state]
            if isinstance(label, str):
                needed |= position[label]
            if needed:
                grouped[needed] = grouped.get(needed, 0) | 1 << (base + state)
    return tuple(interest), tuple(grouped.items())


def _forward(nfa: Nfa) -> list[Label] | None:
    """Per state but the last, the label of its one step forward, for a glob's NFA (a
    chain to the one accepting state, loops only on itself); None for any other NFA."""
    last = len(nfa.transitions) - 1
    if nfa.accepting != frozenset({last}):
        return None
    forward: list[Label] = []
    for state, transitions in enumerate(nfa.transitions):
        steps = [(label, target) for label, target in transitions if target != state]
        if state == last:
            if steps:
                return None
        elif len(steps) != 1 or steps[0][1] != state + 1:
            return None
        else:
            forward.append(steps[0][0])
    return forward


def _union(masks: Iterable[int]) -> int:
    union = 0
    for mask in masks:
        union |= mask
    return union


def _move(state: int, moves: tuple[tuple[int, int], ...]) -> int:
    target = 0
    for offset, mask in moves:
        hit = state & mask
        if hit:
            target |= hit << offset if offset >= 0 else hit >> -offset
    return target


def _any_char(char: str) -> bool:
    return True


def _printable(char: str) -> bool:
    return char.isprintable() and not char.isspace()


def _alphabet(machines: Sequence[Nfa], allowed: Callable[[str], bool]) -> tuple[str, ...]:
    """One representative character per group of characters that behave alike."""
    behaviour: dict[str, set[int]] = {}
    labels: dict[Label, int] = {}
    excepts: set[int] = set()
    for label in _labels(machines):
        if label is None or label in labels:
            continue
        number = labels[label] = len(labels)
        if isinstance(label, Except):
            excepts.add(number)
        for char in (label,) if isinstance(label, str) else label:
            behaviour.setdefault(char, set()).add(number)
    groups: dict[frozenset[int], str] = {}
    for char in sorted(behaviour, key=_rank):
        # An Except label is fitted by the characters it does not list.
        key = frozenset(behaviour[char] ^ excepts)
        current = groups.get(key)
        if current is None or (not allowed(current) and allowed(char)):
            groups[key] = char
    # The characters no NFA names, played by one that is allowed and named nowhere.
    other = _other(set(behaviour), allowed)
    if other is not None:
        groups.setdefault(frozenset(excepts), other)
    symbols = [c for c in groups.values() if allowed(c)]
    return tuple(sorted(symbols, key=_rank))


def _other(named: set[str], allowed: Callable[[str], bool]) -> str | None:
    for char in _PREFERRED:
        if char not in named and allowed(char):
            return char
    for code in range(0x21, 0x7F):
        if chr(code) not in named and allowed(chr(code)):
            return chr(code)
    if not (allowed("\u00e9") or allowed("\u4e2d")):
        return None  # an ASCII-only alphabet (actions): every character is named
    for code in range(0xA1, 0x30000):
        char = chr(code)
        if char not in named and allowed(char) and unicodedata.category(char) != "Cs":
            return char
    return None  # pragma: no cover - far more characters exist than any policy names
