"""The next action per domain: renew, renew now, redeem, gone, or nothing yet."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domainrules import (
    Domain,
    DomainRulesError,
    ExpiryAction,
    NextAction,
    Phase,
    PhaseClassifier,
    lifecycle_of,
    next_action,
)
from domainrules.actions import TO_BE_REDEEMED, TO_BE_RENEWED, action_for
from domainrules.errors import ArgumentTypeError, InvalidChoiceError, InvalidCountError
from tests.property.strategies import domain_texts

UTC = timezone.utc
EXPIRES = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "phase", "days_left", "action"),
    [
        (EXPIRES - timedelta(days=31), Phase.ACTIVE, 31, None),
        (EXPIRES - timedelta(days=30), Phase.ACTIVE, 30, None),
        (EXPIRES - timedelta(days=29, hours=23), Phase.ACTIVE, 29, ExpiryAction.RENEW),
        (EXPIRES - timedelta(seconds=1), Phase.ACTIVE, 0, ExpiryAction.RENEW),
        (EXPIRES, Phase.RENEWAL_GRACE, 0, ExpiryAction.RENEW_NOW),
        (EXPIRES + timedelta(seconds=1), Phase.RENEWAL_GRACE, -1, ExpiryAction.RENEW_NOW),
        (EXPIRES + timedelta(days=40), Phase.REDEMPTION, -40, ExpiryAction.REDEEM),
        (EXPIRES + timedelta(days=62), Phase.PENDING_DELETE, -62, ExpiryAction.GONE),
        (EXPIRES + timedelta(days=90), Phase.RELEASED, -90, ExpiryAction.GONE),
    ],
)
def test_the_action_in_every_phase(
    at: datetime, phase: Phase, days_left: int, action: ExpiryAction | None
) -> None:
    step = next_action(lifecycle_of("example.com", EXPIRES), at)
    assert (step.phase, step.days_left, step.action) == (phase, days_left, action)
    assert step.at == at and step.expires_at == EXPIRES
    assert step.name.ascii == "example.com"


def test_groups_and_a_domain_as_subject() -> None:
    domain = Domain("example.cn", "2025-03-01T06:00:00+08:00")
    step = next_action(domain, "2025-04-01T00:00:00Z")
    assert step == next_action(domain.lifecycle, "2025-04-01T00:00:00Z")
    assert isinstance(step, NextAction)
    assert (step.action, step.group) == (ExpiryAction.REDEEM, TO_BE_REDEEMED)
    assert ExpiryAction.RENEW.group == ExpiryAction.RENEW_NOW.group == TO_BE_RENEWED
    assert ExpiryAction.GONE.group is None
    assert next_action(domain, "2024-01-01T00:00:00Z").group is None


def test_the_renewal_window_is_an_option() -> None:
    life = lifecycle_of("example.com", EXPIRES)
    at = EXPIRES - timedelta(days=45)
    assert next_action(life, at).action is None
    assert next_action(life, at, renew_within=60).action is ExpiryAction.RENEW
    assert next_action(life, at, renew_within=0).action is None


@pytest.mark.parametrize(
    ("renew_within", "error"),
    [
        (-1, InvalidCountError),
        (3651, InvalidCountError),
        (10**100, InvalidCountError),
        (True, ArgumentTypeError),
        ("30", ArgumentTypeError),
        (30.0, ArgumentTypeError),
        (None, ArgumentTypeError),
    ],
)
def test_a_bad_renewal_window_is_refused(renew_within: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="renew_within") as info:
        next_action(lifecycle_of("example.com", EXPIRES), EXPIRES, renew_within=renew_within)  # type: ignore[arg-type]
    assert info.value.field == "renew_within"  # type: ignore[attr-defined]


@pytest.mark.parametrize("subject", ["example.com", None, 42, EXPIRES])
def test_the_subject_is_a_lifecycle_or_a_domain(subject: object) -> None:
    with pytest.raises(ArgumentTypeError, match="expected a Lifecycle or a Domain"):
        next_action(subject, EXPIRES)  # type: ignore[arg-type]


@pytest.mark.parametrize("at", ["2025-01-01T00:00:00", "soon", None])
def test_a_bad_instant_is_the_library_error(at: object) -> None:
    with pytest.raises(DomainRulesError):
        next_action(lifecycle_of("example.com", EXPIRES), at)  # type: ignore[arg-type]


def test_action_for_takes_a_phase_its_value_or_its_name() -> None:
    assert action_for("redemption", -40) is action_for("REDEMPTION", -40) is ExpiryAction.REDEEM  # type: ignore[arg-type]
    assert ExpiryAction("renew now") is ExpiryAction("RENEW_NOW") is ExpiryAction.RENEW_NOW
    with pytest.raises(InvalidChoiceError, match="phase"):
        action_for("expired", 3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="days_left"):
        action_for(Phase.ACTIVE, 3.5)  # type: ignore[arg-type]


@given(
    name=domain_texts(),
    offset=st.integers(min_value=-200 * 86400, max_value=400 * 86400),
    renew_within=st.integers(min_value=0, max_value=3650),
)
def test_the_bulk_path_and_next_action_agree(name: str, offset: int, renew_within: int) -> None:
    # The portfolio report takes the bulk path (PhaseClassifier + action_for).
    at = datetime(2025, 6, 1, tzinfo=UTC)
    expires = at + timedelta(seconds=offset)
    step = next_action(lifecycle_of(name, expires), at, renew_within=renew_within)
    phase = PhaseClassifier(at)(name, expires)
    days_left = (expires - at) // timedelta(days=1)
    assert (step.phase, step.days_left) == (phase, days_left)
    assert step.action is action_for(phase, days_left, renew_within=renew_within)
