"""A registry's own numbers for a suffix family: RFC 3915 grace periods and what follows.

RFC 3915 (EPP Grace Period Mapping) names the periods and leaves their lengths to
each registry's policy, so every length is a field here, set per family by the
rule set (its file's ``registry`` table). Lengths are exact :class:`~datetime.timedelta`
values counted from the event that opens the period (a create, a renewal, the
expiry, a transfer's completion, a delete), as Google's Nomulus counts them.

A number a registry does not publish is ``None``: the registry functions refuse a
question that needs it (:class:`~domainrules.errors.UnpublishedRegistryNumberError`
naming the number), never guess it.

>>> from datetime import timedelta
>>> from domainrules.rulesets import NOMULUS_DEFAULTS
>>> NOMULUS_DEFAULTS.auto_renew_grace == timedelta(days=45)
True
>>> NOMULUS_DEFAULTS.anchor_tenant_add_grace
datetime.timedelta(days=30)
>>> NOMULUS_DEFAULTS.unpublished
()
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from domainrules._validate import show
from domainrules.errors import InvalidRuleSetError

__all__ = ["RegistryRules"]

# Longer periods than this are no registry's rules, and would overflow date arithmetic.
_MAX = timedelta(days=3650)


def _period(instance: Any, attribute: attrs.Attribute[timedelta], value: Any) -> None:
    if not isinstance(value, timedelta) or not timedelta(0) <= value <= _MAX:
        raise InvalidRuleSetError(
            f"{attribute.name}: a timedelta from 0 to 3650 days, not {show(value)}",
            field=attribute.name,
            value=value,
        )


def _optional_period(instance: Any, attribute: attrs.Attribute[timedelta], value: Any) -> None:
    if value is not None:
        _period(instance, attribute, value)


def _optional_flag(instance: Any, attribute: attrs.Attribute[bool], value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidRuleSetError(
            f"{attribute.name}: True, False or None (not published), not {show(value)}",
            field=attribute.name,
            value=value,
        )


def _term(instance: Any, attribute: attrs.Attribute[int], value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
        raise InvalidRuleSetError(
            f"{attribute.name}: a whole number of years from 1 to 100, not {show(value)}",
            field=attribute.name,
            value=value,
        )


@attrs.frozen(kw_only=True)
class RegistryRules:
    """The registry's grace periods and deletion windows for one suffix family.

    A period of ``timedelta(0)`` is absent (a registry with no add grace, say). A
    number of None is not published by the registry: every field must be given (None
    explicitly), so that leaving one out is never mistaken for a known value.
    """

    #: Whether the registry renews a domain by a year at its expiry (Verisign, CNNIC:
    #: yes; Nominet, EURid: no), opening the auto-renew grace period.
    auto_renew: bool | None = attrs.field(validator=_optional_flag)
    #: After a create: a delete inside it is credited and the name purged at once.
    add_grace: timedelta | None = attrs.field(validator=_optional_period)
    #: The add grace of an anchor tenant's create (Nomulus); None: as ``add_grace``.
    anchor_tenant_add_grace: timedelta | None = attrs.field(
        default=None, validator=_optional_period
    )
    #: After an explicit renew: a delete inside it credits the renewal.
    renew_grace: timedelta | None = attrs.field(validator=_optional_period)
    #: After the expiry, when ``auto_renew``: a delete credits the auto-renew year.
    auto_renew_grace: timedelta | None = attrs.field(validator=_optional_period)
    #: After a transfer completes: a delete credits the transfer's year.
    transfer_grace: timedelta | None = attrs.field(validator=_optional_period)
    #: How long a pending transfer waits before the registry approves it itself.
    automatic_transfer: timedelta | None = attrs.field(validator=_optional_period)
    #: RFC 3915 redemptionPeriod after a delete; 0: the name is purged at once.
    redemption: timedelta | None = attrs.field(validator=_optional_period)
    #: RFC 3915 pendingRestore: how long after a restore request its report is due.
    restore_report: timedelta | None = attrs.field(validator=_optional_period)
    #: RFC 3915 pendingDelete after the redemption, before the name is purged.
    pending_delete: timedelta | None = attrs.field(validator=_optional_period)
    #: The longest registration term the registry allows, in years.
    max_term_years: int = attrs.field(default=10, validator=_term)

    @property
    def unpublished(self) -> tuple[str, ...]:
        """The numbers the registry does not publish (None), in field order
        (``anchor_tenant_add_grace`` is None for "as ``add_grace``", never listed)."""
        return tuple(
            a.name
            for a in attrs.fields(RegistryRules)
            if a.name != "anchor_tenant_add_grace" and getattr(self, a.name) is None
        )
