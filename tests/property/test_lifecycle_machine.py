"""A stateful test: renew, redeem and let time pass, keeping the invariants."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domainrules import (
    InvalidTermError,
    Lifecycle,
    Phase,
    RedemptionRefusedError,
    RenewalRefusedError,
    TermLimitError,
    lifecycle_of,
)
from tests.property.strategies import SUFFIXES

UTC = timezone.utc


class DomainLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2025, 1, 1, tzinfo=UTC)
        self.life: Lifecycle | None = None
        self.last_rank = 0

    @rule(suffix=st.sampled_from(SUFFIXES))
    @precondition(lambda self: self.life is None)
    def register(self, suffix: str) -> None:
        self.life = lifecycle_of(f"example.{suffix}", self.now + timedelta(days=365))
        self.last_rank = 0

    @rule(hours=st.integers(1, 24 * 120))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule(years=st.integers(0, 11))
    @precondition(lambda self: self.life is not None)
    def renew(self, years: int) -> None:
        assert self.life is not None
        phase = self.life.phase_at(self.now)
        try:
            renewed = self.life.renew(self.now, years=years)
        except InvalidTermError:
            assert not 1 <= years <= 10
            return
        except TermLimitError:
            return
        except RenewalRefusedError:
            assert phase not in (Phase.ACTIVE, Phase.RENEWAL_GRACE)
            return
        assert phase in (Phase.ACTIVE, Phase.RENEWAL_GRACE)
        assert renewed.expires_at > self.life.expires_at
        assert renewed.phase_at(self.now) is Phase.ACTIVE or renewed.expires_at <= self.now
        self.life, self.last_rank = renewed, renewed.phase_at(self.now).rank

    @rule()
    @precondition(lambda self: self.life is not None)
    def redeem(self) -> None:
        assert self.life is not None
        phase = self.life.phase_at(self.now)
        try:
            redeemed = self.life.redeem(self.now)
        except RedemptionRefusedError:
            assert phase is not Phase.REDEMPTION
            return
        assert phase is Phase.REDEMPTION
        assert redeemed.expires_at > self.life.expires_at
        self.life, self.last_rank = redeemed, redeemed.phase_at(self.now).rank

    @invariant()
    def phase_only_moves_forward_unless_renewed(self) -> None:
        if self.life is None:
            return
        rank = self.life.phase_at(self.now).rank
        assert rank >= self.last_rank
        self.last_rank = rank

    @invariant()
    def expiry_within_the_maximum_term(self) -> None:
        if self.life is not None:
            assert self.life.expires_at <= self.now + timedelta(days=366 * 10 + 365)


TestDomainLife = DomainLife.TestCase
