"""The next action a registrar takes about a domain at an instant: renew, redeem, or none.

The rule behind the portfolio report, for any back end: an active domain expiring
within ``renew_within`` days (30 by default: ICANN's first renewal reminder comes about
one month before expiry) is to be renewed; in the renewal grace period it is to be
renewed now; in redemption it is to be redeemed; after that it is gone (pending
deletion or released), and renewal can no longer keep it.

>>> from domainrules import lifecycle_of, next_action
>>> life = lifecycle_of("example.com", "2025-01-01T00:00:00Z")
>>> step = next_action(life, "2024-12-20T00:00:00Z")
>>> step.action, step.group, step.days_left
(<ExpiryAction.RENEW: 'renew'>, 'to be renewed', 12)
>>> next_action(life, "2025-02-10T00:00:00Z").action.value
'redeem'
>>> print(next_action(life, "2024-06-01T00:00:00Z").action)
None
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from domainrules._validate import Choice, checked, choice, count, show
from domainrules.domain import Domain
from domainrules.errors import ArgumentTypeError
from domainrules.instants import Instant, to_utc
from domainrules.lifecycle import Lifecycle, Phase
from domainrules.names import DomainName

__all__ = [
    "DEFAULT_RENEW_WITHIN",
    "MAX_RENEW_WITHIN",
    "TO_BE_REDEEMED",
    "TO_BE_RENEWED",
    "ExpiryAction",
    "NextAction",
    "action_for",
    "next_action",
]

#: Days before expiry from which an active domain is to be renewed: ICANN's Expired
#: Registration Recovery Policy sends the first reminder about one month before expiry.
DEFAULT_RENEW_WITHIN = 30
#: Ten years, the longest registration term: a longer window would mean every domain.
MAX_RENEW_WITHIN = 3650

#: The group of the domains to renew (in time, or now in the renewal grace period).
TO_BE_RENEWED = "to be renewed"
#: The group of the domains in redemption.
TO_BE_REDEEMED = "to be redeemed"

_DAY = timedelta(days=1)


class ExpiryAction(Choice):
    """What a domain's expiry calls for (a member, its value or its name)."""

    #: Active, and expiring within the renewal window.
    RENEW = "renew"
    #: In the renewal grace period: still renewable at the normal price, not for long.
    RENEW_NOW = "renew now"
    #: In redemption: only a redemption (restore) brings it back.
    REDEEM = "redeem"
    #: Pending deletion or released: nothing the holder does keeps it.
    GONE = "gone"

    @property
    def group(self) -> str | None:
        """The report group: ``"to be renewed"``, ``"to be redeemed"`` or None.

        >>> ExpiryAction.RENEW_NOW.group, ExpiryAction.GONE.group
        ('to be renewed', None)
        """
        return _GROUPS[self]


_GROUPS = {
    ExpiryAction.RENEW: TO_BE_RENEWED,
    ExpiryAction.RENEW_NOW: TO_BE_RENEWED,
    ExpiryAction.REDEEM: TO_BE_REDEEMED,
    ExpiryAction.GONE: None,
}
_BY_PHASE = {
    Phase.RENEWAL_GRACE: ExpiryAction.RENEW_NOW,
    Phase.REDEMPTION: ExpiryAction.REDEEM,
    Phase.PENDING_DELETE: ExpiryAction.GONE,
    Phase.RELEASED: ExpiryAction.GONE,
}


@checked
@attrs.frozen
class NextAction:
    """A domain's next action at ``at``, with the phase and the days left that decide it."""

    name: DomainName
    #: The expiry instant, in UTC.
    expires_at: datetime
    #: The instant asked about, in UTC.
    at: datetime
    phase: Phase
    #: Whole days from ``at`` to the expiry, rounded down: negative once expired.
    days_left: int
    #: None when nothing is due yet.
    action: ExpiryAction | None

    @property
    def group(self) -> str | None:
        """The report group of :attr:`action` (None when nothing is due)."""
        return None if self.action is None else self.action.group


def _days_left(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(
            f"days_left: expected a whole number, not {type(value).__name__} {show(value)}",
            field="days_left",
            value=value,
        )
    return value


def action_for(
    phase: Phase, days_left: int, *, renew_within: int = DEFAULT_RENEW_WITHIN
) -> ExpiryAction | None:
    """The action for a domain in ``phase`` with ``days_left`` whole days to its expiry.

    The rule itself, for callers that already have the phase (the bulk path of
    :class:`~domainrules.bulk.PhaseClassifier`); :func:`next_action` is the usual door.

    >>> action_for(Phase.ACTIVE, 29), action_for(Phase.ACTIVE, 30)
    (<ExpiryAction.RENEW: 'renew'>, None)
    >>> action_for("pending-delete", -70).value
    'gone'
    """
    phase = choice(phase, Phase, "phase")
    days = _days_left(days_left)
    within = count(renew_within, "renew_within", maximum=MAX_RENEW_WITHIN)
    if phase is Phase.ACTIVE:
        return ExpiryAction.RENEW if days < within else None
    return _BY_PHASE[phase]


def next_action(
    life: Lifecycle | Domain, at: Instant, *, renew_within: int = DEFAULT_RENEW_WITHIN
) -> NextAction:
    """The next action for a domain (its :class:`Lifecycle` or :class:`Domain`) at ``at``.

    >>> from domainrules import Domain
    >>> step = next_action(Domain("example.cn", "2025-03-01T06:00:00+08:00"),
    ...                    "2025-04-01T00:00:00Z")
    >>> step.phase.value, step.days_left, step.action.value, step.group
    ('redemption', -32, 'redeem', 'to be redeemed')
    """
    if isinstance(life, Domain):
        life = life.lifecycle
    elif not isinstance(life, Lifecycle):
        raise ArgumentTypeError(
            f"life: expected a Lifecycle or a Domain, not {type(life).__name__} {show(life)}",
            field="life",
            value=life,
        )
    within = count(renew_within, "renew_within", maximum=MAX_RENEW_WITHIN)
    instant = to_utc(at, "at")
    phase = life.phase_at(instant)
    days_left = (life.expires_at - instant) // _DAY
    return NextAction(
        name=life.name,
        expires_at=life.expires_at,
        at=instant,
        phase=phase,
        days_left=days_left,
        action=action_for(phase, days_left, renew_within=within),
    )
