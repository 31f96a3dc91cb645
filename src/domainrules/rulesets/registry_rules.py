"""A registry's own numbers for a suffix family: RFC 3915 grace periods and what follows.

RFC 3915 (EPP Grace Period Mapping) names the periods and leaves their lengths to
each registry's policy, so every length is a field here, set per family by the
rule set (its file's ``registry`` table). Lengths are exact :class:`~datetime.timedelta`
values counted from the event that opens the period (a create, a renewal, the
expiry, a transfer's completion, a delete), as Google's Nomulus counts them.

>>> from datetime import timedelta
>>> NOMULUS_DEFAULTS.auto_renew_grace == timedelta(days=45)
True
>>> NOMULUS_DEFAULTS.anchor_tenant_add_grace
datetime.timedelta(days=30)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from domainrules._validate import bool_field, show
from domainrules.errors import InvalidRuleSetError

__all__ = ["NOMULUS_DEFAULTS", "RegistryRules"]

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

    A period of ``timedelta(0)`` is absent (a registry with no add grace, say).
    """

    #: Whether the registry renews a domain by a year at its expiry (Verisign, CNNIC:
    #: yes; Nominet, EURid: no), opening the auto-renew grace period.
    auto_renew: bool = attrs.field(validator=bool_field)
    #: After a create: a delete inside it is credited and the name purged at once.
    add_grace: timedelta = attrs.field(validator=_period)
    #: The add grace of an anchor tenant's create (Nomulus); None: as ``add_grace``.
    anchor_tenant_add_grace: timedelta | None = attrs.field(
        default=None, validator=_optional_period
    )
    #: After an explicit renew: a delete inside it credits the renewal.
    renew_grace: timedelta = attrs.field(validator=_period)
    #: After the expiry, when ``auto_renew``: a delete credits the auto-renew year.
    auto_renew_grace: timedelta = attrs.field(validator=_period)
    #: After a transfer completes: a delete credits the transfer's year.
    transfer_grace: timedelta = attrs.field(validator=_period)
    #: How long a pending transfer waits before the registry approves it itself.
    automatic_transfer: timedelta = attrs.field(validator=_period)
    #: RFC 3915 redemptionPeriod after a delete; 0: the name is purged at once.
    redemption: timedelta = attrs.field(validator=_period)
    #: RFC 3915 pendingRestore: how long after a restore request its report is due.
    restore_report: timedelta = attrs.field(validator=_period)
    #: RFC 3915 pendingDelete after the redemption, before the name is purged.
    pending_delete: timedelta = attrs.field(validator=_period)
    #: The longest registration term the registry allows, in years.
    max_term_years: int = attrs.field(default=10, validator=_term)


#: Google Nomulus' defaults for a new TLD (``Tld.java``): add 5 days (30 for an anchor
#: tenant), renew 5, auto-renew 45, transfer 5, automatic transfer 5, redemption 30,
#: pending delete 5. Nomulus has no separate restore-report window (the report goes
#: with the restore command); 7 days here is RFC 3915's example and Verisign's number.
NOMULUS_DEFAULTS = RegistryRules(
    auto_renew=True,
    add_grace=timedelta(days=5),
    anchor_tenant_add_grace=timedelta(days=30),
    renew_grace=timedelta(days=5),
    auto_renew_grace=timedelta(days=45),
    transfer_grace=timedelta(days=5),
    automatic_transfer=timedelta(days=5),
    redemption=timedelta(days=30),
    restore_report=timedelta(days=7),
    pending_delete=timedelta(days=5),
)
