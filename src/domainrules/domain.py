"""A domain as the registrar's back end knows it: the one argument the checks take.

A :class:`Domain` holds the stored facts (name, expiry, rule set, EPP statuses,
creation, last ICANN Change of Registrant, last inter-registrar transfer, profile,
holder and account); everything else (phase, locks, holds) is derived from them at an instant.

>>> from domainrules.domain import Domain
>>> domain = Domain("example.com", expires_at="2026-06-01T00:00:00Z",
...                 created_at="2025-06-01T00:00:00Z",
...                 statuses=["clientTransferProhibited"])
>>> domain.lifecycle.phase_at("2026-06-15T00:00:00Z").value
'renewal-grace'
>>> domain.family.name, str(domain.statuses)
('gtld', 'clientTransferProhibited')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from domainrules._validate import bool_field, choice, show, wrong_type
from domainrules.errors import ArgumentTypeError, InvalidDomainRecordError
from domainrules.instants import Instant, to_utc
from domainrules.lifecycle import Lifecycle, Operation
from domainrules.names import DomainName
from domainrules.parties import Registration
from domainrules.profiles import RegistrantProfile
from domainrules.rulesets import DEFAULT_RULE_SET, RuleSet, SuffixFamily, as_rule_set
from domainrules.statuses import EppCommand, EppStatus, StatusSet

__all__ = ["OPERATION_COMMAND", "ChangeOfRegistrant", "Domain", "require_domain"]

#: The EPP command behind each registrar operation.
OPERATION_COMMAND: Mapping[Operation, EppCommand] = MappingProxyType(
    {
        Operation.RENEW: EppCommand.RENEW,
        Operation.REDEEM: EppCommand.RESTORE,
        Operation.TRANSFER_OWNERSHIP: EppCommand.UPDATE,
        Operation.MODIFY_CONTACTS: EppCommand.UPDATE,
        Operation.CHANGE_DNS_SERVERS: EppCommand.UPDATE,
        Operation.TRANSFER_OUT: EppCommand.TRANSFER,
    }
)


def _name(value: DomainName | str) -> DomainName:
    return DomainName.parse(value)


def _change_at(value: Instant) -> datetime:
    return to_utc(value, "last_change_of_registrant.at")


def _expires_at(value: Instant) -> datetime:
    return to_utc(value, "expires_at")


def _created_at(value: Instant | None) -> datetime | None:
    return None if value is None else to_utc(value, "created_at")


def _last_transferred_at(value: Instant | None) -> datetime | None:
    return None if value is None else to_utc(value, "last_transferred_at")


def _rules(value: RuleSet | str) -> RuleSet:
    return as_rule_set(value, "rules")


def _statuses(value: StatusSet | Iterable[EppStatus | str] | None) -> StatusSet:
    if value is None:
        return StatusSet()
    if isinstance(value, StatusSet):
        return value
    return StatusSet(value)


@attrs.frozen
class ChangeOfRegistrant:
    """A completed ICANN Change of Registrant (a material change of the registrant's name,
    organization or email): when, and whether the registrant opted out of the transfer
    lock when requesting it.

    Not every registrar "ownership transfer" is one: an edit of the ID number alone is
    not material, sets no lock and is not recorded here (see
    :func:`~domainrules.changes.apply_change`).

    >>> ChangeOfRegistrant("2026-01-10T08:00:00+08:00").at.isoformat()
    '2026-01-10T00:00:00+00:00'
    """

    at: datetime = attrs.field(converter=_change_at)
    opted_out_of_transfer_lock: bool = attrs.field(
        default=False, kw_only=True, validator=bool_field
    )


def _of_type(kind: type, field: str) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None and not isinstance(value, kind):
            raise wrong_type(value, field, f"a {kind.__name__} or None")

    return check


def _change_of_registrant(value: Any) -> ChangeOfRegistrant | None:
    if value is None or isinstance(value, ChangeOfRegistrant):
        return value
    # An instant alone: a change without opt-out.
    return ChangeOfRegistrant(value)


@attrs.frozen
class Domain:
    """The stored facts about one domain at the registrar.

    ``name`` and ``expires_at`` are positional or keyword, every other fact is
    keyword-only. ``statuses`` takes a :class:`StatusSet` or status names; instants take
    tz-aware datetimes or ISO text with an offset (naive ones are refused).
    """

    name: DomainName = attrs.field(converter=_name)
    expires_at: datetime = attrs.field(converter=_expires_at)
    rules: RuleSet = attrs.field(kw_only=True, default=DEFAULT_RULE_SET, converter=_rules)
    statuses: StatusSet = attrs.field(kw_only=True, factory=StatusSet, converter=_statuses)
    #: When the domain was registered; None (not known) leaves the post-create lock unchecked.
    created_at: datetime | None = attrs.field(kw_only=True, default=None, converter=_created_at)
    #: The last completed ICANN Change of Registrant (an instant alone means no opt-out).
    last_change_of_registrant: ChangeOfRegistrant | None = attrs.field(
        kw_only=True, default=None, converter=_change_of_registrant
    )
    #: When the domain last came in by an inter-registrar transfer.
    last_transferred_at: datetime | None = attrs.field(
        kw_only=True, default=None, converter=_last_transferred_at
    )
    #: The registrant profile the domain is held under.
    profile: RegistrantProfile | None = attrs.field(
        kw_only=True, default=None, validator=_of_type(RegistrantProfile, "profile")
    )
    #: Registrant, contacts and customer account.
    registration: Registration | None = attrs.field(
        kw_only=True, default=None, validator=_of_type(Registration, "registration")
    )

    lifecycle: Lifecycle = attrs.field(init=False, repr=False, eq=False)
    family: SuffixFamily = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        life = Lifecycle(self.name, self.expires_at, self.rules)
        object.__setattr__(self, "lifecycle", life)
        object.__setattr__(self, "family", life.family)
        created = self.created_at
        if created is not None:
            if created >= self.expires_at:
                raise InvalidDomainRecordError(
                    f"created_at: {created.isoformat()} is not before the expiry "
                    f"{self.expires_at.isoformat()}",
                    field="created_at",
                    value=created,
                )
            for field, value in (
                ("last_transferred_at", self.last_transferred_at),
                (
                    "last_change_of_registrant",
                    self.last_change_of_registrant.at if self.last_change_of_registrant else None,
                ),
            ):
                if value is not None and value < created:
                    raise InvalidDomainRecordError(
                        f"{field}: {value.isoformat()} is before the creation "
                        f"{created.isoformat()}",
                        field=field,
                        value=value,
                    )

    @property
    def account(self) -> str | None:
        """The customer account holding the domain, if known."""
        return self.registration.account if self.registration else None

    @property
    def effective_statuses(self) -> frozenset[EppStatus]:
        """The stored statuses plus the holds the profile implies (which the registrar
        sets, or is about to set).

        >>> from domainrules.profiles import RegistrantProfile
        >>> d = Domain("example.com", "2027-01-01T00:00:00Z", profile=RegistrantProfile("common"))
        >>> sorted(s.value for s in d.effective_statuses)
        ['clientHold']
        """
        statuses = set(self.statuses.statuses)
        if self.profile is not None:
            statuses |= self.profile.holds(self.family)
        if len(statuses) > 1:
            statuses.discard(EppStatus.OK)
        return frozenset(statuses)

    def permits(self, operation: Operation, at: Instant) -> bool:
        """Whether both the phase at ``at`` and the statuses allow ``operation``.

        >>> d = Domain("example.com", "2027-01-01T00:00:00Z", statuses=["clientUpdateProhibited"])
        >>> d.permits(Operation.RENEW, "2026-01-01T00:00:00Z")
        True
        >>> d.permits(Operation.MODIFY_CONTACTS, "2026-01-01T00:00:00Z")
        False
        """
        operation = choice(operation, Operation, "operation")
        return self.lifecycle.permits(operation, at) and self.statuses.permits(
            OPERATION_COMMAND[operation]
        )

    def evolve(self, **changes: Any) -> Domain:
        """A copy with ``changes`` applied (and checked again)."""
        unknown = sorted(set(changes) - _FIELDS)
        if unknown:
            raise ArgumentTypeError(
                f"{show(unknown[0])} is not a field of Domain ({', '.join(sorted(_FIELDS))})",
                field=unknown[0],
                value=changes[unknown[0]],
            )
        return attrs.evolve(self, **changes)


_FIELDS = frozenset(field.name for field in attrs.fields(Domain) if field.init)


def require_domain(value: Any, field: str = "domain") -> Domain:
    """``value`` if it is a :class:`Domain`; a named error otherwise.

    >>> require_domain("example.com")
    Traceback (most recent call last):
    ...
    domainrules.errors.ArgumentTypeError: domain: expected a Domain, not str (build one with Domain(name, expires_at, ...))
    """
    if not isinstance(value, Domain):
        raise ArgumentTypeError(
            f"{field}: expected a Domain, not {type(value).__name__} "
            "(build one with Domain(name, expires_at, ...))",
            field=field,
            value=value,
        )
    return value
