"""What happened to one registration at the registry, as immutable events.

Each event is one EPP command the registry accepted (RFC 5731 create, renew,
transfer, delete; RFC 3915 restore) or one thing the registry did by itself
(the auto-renew at expiry, the automatic approval of a pending transfer). A
:class:`DomainHistory` is one registration's events in order, from its create.

>>> history = DomainHistory(
...     "example.com",
...     [Create("2025-01-01T00:00:00Z", registrar="alpha", years=1),
...      Delete("2025-01-03T00:00:00Z", registrar="alpha")])
>>> len(history), history.events[1]
(2, Delete(at='2025-01-03T00:00:00+00:00', registrar='alpha'))

Whether the events can happen under a registry's numbers (a transfer inside the
add grace, a renew after the purge) is decided with those numbers, by
:func:`~domainrules.registry.registry_state`; the order of the events is checked here:

>>> DomainHistory("example.com", [Delete("2025-01-03T00:00:00Z", registrar="alpha")])
Traceback (most recent call last):
...
domainrules.errors.InvalidHistoryError: events[0]: a history starts with its Create, not Delete(at='2025-01-03T00:00:00+00:00', registrar='alpha')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from domainrules._validate import count, flag, show
from domainrules.errors import (
    ArgumentTypeError,
    InvalidCountError,
    InvalidHistoryError,
    InvalidPartyError,
)
from domainrules.instants import Instant, to_utc
from domainrules.names import DomainName

__all__ = [
    "AutoRenew",
    "Create",
    "Delete",
    "DomainHistory",
    "Event",
    "Renew",
    "RestoreReport",
    "RestoreRequest",
    "TransferApprove",
    "TransferAutoApprove",
    "TransferCancel",
    "TransferReject",
    "TransferRequest",
]

# A history longer than this is no registration's; checked before anything else.
_MAX_EVENTS = 10_000


def _at(value: Instant) -> datetime:
    return to_utc(value, "at")


def _registrar(instance: Any, attribute: Any, value: Any) -> None:
    # Registrar ids (EPP clIDs) are compared exactly; a spelling that could be
    # another's (surrounding blanks, empty) is refused rather than read.
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"registrar: expected the registrar's id as text, not {type(value).__name__} "
            f"{show(value)}",
            field="registrar",
            value=value,
        )
    if not value or value != value.strip() or len(value) > 64:
        raise InvalidPartyError(
            f"registrar: {show(value)} is not a registrar id (1-64 characters, no surrounding "
            "blanks)",
            field="registrar",
            value=value,
        )


def _years(instance: Any, attribute: Any, value: Any) -> None:
    if count(value, "years", maximum=100) < 1:
        raise InvalidCountError(
            f"years: a whole number from 1 to 100, not {value}", field="years", value=value
        )


def _flag(instance: Any, attribute: Any, value: Any) -> None:
    flag(value, attribute.name)


def _repr(event: Any) -> str:
    fields = ", ".join(
        f"{a.name}={(getattr(event, a.name).isoformat() if a.name == 'at' else getattr(event, a.name))!r}"
        for a in attrs.fields(type(event))
        if a.name == "at" or getattr(event, a.name) != a.default
    )
    return f"{type(event).__name__}({fields})"


@attrs.frozen(repr=False)
class Create:
    """The registration (EPP ``<create>``) for ``years``; an anchor tenant's create has
    the longer add grace (Nomulus)."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    years: int = attrs.field(default=1, kw_only=True, validator=_years)
    anchor_tenant: bool = attrs.field(default=False, kw_only=True, validator=_flag)
    __repr__ = _repr


@attrs.frozen(repr=False)
class Renew:
    """An explicit renew (EPP ``<renew>``) by the sponsoring registrar."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    years: int = attrs.field(default=1, kw_only=True, validator=_years)
    __repr__ = _repr


@attrs.frozen(repr=False)
class AutoRenew:
    """The registry's own renewal by a year at the expiry instant (``at`` is that
    instant). Optional in a history: the registry auto-renews whether it is recorded
    or not; when recorded, it must be where the registry would have done it."""

    at: datetime = attrs.field(converter=_at)
    __repr__ = _repr


@attrs.frozen(repr=False)
class TransferRequest:
    """A transfer request by the gaining registrar, for ``years`` added on approval."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    years: int = attrs.field(default=1, kw_only=True, validator=_years)
    __repr__ = _repr


@attrs.frozen(repr=False)
class TransferApprove:
    """The losing (sponsoring) registrar approves the pending transfer."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


@attrs.frozen(repr=False)
class TransferReject:
    """The losing (sponsoring) registrar rejects the pending transfer."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


@attrs.frozen(repr=False)
class TransferCancel:
    """The gaining registrar withdraws its pending request."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


@attrs.frozen(repr=False)
class TransferAutoApprove:
    """The registry approves a pending transfer nobody acted on, ``automatic_transfer``
    after the request. Optional in a history, like :class:`AutoRenew`."""

    at: datetime = attrs.field(converter=_at)
    __repr__ = _repr


@attrs.frozen(repr=False)
class Delete:
    """A delete (EPP ``<delete>``) by the sponsoring registrar."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


@attrs.frozen(repr=False)
class RestoreRequest:
    """RFC 3915 ``<rgp:restore op="request">`` by the sponsoring registrar."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


@attrs.frozen(repr=False)
class RestoreReport:
    """RFC 3915 ``<rgp:restore op="report">`` by the sponsoring registrar: the restore
    completes when the registry receives it in time."""

    at: datetime = attrs.field(converter=_at)
    registrar: str = attrs.field(kw_only=True, validator=_registrar)
    __repr__ = _repr


#: Any event of a registry history.
Event = (
    Create
    | Renew
    | AutoRenew
    | TransferRequest
    | TransferApprove
    | TransferReject
    | TransferCancel
    | TransferAutoApprove
    | Delete
    | RestoreRequest
    | RestoreReport
)

_EVENT_TYPES: tuple[type, ...] = (
    Create,
    Renew,
    AutoRenew,
    TransferRequest,
    TransferApprove,
    TransferReject,
    TransferCancel,
    TransferAutoApprove,
    Delete,
    RestoreRequest,
    RestoreReport,
)


def _name(value: DomainName | str) -> DomainName:
    return DomainName.parse(value)


def _events(values: Iterable[Event]) -> tuple[Event, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ArgumentTypeError(
            f"events: expected a sequence of events, not {type(values).__name__}",
            field="events",
            value=values,
        )
    events: list[Event] = []
    for index, event in enumerate(values):
        if index >= _MAX_EVENTS:
            raise InvalidHistoryError(
                f"events: more than {_MAX_EVENTS} events", field="events", value=_MAX_EVENTS
            )
        if not isinstance(event, _EVENT_TYPES):
            raise ArgumentTypeError(
                f"events[{index}]: expected an event (Create, Renew, Delete...), not "
                f"{type(event).__name__} {show(event)}",
                field=f"events[{index}]",
                value=event,
            )
        events.append(event)
    if not events:
        raise InvalidHistoryError(
            "events: a history has at least its Create", field="events", value=()
        )
    for index, event in enumerate(events):
        if (index == 0) != isinstance(event, Create):
            message = (
                f"a history starts with its Create, not {event!r}"
                if index == 0
                else f"{event!r}: a registration is created once, by its first event"
            )
            raise _history_error(index, event, message)
        if index and event.at < events[index - 1].at:
            raise _history_error(
                index, event, f"{event!r} is before the event it follows ({events[index - 1]!r})"
            )
    return tuple(events)


def _history_error(index: int, event: Event, message: str) -> InvalidHistoryError:
    """The error for event ``index`` of a history: ``field`` is ``events[index]``."""
    return InvalidHistoryError(f"events[{index}]: {message}", field=f"events[{index}]", value=event)


@attrs.frozen
class DomainHistory:
    """One registration's events at the registry, from its create, in time order
    (events at the same instant keep their order)."""

    name: DomainName = attrs.field(converter=_name)
    events: tuple[Event, ...] = attrs.field(converter=_events)

    def __len__(self) -> int:
        return len(self.events)

    @property
    def created_at(self) -> datetime:
        """The instant of the create."""
        return self.events[0].at

    def then(self, *events: Event) -> DomainHistory:
        """This history with ``events`` appended (checked like a new one).

        >>> h = DomainHistory("example.com", [Create("2025-01-01T00:00:00Z", registrar="a")])
        >>> len(h.then(Renew("2025-02-01T00:00:00Z", registrar="a")))
        2
        """
        return DomainHistory(self.name, (*self.events, *events))
