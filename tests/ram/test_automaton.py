"""The glob automaton against brute force: owners, dead states and early stops change no cell.

The automaton drops pattern states the universe can no longer satisfy, merges the
patterns of one owner, and stops once every owner signature is found. Each is held to
a slow, obviously correct reference: every text over a small alphabet up to a length,
its signature computed by running each NFA on it.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules.ram.analysis._automaton import (
    ANY,
    Except,
    GlobAutomaton,
    Nfa,
    glob_nfa,
    sequence_nfa,
)

ALPHABET = "ab:/"
LENGTH = 6

globs = st.text(alphabet="ab:/*?", min_size=0, max_size=6)

# Universes shaped like the request grammar: fields apart by ':', one of them free.
UNIVERSES: tuple[Nfa | None, ...] = (
    None,
    glob_nfa("?*"),
    # a:<no colon>:<anything>
    sequence_nfa([("a", False), (":", False), (Except(frozenset(":")), True)]),
    Nfa(
        (
            (("a", 1), ("b", 2)),
            ((Except(frozenset(":")), 1), (":", 3)),
            ((ANY, 2),),
            ((frozenset("ab"), 3),),
        ),
        frozenset({2, 3}),
    ),
)


def _texts() -> list[str]:
    return [
        "".join(chars) for n in range(LENGTH + 1) for chars in itertools.product(ALPHABET, repeat=n)
    ]


TEXTS = _texts()


def _brute(nfas: list[Nfa], owners: list[int], universe: Nfa | None) -> dict[frozenset[int], str]:
    found: dict[frozenset[int], str] = {}
    for text in TEXTS:  # shortest first
        if universe is not None and not universe.accepts(text):
            continue
        signature = frozenset(owners[i] for i, nfa in enumerate(nfas) if nfa.accepts(text))
        found.setdefault(signature, text)
    return found


@settings(max_examples=100)
@given(
    patterns=st.lists(globs, min_size=1, max_size=5),
    owner_seed=st.lists(st.integers(0, 2), min_size=5, max_size=5),
    universe=st.sampled_from(range(len(UNIVERSES))),
)
def test_cells_agree_with_brute_force(
    patterns: list[str], owner_seed: list[int], universe: int
) -> None:
    nfas = [glob_nfa(p) for p in patterns]
    owners = owner_seed[: len(nfas)]
    automaton = GlobAutomaton(nfas, universe=UNIVERSES[universe], owners=owners)
    cells = automaton.cells()
    brute = _brute(nfas, owners, UNIVERSES[universe])
    # Every signature some short text has is found, with a witness no longer.
    for signature, text in brute.items():
        assert signature in cells, (signature, text)
        assert len(cells[signature]) <= len(text)
    # Every signature found is real: its witness has it.
    for signature, witness in cells.items():
        assert automaton.signature_of(witness) == signature
        if len(witness) <= LENGTH and all(c in ALPHABET for c in witness):
            assert signature in brute


@settings(max_examples=100)
@given(
    patterns=st.lists(globs, min_size=1, max_size=5),
    universe=st.sampled_from(range(1, len(UNIVERSES))),
)
def test_dead_states_dropped_change_no_cell(patterns: list[str], universe: int) -> None:
    nfas = [glob_nfa(p) for p in patterns]
    pruned = GlobAutomaton(nfas, universe=UNIVERSES[universe])
    plain = GlobAutomaton(nfas, universe=UNIVERSES[universe])
    plain._prunes = False  # the reference: every state kept
    assert pruned.cells() == plain.cells()
    assert len(pruned._states) <= len(plain._states)


def test_a_colon_free_field_kills_stars_waiting_for_a_colon() -> None:
    # After "a:" the universe reads no ':' again: the stars of "*:a*:b" that still
    # wait for one are dead, so "a:a" and "a:b" (one star waiting or two) share a state.
    universe = UNIVERSES[2]
    nfas = [glob_nfa("*:a*:b"), glob_nfa("a:*")]
    pruned = GlobAutomaton(nfas, universe=universe)
    plain = GlobAutomaton(nfas, universe=universe)
    plain._prunes = False
    assert (
        pruned.cells()
        == plain.cells()
        == {
            frozenset({1}): "a:a",
        }
    )
    assert len(pruned._states) < len(plain._states)


def test_one_owner_accepts_when_any_of_its_patterns_does() -> None:
    automaton = GlobAutomaton([glob_nfa("a*"), glob_nfa("*b"), glob_nfa("b")], owners=[0, 0, 1])
    assert automaton.cells() == {
        frozenset(): "",
        frozenset({0}): "a",
        frozenset({0, 1}): "b",
    }


def test_one_owner_per_nfa() -> None:
    import pytest

    from domainrules.errors import InvalidCountError

    with pytest.raises(InvalidCountError):
        GlobAutomaton([glob_nfa("a")], owners=[0, 1])
