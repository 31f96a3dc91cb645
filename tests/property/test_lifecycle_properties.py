"""Invariants of the lifecycle engine, and the bulk path against it."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from domainrules import Phase, PhaseClassifier, lifecycle_of, phases_at
from tests.property.strategies import domain_texts, instants, near, offsets

UTC = timezone.utc


@given(domain_texts(), instants, st.lists(st.integers(0, 400 * 86_400), min_size=2, max_size=8))
def test_phases_never_go_backwards(name: str, expiry: datetime, seconds: list[int]) -> None:
    life = lifecycle_of(name, expiry)
    start = expiry - timedelta(days=60)
    ranks = [life.phase_at(start + timedelta(seconds=s)).rank for s in sorted(seconds)]
    assert ranks == sorted(ranks)


@given(domain_texts(), instants)
def test_spans_cover_expiry_to_infinity_without_gap_or_overlap(name: str, expiry: datetime) -> None:
    spans = lifecycle_of(name, expiry).spans
    assert spans[0].phase is Phase.ACTIVE and spans[0].start is None
    assert spans[0].end == expiry
    for before, after in itertools.pairwise(spans):
        assert before.end == after.start
        assert before.start is None or before.start < before.end  # type: ignore[operator]
        assert before.phase.rank < after.phase.rank
    assert spans[-1].phase is Phase.RELEASED and spans[-1].end is None
    assert [s.phase for s in spans] == sorted((s.phase for s in spans), key=lambda p: p.rank)


@given(domain_texts(), instants, st.data())
def test_phase_at_agrees_with_the_spans(name: str, expiry: datetime, data: st.DataObject) -> None:
    life = lifecycle_of(name, expiry)
    t = data.draw(near(life.expires_at))
    (span,) = [s for s in life.spans if t in s]
    assert life.phase_at(t) is span.phase
    assert life.phase_at(t) in life.possible_phases_at(t)


@given(domain_texts(), instants, offsets, offsets, st.data())
def test_the_same_instant_in_any_zone_gives_the_same_answer(
    name: str, expiry: datetime, zone_a: timezone, zone_b: timezone, data: st.DataObject
) -> None:
    t = data.draw(near(expiry))
    a = lifecycle_of(name, expiry.astimezone(zone_a))
    b = lifecycle_of(name, expiry.astimezone(zone_b))
    assert a == b
    assert a.phase_at(t.astimezone(zone_a)) is b.phase_at(t.astimezone(zone_b))


@given(domain_texts(), instants, st.integers(1, 10), st.data())
def test_a_renewal_never_shortens(
    name: str, expiry: datetime, years: int, data: st.DataObject
) -> None:
    life = lifecycle_of(name, expiry)
    t = data.draw(near(life.expires_at))
    if life.phase_at(t) not in (Phase.ACTIVE, Phase.RENEWAL_GRACE):
        return
    try:
        renewed = life.renew(t, years=years)
    except Exception as error:  # only the 10-year cap may refuse here
        assert type(error).__name__ == "TermLimitError"
        return
    assert renewed.expires_at > life.expires_at
    assert renewed.expires_at - life.expires_at >= timedelta(days=365 * years - 1)
    assert renewed.phase_at(t).rank <= life.phase_at(t).rank


@given(st.lists(st.tuples(domain_texts(), instants), min_size=1, max_size=30), st.data())
def test_bulk_path_agrees_with_lifecycle(
    pairs: list[tuple[str, datetime]], data: st.DataObject
) -> None:
    at = data.draw(near(pairs[0][1]))
    expected = [lifecycle_of(name, expiry).phase_at(at) for name, expiry in pairs]
    assert phases_at(pairs, at) == expected


@given(domain_texts(), st.data())
def test_bulk_path_on_exact_boundaries(name: str, data: st.DataObject) -> None:
    expiry = datetime(2025, 1, 1, tzinfo=UTC)
    life = lifecycle_of(name, expiry)
    classify_twice = data.draw(st.booleans())
    for milestone in life.milestones.values():
        for t in (
            milestone - timedelta(microseconds=1),
            milestone,
            milestone + timedelta(microseconds=1),
        ):
            classify = PhaseClassifier(t)
            if classify_twice:  # the second call takes the cached fast path
                classify(name, expiry)
            assert classify(name, expiry) is life.phase_at(t)
