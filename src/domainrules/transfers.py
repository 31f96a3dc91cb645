"""May this domain leave? Transfer locks and :func:`transfer_out_check`.

Facts from the registrar's guide ("Domain name management") and ICANN's
sections 4-5. Every reason a transfer out is refused is a
:class:`~domainrules.verdicts.Blocker` with a :class:`TransferBlockReason` and the
instant it lifts by itself (None when someone must act); the check lists them all,
not just the first.

>>> from domainrules import ChangeOfRegistrant, Domain, transfer_out_check
>>> domain = Domain("example.com", "2027-03-01T00:00:00Z", created_at="2024-03-01T00:00:00Z",
...                 last_change_of_registrant=ChangeOfRegistrant("2026-05-01T00:00:00Z"))
>>> check = transfer_out_check(domain, "2026-06-01T00:00:00Z")
>>> check.allowed, [b.reason.value for b in check.blockers]
(False, ['change-of-registrant-lock'])
>>> check.earliest_at.isoformat()
'2026-06-30T00:00:00+00:00'
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from domainrules._validate import Choice, bool_field, checked, count, instance
from domainrules.domain import Domain, require_domain
from domainrules.instants import Instant, to_utc
from domainrules.lifecycle import Phase
from domainrules.statuses import EppStatus
from domainrules.transfer_policy import TransferPolicyVersion, _policy_at
from domainrules.verdicts import Blocker

__all__ = [
    "RegistrarLocks",
    "TransferBlockReason",
    "TransferEligibility",
    "change_of_registrant_lock_ends_at",
    "transfer_out_check",
]


class TransferBlockReason(Choice):
    """Why a transfer to another registrar is refused."""

    #: ICANN's lock after a Change of Registrant (60 days unless opted out).
    CHANGE_OF_REGISTRANT_LOCK = "change-of-registrant-lock"
    #: The lock after the domain was created (the registrar's option, or mandatory).
    POST_CREATE_LOCK = "post-create-lock"
    #: The lock after the domain last came in from another registrar.
    POST_TRANSFER_LOCK = "post-transfer-lock"
    CLIENT_TRANSFER_PROHIBITED = "client-transfer-prohibited"
    SERVER_TRANSFER_PROHIBITED = "server-transfer-prohibited"
    PENDING_TRANSFER = "pending-transfer"
    PENDING_DELETE = "pending-delete"
    #: Redemption (the phase, or the registry's redemptionPeriod status): ERRP forbids it.
    REDEMPTION = "redemption"
    #: Waiting for deletion after redemption: nothing is possible.
    WAITING_FOR_DELETION = "waiting-for-deletion"
    #: No longer registered.
    RELEASED = "released"


# What lifts a blocker that does not lift by itself.
_REMEDY = {
    TransferBlockReason.CLIENT_TRANSFER_PROHIBITED: "remove the transfer prohibition lock",
    TransferBlockReason.SERVER_TRANSFER_PROHIBITED: "ask the registry to remove serverTransferProhibited",
    TransferBlockReason.PENDING_TRANSFER: "wait for the pending transfer to complete or be cancelled (auto-approved after 5 days)",
    TransferBlockReason.PENDING_DELETE: "nothing: the domain is being deleted",
    TransferBlockReason.REDEMPTION: "redeem the domain first",
    TransferBlockReason.WAITING_FOR_DELETION: "nothing: the domain is waiting for deletion",
    TransferBlockReason.RELEASED: "nothing: the domain is no longer registered",
}


@checked
@attrs.frozen
class TransferEligibility:
    """Whether a domain may leave for another registrar at ``at``, and if not, why."""

    name: str
    at: datetime
    #: The ICANN Transfer Policy version applied; None when none was in force.
    policy: TransferPolicyVersion | None
    blockers: tuple[Blocker[TransferBlockReason], ...]
    #: The earliest instant at which every time-bound blocker is gone (``at`` when
    #: there is none), whatever the other blockers.
    earliest_at: datetime
    #: When the domain may leave if nothing else changes: ``earliest_at`` when no
    #: blocker needs someone to act and the domain is still inside its renewal grace
    #: then; None otherwise (remove the status, renew first...).
    may_leave_from: datetime | None

    @property
    def allowed(self) -> bool:
        """No blocker at all."""
        return not self.blockers

    @property
    def reasons(self) -> frozenset[TransferBlockReason]:
        """The reason codes of the blockers."""
        return frozenset(blocker.reason for blocker in self.blockers)

    def __str__(self) -> str:
        if self.allowed:
            return f"{self.name}: may be transferred out at {self.at.isoformat()}"
        lines = [f"{self.name}: may not be transferred out at {self.at.isoformat()}"]
        lines += [f"  {blocker}" for blocker in self.blockers]
        return "\n".join(lines)


def _lock_days(_: Any, attribute: Any, value: Any) -> None:
    count(value, attribute.name, maximum=3650)


@attrs.frozen
class RegistrarLocks:
    """The registrar's optional locks (ICANN allows denying a transfer within 60 days
    after creation or after an inter-registrar transfer); this registrar applies both.

    They apply to every suffix the registrar sells: they are its own policy. Under a
    policy version where such a lock is mandatory, the version's length governs.

    >>> RegistrarLocks().post_create, RegistrarLocks(post_transfer=False).post_transfer
    (True, False)
    """

    post_create: bool = attrs.field(default=True, validator=bool_field)
    post_transfer: bool = attrs.field(default=True, validator=bool_field)
    #: Length of the optional locks when they apply, in days (0 to 3650).
    days: int = attrs.field(default=60, validator=_lock_days)


def change_of_registrant_lock_ends_at(
    domain: Domain, at: Instant | None = None, *, policy: TransferPolicyVersion | str | None = None
) -> datetime | None:
    """When the lock set by the domain's last Change of Registrant lifts, or None when
    there is no such lock (no change recorded, opted out, no ICANN policy for the
    suffix, none in the policy version).

    ``policy`` defaults to the version in force at ``at`` (default: the instant of the
    change); before any version was in force there is no lock.

    >>> from domainrules import ChangeOfRegistrant, Domain
    >>> from domainrules.transfer_policy import POLICY_REVISED
    >>> d = Domain("example.com", "2030-01-01T00:00:00Z",
    ...            last_change_of_registrant=ChangeOfRegistrant("2026-01-01T00:00:00Z"))
    >>> change_of_registrant_lock_ends_at(d).isoformat()
    '2026-03-02T00:00:00+00:00'
    >>> change_of_registrant_lock_ends_at(d, policy=POLICY_REVISED) is None
    True
    >>> change_of_registrant_lock_ends_at(d.evolve(last_change_of_registrant="2016-01-01T00:00:00Z"))
    """
    domain = require_domain(domain)
    change = domain.last_change_of_registrant
    if change is None or not domain.family.icann_transfer_policy:
        return None
    version = _policy_at(change.at if at is None else to_utc(at, "at"), policy)
    if version is None or version.change_of_registrant_lock is None:
        return None
    if change.opted_out_of_transfer_lock and version.change_of_registrant_opt_out:
        return None
    return change.at + version.change_of_registrant_lock


def _lock_length(
    mandatory: bool, policy_length: timedelta, registrar_on: bool, days: int, icann: bool
) -> tuple[timedelta, str] | None:
    if icann and mandatory:
        hours = policy_length // timedelta(hours=1)
        return policy_length, f"a mandatory {hours}-hour lock"
    if registrar_on:
        return timedelta(days=days), f"the registrar's {days}-day lock"
    return None


def transfer_out_check(
    domain: Domain,
    at: Instant,
    *,
    policy: TransferPolicyVersion | str | None = None,
    locks: RegistrarLocks = RegistrarLocks(),
) -> TransferEligibility:
    """May ``domain`` be transferred to another registrar at ``at``?

    ``policy`` defaults to the ICANN Transfer Policy version in force at ``at`` (before
    2016-12-01 none was: then only the registrar's own locks apply). A transfer inside
    the renewal grace period is allowed (expiry alone is no reason).

    >>> from domainrules import Domain
    >>> from domainrules.transfer_policy import POLICY_REVISED
    >>> d = Domain("example.com", "2027-01-01T00:00:00Z", created_at="2026-05-01T00:00:00Z",
    ...            statuses=["clientTransferProhibited"])
    >>> print(transfer_out_check(d, "2026-05-20T00:00:00Z"))
    example.com: may not be transferred out at 2026-05-20T00:00:00+00:00
      post-create-lock: created 2026-05-01T00:00:00+00:00; the registrar's 60-day lock (until 2026-06-30T00:00:00+00:00)
      client-transfer-prohibited: clientTransferProhibited is set (remove the transfer prohibition lock)
    >>> transfer_out_check(d.evolve(statuses=[]), "2026-05-20T00:00:00Z",
    ...                    policy=POLICY_REVISED).may_leave_from.isoformat()
    '2026-05-31T00:00:00+00:00'
    """
    domain = require_domain(domain)
    t = to_utc(at, "at")
    version = _policy_at(t, policy)
    locks = instance(locks, RegistrarLocks, "locks")
    icann = domain.family.icann_transfer_policy
    blockers: list[Blocker[TransferBlockReason]] = []

    def wait(reason: TransferBlockReason, lifts_at: datetime, detail: str) -> None:
        if t < lifts_at:
            blockers.append(Blocker(reason=reason, detail=detail, remedy="wait", lifts_at=lifts_at))

    def stuck(reason: TransferBlockReason, detail: str) -> None:
        blockers.append(Blocker(reason=reason, detail=detail, remedy=_REMEDY[reason]))

    # Facts stored with an instant after `at` had not happened yet at `at`.
    change = domain.last_change_of_registrant
    created = domain.created_at if domain.created_at and domain.created_at <= t else None
    transferred = domain.last_transferred_at
    if transferred is not None and transferred > t:
        transferred = None

    cor_end = (
        None if version is None else change_of_registrant_lock_ends_at(domain, t, policy=version)
    )
    if version is not None and cor_end is not None and change is not None and change.at <= t:
        wait(
            TransferBlockReason.CHANGE_OF_REGISTRANT_LOCK,
            cor_end,
            f"registrant changed {change.at.isoformat()}; {version.name}'s "
            f"{_days(version.change_of_registrant_lock)} change-of-registrant lock",
        )
    if created is not None:
        lock = _lock_length(
            version is not None and version.post_create_lock_mandatory,
            version.post_create_lock if version else timedelta(0),
            locks.post_create,
            locks.days,
            icann,
        )
        if lock is not None:
            wait(
                TransferBlockReason.POST_CREATE_LOCK,
                created + lock[0],
                f"created {created.isoformat()}; {lock[1]}",
            )
    if transferred is not None:
        lock = _lock_length(
            version is not None and version.post_transfer_lock_mandatory,
            version.post_transfer_lock if version else timedelta(0),
            locks.post_transfer,
            locks.days,
            icann,
        )
        if lock is not None:
            wait(
                TransferBlockReason.POST_TRANSFER_LOCK,
                transferred + lock[0],
                f"transferred in {transferred.isoformat()}; {lock[1]}",
            )

    statuses = domain.statuses.statuses
    for status, reason in (
        (EppStatus.CLIENT_TRANSFER_PROHIBITED, TransferBlockReason.CLIENT_TRANSFER_PROHIBITED),
        (EppStatus.SERVER_TRANSFER_PROHIBITED, TransferBlockReason.SERVER_TRANSFER_PROHIBITED),
        (EppStatus.PENDING_TRANSFER, TransferBlockReason.PENDING_TRANSFER),
        (EppStatus.PENDING_DELETE, TransferBlockReason.PENDING_DELETE),
    ):
        if status in statuses:
            stuck(reason, f"{status.value} is set")

    phase = domain.lifecycle.phase_at(t)
    if phase is Phase.REDEMPTION:
        stuck(
            TransferBlockReason.REDEMPTION,
            f"in redemption until {domain.lifecycle.redemption_ends_at.isoformat()}",
        )
    elif EppStatus.REDEMPTION_PERIOD in statuses:
        stuck(TransferBlockReason.REDEMPTION, "redemptionPeriod is set")
    elif phase is Phase.PENDING_DELETE:
        stuck(
            TransferBlockReason.WAITING_FOR_DELETION,
            f"waiting for deletion until {domain.lifecycle.pending_delete_ends_at.isoformat()}",
        )
    elif phase is Phase.RELEASED:
        stuck(
            TransferBlockReason.RELEASED,
            f"released or deleted at {domain.lifecycle.pending_delete_ends_at.isoformat()}",
        )

    earliest = max((b.lifts_at for b in blockers if b.lifts_at is not None), default=t)
    may_leave: datetime | None = earliest
    # Past the renewal grace the domain is in redemption: it cannot leave then
    # without being renewed first, whatever the locks say.
    if any(b.lifts_at is None for b in blockers) or (
        earliest >= domain.lifecycle.renewal_grace_ends_at
    ):
        may_leave = None
    return TransferEligibility(domain.name.ascii, t, version, tuple(blockers), earliest, may_leave)


def _days(length: timedelta | None) -> str:
    if length is None or length % timedelta(days=1):
        hours = 0 if length is None else length // timedelta(hours=1)
        return f"{hours}-hour"
    return f"{length.days}-day"
