"""EPP domain statuses (RFC 5731, RFC 3915): what each blocks, which go together, who sets them.

Facts from RFC 5731 and RFC 3915. A :class:`StatusSet` is
always a valid combination: ``ok`` alone, no ``pendingDelete`` with a
``*DeleteProhibited``, at most one ``pending*``...

>>> from domainrules.statuses import EppCommand, StatusSet
>>> locked = StatusSet.of("clientTransferProhibited", "clientUpdateProhibited")
>>> sorted(command.value for command in locked.blocked_commands)
['transfer', 'update']
>>> locked.published_in_dns
True
>>> StatusSet.of("ok", "clientHold")
Traceback (most recent call last):
...
domainrules.errors.InvalidStatusCombinationError: statuses: 'ok' cannot be combined with another status (clientHold)

The registrar's "transfer prohibition lock" and "update prohibition lock" are
``clientTransferProhibited`` and ``clientUpdateProhibited``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from domainrules._validate import Choice, choice, show, wrong_type
from domainrules.errors import (
    ArgumentTypeError,
    InvalidStatusCombinationError,
    InvalidStatusError,
    StatusNotSettableError,
)

__all__ = [
    "Actor",
    "EppCommand",
    "EppStatus",
    "StatusSet",
]


class EppCommand(Choice):
    """The EPP transform commands a status can block (RGP restore included)."""

    DELETE = "delete"
    RENEW = "renew"
    TRANSFER = "transfer"
    UPDATE = "update"
    RESTORE = "restore"


class Actor(Choice):
    """Who asks to change a status: the registrar (EPP client) or the registry (server)."""

    CLIENT = "client"
    SERVER = "server"


class EppStatus(Choice):
    """Every domain status of RFC 5731 and the grace-period statuses of RFC 3915.

    >>> EppStatus.parse("clienthold")
    <EppStatus.CLIENT_HOLD: 'clientHold'>
    >>> EppStatus.CLIENT_HOLD.client_settable, EppStatus.SERVER_HOLD.client_settable
    (True, False)
    """

    OK = "ok"
    INACTIVE = "inactive"
    CLIENT_DELETE_PROHIBITED = "clientDeleteProhibited"
    CLIENT_HOLD = "clientHold"
    CLIENT_RENEW_PROHIBITED = "clientRenewProhibited"
    CLIENT_TRANSFER_PROHIBITED = "clientTransferProhibited"
    CLIENT_UPDATE_PROHIBITED = "clientUpdateProhibited"
    SERVER_DELETE_PROHIBITED = "serverDeleteProhibited"
    SERVER_HOLD = "serverHold"
    SERVER_RENEW_PROHIBITED = "serverRenewProhibited"
    SERVER_TRANSFER_PROHIBITED = "serverTransferProhibited"
    SERVER_UPDATE_PROHIBITED = "serverUpdateProhibited"
    PENDING_CREATE = "pendingCreate"
    PENDING_DELETE = "pendingDelete"
    PENDING_RENEW = "pendingRenew"
    PENDING_TRANSFER = "pendingTransfer"
    PENDING_UPDATE = "pendingUpdate"
    # RFC 3915 (rgp:rgpStatus): grace periods and redemption.
    ADD_PERIOD = "addPeriod"
    AUTO_RENEW_PERIOD = "autoRenewPeriod"
    RENEW_PERIOD = "renewPeriod"
    TRANSFER_PERIOD = "transferPeriod"
    REDEMPTION_PERIOD = "redemptionPeriod"
    PENDING_RESTORE = "pendingRestore"

    @classmethod
    def parse(cls, value: EppStatus | str) -> EppStatus:
        """The status named ``value`` (EPP spelling, any case); refuses unknown names."""
        if isinstance(value, EppStatus):
            return value
        if isinstance(value, str):
            found = _BY_LOWER.get(value.strip().lower()) or cls.__members__.get(value)
            if found is not None:
                return found
        else:
            raise wrong_type(value, "statuses", "an EPP status or its name")
        raise InvalidStatusError(
            f"statuses: {show(value)} is not an EPP domain status (RFC 5731 / RFC 3915)",
            field="statuses",
            value=value,
        )

    @property
    def client_settable(self) -> bool:
        """Whether a registrar (EPP client) may set or remove it: only ``client*`` ones."""
        return self.value.startswith("client")

    @property
    def is_pending(self) -> bool:
        """One of RFC 5731's five ``pending*`` transform statuses."""
        return self in _PENDING

    @property
    def is_grace_period(self) -> bool:
        """An RFC 3915 status (reported in its own ``rgpStatus`` element)."""
        return self in _RGP

    @property
    def blocks(self) -> frozenset[EppCommand]:
        """The commands this status alone blocks (see :attr:`StatusSet.blocked_commands`
        for combinations; ``*UpdateProhibited`` still allows removing itself)."""
        return _BLOCKS[self]

    @property
    def withholds_from_dns(self) -> bool:
        """Whether a domain with this status is left out of the DNS zone."""
        return self in _NOT_IN_DNS

    def __str__(self) -> str:
        return self.value


_BY_LOWER = {status.value.lower(): status for status in EppStatus}
_PENDING = frozenset(
    {
        EppStatus.PENDING_CREATE,
        EppStatus.PENDING_DELETE,
        EppStatus.PENDING_RENEW,
        EppStatus.PENDING_TRANSFER,
        EppStatus.PENDING_UPDATE,
    }
)
_RGP = frozenset(
    {
        EppStatus.ADD_PERIOD,
        EppStatus.AUTO_RENEW_PERIOD,
        EppStatus.RENEW_PERIOD,
        EppStatus.TRANSFER_PERIOD,
        EppStatus.REDEMPTION_PERIOD,
        EppStatus.PENDING_RESTORE,
    }
)
_ALL_BUT_RESTORE = frozenset(EppCommand) - {EppCommand.RESTORE}
_TRANSFORMS = frozenset(EppCommand)

# RFC 5731 and RFC 3915. Where it is silent (pendingCreate, pendingRenew,
# pendingUpdate) the conservative reading: the object being created accepts no
# transform; a pending renew/update blocks another of its kind.
_BLOCKS: Mapping[EppStatus, frozenset[EppCommand]] = MappingProxyType(
    {
        EppStatus.OK: frozenset(),
        EppStatus.INACTIVE: frozenset(),
        EppStatus.CLIENT_HOLD: frozenset(),
        EppStatus.SERVER_HOLD: frozenset(),
        EppStatus.CLIENT_DELETE_PROHIBITED: frozenset({EppCommand.DELETE}),
        EppStatus.SERVER_DELETE_PROHIBITED: frozenset({EppCommand.DELETE}),
        EppStatus.CLIENT_RENEW_PROHIBITED: frozenset({EppCommand.RENEW}),
        EppStatus.SERVER_RENEW_PROHIBITED: frozenset({EppCommand.RENEW}),
        EppStatus.CLIENT_TRANSFER_PROHIBITED: frozenset({EppCommand.TRANSFER}),
        EppStatus.SERVER_TRANSFER_PROHIBITED: frozenset({EppCommand.TRANSFER}),
        EppStatus.CLIENT_UPDATE_PROHIBITED: frozenset({EppCommand.UPDATE}),
        EppStatus.SERVER_UPDATE_PROHIBITED: frozenset({EppCommand.UPDATE}),
        EppStatus.PENDING_CREATE: _TRANSFORMS,
        # Every transform except the transfer itself (approve/reject/cancel).
        EppStatus.PENDING_TRANSFER: _TRANSFORMS - {EppCommand.TRANSFER},
        # Restore is the one way out, and only with redemptionPeriod (see StatusSet).
        EppStatus.PENDING_DELETE: _ALL_BUT_RESTORE,
        EppStatus.PENDING_RENEW: frozenset({EppCommand.RENEW}),
        EppStatus.PENDING_UPDATE: frozenset({EppCommand.UPDATE}),
        EppStatus.ADD_PERIOD: frozenset(),
        EppStatus.AUTO_RENEW_PERIOD: frozenset(),
        EppStatus.RENEW_PERIOD: frozenset(),
        EppStatus.TRANSFER_PERIOD: frozenset(),
        EppStatus.REDEMPTION_PERIOD: _ALL_BUT_RESTORE,
        EppStatus.PENDING_RESTORE: frozenset({EppCommand.UPDATE}),
    }
)

# Holds and inactive by definition; RFC 3915 takes a domain in redemption (and
# the pendingDelete that comes with it) out of the zone.
_NOT_IN_DNS = frozenset(
    {
        EppStatus.CLIENT_HOLD,
        EppStatus.SERVER_HOLD,
        EppStatus.INACTIVE,
        EppStatus.REDEMPTION_PERIOD,
        EppStatus.PENDING_DELETE,
        EppStatus.PENDING_RESTORE,
    }
)

# RFC 5731 section 2.3: a pending* with the matching prohibition cannot coexist.
_PENDING_VERSUS_PROHIBITED = (
    (
        EppStatus.PENDING_DELETE,
        (EppStatus.CLIENT_DELETE_PROHIBITED, EppStatus.SERVER_DELETE_PROHIBITED),
    ),
    (
        EppStatus.PENDING_TRANSFER,
        (EppStatus.CLIENT_TRANSFER_PROHIBITED, EppStatus.SERVER_TRANSFER_PROHIBITED),
    ),
    (
        EppStatus.PENDING_RENEW,
        (EppStatus.CLIENT_RENEW_PROHIBITED, EppStatus.SERVER_RENEW_PROHIBITED),
    ),
    (
        EppStatus.PENDING_UPDATE,
        (EppStatus.CLIENT_UPDATE_PROHIBITED, EppStatus.SERVER_UPDATE_PROHIBITED),
    ),
)


def _names(statuses: Iterable[EppStatus]) -> str:
    return ", ".join(sorted(status.value for status in statuses))


def _check(statuses: frozenset[EppStatus]) -> None:
    if EppStatus.OK in statuses and len(statuses) > 1:
        raise InvalidStatusCombinationError(
            f"statuses: 'ok' cannot be combined with another status "
            f"({_names(statuses - {EppStatus.OK})})",
            field="statuses",
            value=_names(statuses),
        )
    pending = statuses & _PENDING
    if len(pending) > 1:
        raise InvalidStatusCombinationError(
            f"statuses: at most one pending* status at a time, not {_names(pending)}",
            field="statuses",
            value=_names(statuses),
        )
    for status, prohibitions in _PENDING_VERSUS_PROHIBITED:
        clash = statuses & set(prohibitions)
        if status in statuses and clash:
            raise InvalidStatusCombinationError(
                f"statuses: {status.value} cannot be combined with {_names(clash)}",
                field="statuses",
                value=_names(statuses),
            )


def _as_statuses(values: Iterable[EppStatus | str]) -> frozenset[EppStatus]:
    if isinstance(values, (str, EppStatus)):
        values = (values,)
    try:
        items = list(values)
    except TypeError:
        raise ArgumentTypeError(
            f"statuses: expected EPP statuses, not {type(values).__name__}",
            field="statuses",
            value=values,
        ) from None
    statuses = frozenset(EppStatus.parse(value) for value in items)
    # No status at all is what EPP calls ok.
    return statuses or frozenset({EppStatus.OK})


@attrs.frozen
class StatusSet:
    """A domain's EPP statuses: a valid combination, never empty (``ok`` when nothing else).

    >>> StatusSet.of().statuses
    frozenset({<EppStatus.OK: 'ok'>})
    >>> StatusSet.of("pendingDelete", "redemptionPeriod").permits(EppCommand.RESTORE)
    True
    """

    statuses: frozenset[EppStatus] = attrs.field(
        default=frozenset({EppStatus.OK}), converter=_as_statuses
    )

    def __attrs_post_init__(self) -> None:
        _check(self.statuses)

    @classmethod
    def of(cls, *statuses: EppStatus | str) -> StatusSet:
        """The set of the given statuses."""
        return cls(statuses)

    def __contains__(self, status: object) -> bool:
        return status in self.statuses

    def __iter__(self) -> Iterator[EppStatus]:
        return iter(sorted(self.statuses, key=lambda status: status.value))

    def __str__(self) -> str:
        return " ".join(status.value for status in sorted(self.statuses, key=lambda s: s.value))

    @property
    def blocked_commands(self) -> frozenset[EppCommand]:
        """Every command some status blocks. A ``pendingDelete`` without
        ``redemptionPeriod`` (past redemption) and a ``pendingRestore`` block restore too."""
        blocked: set[EppCommand] = set()
        for status in self.statuses:
            blocked |= status.blocks
        if EppStatus.PENDING_RESTORE in self.statuses or (
            EppStatus.PENDING_DELETE in self.statuses
            and EppStatus.REDEMPTION_PERIOD not in self.statuses
        ):
            blocked.add(EppCommand.RESTORE)
        return frozenset(blocked)

    def permits(self, command: EppCommand | str) -> bool:
        """Whether no status blocks ``command``."""
        return choice(command, EppCommand, "command") not in self.blocked_commands

    def blocking(self, command: EppCommand | str) -> frozenset[EppStatus]:
        """The statuses that block ``command``.

        >>> sorted(s.value for s in StatusSet.of(
        ...     "clientTransferProhibited", "serverTransferProhibited").blocking(EppCommand.TRANSFER))
        ['clientTransferProhibited', 'serverTransferProhibited']
        """
        command = choice(command, EppCommand, "command")
        found = {status for status in self.statuses if command in status.blocks}
        if command is EppCommand.RESTORE and command in self.blocked_commands:
            found |= self.statuses & {EppStatus.PENDING_DELETE, EppStatus.PENDING_RESTORE}
        return frozenset(found)

    @property
    def published_in_dns(self) -> bool:
        """Whether the registry publishes the domain in DNS, as the statuses decide.

        >>> StatusSet.of("serverHold").published_in_dns
        False
        """
        return not any(status.withholds_from_dns for status in self.statuses)

    @property
    def holds(self) -> frozenset[EppStatus]:
        """The statuses that keep it out of DNS."""
        return frozenset(status for status in self.statuses if status.withholds_from_dns)

    def with_status(self, status: EppStatus | str, *, by: Actor | str = Actor.CLIENT) -> StatusSet:
        """The set with ``status`` added by ``by``; ``ok`` gives way.

        >>> str(StatusSet.of().with_status("clientTransferProhibited"))
        'clientTransferProhibited'
        >>> StatusSet.of().with_status("serverHold")
        Traceback (most recent call last):
        ...
        domainrules.errors.StatusNotSettableError: status: a registrar (EPP client) may set only client* statuses, not serverHold
        """
        added = EppStatus.parse(status)
        by = choice(by, Actor, "by")
        self._check_actor(added, by, "set")
        if added is EppStatus.OK:
            return StatusSet()
        if by is Actor.CLIENT and not self.permits(EppCommand.UPDATE):
            self._refuse_update(added)
        return StatusSet((self.statuses - {EppStatus.OK}) | {added})

    def without_status(
        self, status: EppStatus | str, *, by: Actor | str = Actor.CLIENT
    ) -> StatusSet:
        """The set with ``status`` removed by ``by``; ``ok`` when nothing is left.

        Removing ``clientUpdateProhibited`` is the one update it allows.

        >>> str(StatusSet.of("clientUpdateProhibited").without_status("clientUpdateProhibited"))
        'ok'
        """
        removed = EppStatus.parse(status)
        by = choice(by, Actor, "by")
        self._check_actor(removed, by, "remove")
        if by is Actor.CLIENT:
            others = StatusSet(self.statuses - {removed})
            if not others.permits(EppCommand.UPDATE):
                others._refuse_update(removed)
        return StatusSet(self.statuses - {removed})

    @staticmethod
    def _check_actor(status: EppStatus, by: Actor, verb: str) -> None:
        if by is Actor.CLIENT and not status.client_settable and status is not EppStatus.OK:
            raise StatusNotSettableError(
                f"status: a registrar (EPP client) may {verb} only client* statuses, not "
                f"{status.value}",
                field="status",
                value=status.value,
            )

    def _refuse_update(self, status: EppStatus) -> None:
        raise StatusNotSettableError(
            f"status: {status.value} cannot be changed while "
            f"{_names(self.blocking(EppCommand.UPDATE))} blocks updates",
            field="status",
            value=status.value,
        )
