"""The values the registry side answers with: RFC 3915 statuses, periods, credits, refusals.

>>> RgpStatus("autoRenewPeriod") is RgpStatus.AUTO_RENEW_PERIOD
True
>>> Credit(RgpStatus.ADD_PERIOD, BillableOperation.CREATE, 1, "alpha").years
1
"""

from __future__ import annotations

from datetime import datetime

import attrs

from domainrules._validate import Choice, checked, choice
from domainrules.names import DomainName
from domainrules.statuses import EppStatus
from domainrules.verdicts import Blocker

__all__ = [
    "BillableOperation",
    "Credit",
    "PendingTransfer",
    "RefusalReason",
    "RegistryRefusal",
    "RegistryState",
    "RgpPeriod",
    "RgpStatus",
]


class RgpStatus(Choice):
    """RFC 3915 §3.1 ``rgpStatus`` values. ``pendingDelete`` here is the RGP one,
    which always goes with the EPP ``pendingDelete`` status (RFC 3915 §3.1)."""

    ADD_PERIOD = "addPeriod"
    AUTO_RENEW_PERIOD = "autoRenewPeriod"
    RENEW_PERIOD = "renewPeriod"
    TRANSFER_PERIOD = "transferPeriod"
    REDEMPTION_PERIOD = "redemptionPeriod"
    PENDING_RESTORE = "pendingRestore"
    PENDING_DELETE = "pendingDelete"


class BillableOperation(Choice):
    """The operation a grace period refunds."""

    CREATE = "create"
    RENEW = "renew"
    AUTO_RENEW = "auto-renew"
    TRANSFER = "transfer"


class RefusalReason(Choice):
    """Why the registry refuses an operation."""

    NOT_REGISTERED = "not-registered"
    NOT_SPONSOR = "not-sponsor"
    ALREADY_SPONSOR = "already-sponsor"
    ADD_GRACE = "add-grace"
    PENDING_DELETE = "pending-delete"
    NOT_IN_REDEMPTION = "not-in-redemption"
    PENDING_TRANSFER = "pending-transfer"
    NO_PENDING_TRANSFER = "no-pending-transfer"
    RESTORE_PENDING = "restore-pending"
    NO_RESTORE_PENDING = "no-restore-pending"
    TERM_LIMIT = "term-limit"
    NOT_DUE = "not-due"


@checked
@attrs.frozen(kw_only=True)
class RegistryRefusal(Blocker[RefusalReason]):
    """The registry's "no": a :class:`~domainrules.verdicts.Blocker` with the clause
    of the rule that refuses (an RFC section, a policy, a Nomulus flow)."""

    clause: str


@checked
@attrs.frozen
class RgpPeriod:
    """One RFC 3915 period in force: ``[starts_at, ends_at)``.

    For a grace period, the operation it would credit, its years and the registrar
    credited; None for the RGP states after a delete.
    """

    status: RgpStatus
    starts_at: datetime
    ends_at: datetime
    operation: BillableOperation | None = None
    years: int | None = None
    registrar: str | None = None


@checked
@attrs.frozen
class Credit:
    """What the registry credits back: which grace period, which operation, how many
    years, to which registrar."""

    period: RgpStatus
    operation: BillableOperation
    years: int
    registrar: str


@checked
@attrs.frozen
class PendingTransfer:
    """A transfer waiting for the losing registrar (or the registry, at ``auto_approve_at``)."""

    gaining_registrar: str
    requested_at: datetime
    auto_approve_at: datetime
    years: int


@checked
@attrs.frozen(kw_only=True)
class RegistryState:
    """What is in force at ``at`` at the registry for one domain.

    ``registered`` is False before the create and after the purge; then
    ``statuses``, ``periods`` are empty and ``expires_at``, ``sponsor`` None.
    """

    name: DomainName
    at: datetime
    registered: bool
    #: EPP statuses the registry sets by itself: ``ok``, ``pendingTransfer`` or
    #: ``pendingDelete`` (registrar-set ``client*`` statuses are not events here).
    statuses: frozenset[EppStatus]
    #: RFC 3915 periods in force, grace periods in the order they opened.
    periods: tuple[RgpPeriod, ...]
    #: The registry's expiry (after any auto-renew, and after the years a delete
    #: took off); None when not registered.
    expires_at: datetime | None
    sponsor: str | None
    pending_transfer: PendingTransfer | None = None
    #: Deleted: when the name will be purged if nothing else happens.
    purge_at: datetime | None = None
    #: When the name was purged (None while registered, and before the create).
    purged_at: datetime | None = None

    @property
    def rgp_statuses(self) -> frozenset[RgpStatus]:
        """The ``rgpStatus`` values in force (RFC 3915 §3.1)."""
        return frozenset(p.status for p in self.periods)

    def period(self, status: RgpStatus | str) -> RgpPeriod | None:
        """The period of ``status`` in force, None if none (the first, if several)."""
        status = choice(status, RgpStatus, "status")
        return next((p for p in self.periods if p.status is status), None)

    def ends_at(self, status: RgpStatus | str) -> datetime | None:
        """When the period of ``status`` in force ends, None if it is not in force."""
        period = self.period(status)
        return None if period is None else period.ends_at
