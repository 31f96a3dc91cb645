"""Blockers: one shape for every "no, because..." the library answers.

A change plan (:func:`~domainrules.changes.plan_change`), a transfer-out check
(:func:`~domainrules.transfers.transfer_out_check`) and a "why not resolving"
explanation (:func:`~domainrules.resolution.why_not_resolving`) each list
:class:`Blocker` values: a reason code from the check's own enum, a plain-English
detail, the remedy (what someone must do; ``"wait"`` for a lock that lifts by itself)
and the instant it lifts (None when it does not lift by itself). Every result also
has ``reasons``: the frozenset of its blockers' reason codes.

>>> import enum
>>> from datetime import timezone
>>> class Why(enum.Enum):
...     LOCKED = "locked"
>>> blocker = Blocker(reason=Why.LOCKED, detail="locked for 60 days", remedy="wait",
...                   lifts_at=datetime(2026, 3, 2, tzinfo=timezone.utc))
>>> print(blocker)
locked: locked for 60 days (until 2026-03-02T00:00:00+00:00)
>>> blocker.time_bound
True
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Generic, TypeVar

import attrs

from domainrules._validate import checked

__all__ = ["Blocker"]

_ReasonT = TypeVar("_ReasonT", bound=enum.Enum)


@checked
@attrs.frozen(kw_only=True)
class Blocker(Generic[_ReasonT]):
    """One reason something cannot happen (or may not), and what lifts it.

    ``reason`` is a code from the check's enum (:class:`~domainrules.changes.PlanBlockReason`,
    :class:`~domainrules.transfers.TransferBlockReason`,
    :class:`~domainrules.resolution.NotResolvingReason`).
    """

    reason: _ReasonT
    #: What it means for this domain, in plain English.
    detail: str
    #: What lifts it: ``"wait"`` when it lifts by itself at ``lifts_at``, else the action needed.
    remedy: str
    #: When it lifts by itself; None when someone must act.
    lifts_at: datetime | None = None
    #: False when it only may block (the registrar may suspend an expired domain's DNS).
    certain: bool = True

    @property
    def time_bound(self) -> bool:
        """Whether it lifts by itself at ``lifts_at``."""
        return self.lifts_at is not None

    def __str__(self) -> str:
        lifts = f"until {self.lifts_at.isoformat()}" if self.lifts_at else self.remedy
        return f"{self.reason.value}: {self.detail} ({lifts})"
