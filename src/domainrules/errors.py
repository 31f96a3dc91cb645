"""Every error domainrules raises, under one root: :class:`DomainRulesError`.

Each subclass also inherits the builtin that fits (``ValueError`` for bad
input, ``LookupError`` for a name that is not known), so callers that already
catch those keep working. Every error says where the fault is: ``field`` (the
argument or record field), ``value`` (what was given) and, for documents,
``path`` (a JSON path such as ``$.Statement[0].Effect``).

>>> from domainrules import DomainName, DomainRulesError
>>> try:
...     DomainName.parse("www.example.com")
... except DomainRulesError as error:
...     print(type(error).__name__, "|", error.field, "|", error)
NotRegistrableError | name | 'www.example.com' is below the registrable level: register 'example.com'
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "ArgumentTypeError",
    "CalendarRangeError",
    "ChangeNotApplicableError",
    "DomainNameTooLongError",
    "DomainRulesError",
    "InternalError",
    "InvalidChoiceError",
    "InvalidCountError",
    "InvalidDomainNameError",
    "InvalidDomainRecordError",
    "InvalidFlagError",
    "InvalidHistoryError",
    "InvalidInstantError",
    "InvalidLabelError",
    "InvalidPartyError",
    "InvalidRuleSetError",
    "InvalidStatusCombinationError",
    "InvalidStatusError",
    "InvalidTermError",
    "LabelTooLongError",
    "LifecycleOperationError",
    "NaiveDatetimeError",
    "NoRegistryRulesError",
    "NotRegistrableError",
    "PolicyNotInForceError",
    "PublicSuffixError",
    "RedemptionRefusedError",
    "RenewalRefusedError",
    "RuleSetFault",
    "StatusNotSettableError",
    "TermLimitError",
    "UnknownCalendarError",
    "UnknownPolicyVersionError",
    "UnknownRuleSetError",
    "UnknownSuffixError",
    "UnpublishedRegistryNumberError",
]


class _LocatedError(Exception):
    """What every error of this library carries: a message, and ``field``, ``value``
    (as given, never a copy or an excerpt) and ``path`` locating the fault."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.path = path

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # The one pickling rule for every error here and in subclasses (extra
        # attributes such as ``registrable`` or ``rule`` included): keyword-only
        # arguments would be lost by the default pickling, which replays ``args``.
        return (_rebuild, (type(self), self.message), dict(self.__dict__))


def _rebuild(cls: type[_LocatedError], message: str) -> _LocatedError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    return error  # pickle then restores __dict__ (field, value, path and the rest)


class DomainRulesError(_LocatedError):
    """The root of every error this library raises for bad input.

    ``field``, ``value`` and ``path`` locate the fault; any may be ``None``.
    A failure of the library itself is an :class:`InternalError`, outside this root.
    """


class InternalError(_LocatedError, RuntimeError):
    """A bug in this library, never bad input: an internal check failed (the exact
    analysis contradicting the evaluator, for one). Please report it.

    Deliberately not a :class:`DomainRulesError`: ``except DomainRulesError`` around
    user input must not hide a bug.
    """


# --- arguments (the input contract, docs/contract.md) ---------------------


class ArgumentTypeError(DomainRulesError, TypeError):
    """An argument of a type the library does not take (``None`` for a rule set, a
    string for a count, a list for a name)."""


class InvalidFlagError(ArgumentTypeError):
    """A flag that is not ``True`` or ``False``: ``"false"``, ``0`` or ``None`` are
    refused, never read by truthiness."""


class InvalidCountError(DomainRulesError, ValueError):
    """A count (days, years, business days) or a length of time below zero or above
    its limit."""


class InvalidChoiceError(DomainRulesError, ValueError):
    """A value that is none of an enumeration's members, by member, value or name."""


# --- domain names ---------------------------------------------------------


class InvalidDomainNameError(DomainRulesError, ValueError):
    """A text that is not a usable domain name."""


class DomainNameTooLongError(InvalidDomainNameError):
    """The whole name is over 253 characters (in A-label form)."""


class LabelTooLongError(InvalidDomainNameError):
    """One label is over 63 characters (in A-label form)."""


class InvalidLabelError(InvalidDomainNameError):
    """A label is empty or not valid under IDNA 2008 / UTS 46."""


class PublicSuffixError(InvalidDomainNameError):
    """The name is itself a public suffix (``com.cn``): nobody can register it."""


class NotRegistrableError(InvalidDomainNameError):
    """The name lies below the registrable level (``www.example.com``).

    ``registrable`` holds the domain that would be registered instead.
    """

    def __init__(self, message: str, *, registrable: str, **where: Any) -> None:
        super().__init__(message, **where)
        self.registrable = registrable


class UnknownSuffixError(DomainRulesError, LookupError):
    """The rule set has no rules for this suffix (a ccTLD it does not cover)."""


# --- instants -------------------------------------------------------------


class InvalidInstantError(DomainRulesError, ValueError):
    """A value that is not an instant: not a datetime, or unparseable ISO 8601 text."""


class NaiveDatetimeError(InvalidInstantError):
    """A datetime or ISO text without a zone: the instant it means is unknown."""


# --- rule sets ------------------------------------------------------------


class UnknownRuleSetError(DomainRulesError, LookupError):
    """No shipped rule set has this name."""


class RuleSetFault(NamedTuple):
    """One fault of a rule-set file: where (``file``, ``path``), what, and the value given."""

    #: The file name, or None for text or a mapping.
    file: str | None
    #: The JSON path in the file, e.g. ``$.versions[0].families[1].registrar.redemption``.
    path: str
    message: str
    value: Any = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.path}: {self.message}"


class InvalidRuleSetError(DomainRulesError, ValueError):
    """A rule set whose numbers cannot be right (a negative period, a duplicate suffix).

    Raised by the rule-set file loader with ``faults``: every fault found, not only the
    first (``field``, ``value`` and ``path`` then locate the first).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        path: str | None = None,
        faults: tuple[RuleSetFault, ...] = (),
    ) -> None:
        super().__init__(message, field=field, value=value, path=path)
        self.faults = tuple(faults)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_invalid_rule_set,
            (self.message, self.field, self.value, self.path, self.faults),
        )


def _rebuild_invalid_rule_set(
    message: str, field: str | None, value: Any, path: str | None, faults: tuple[RuleSetFault, ...]
) -> InvalidRuleSetError:
    return InvalidRuleSetError(message, field=field, value=value, path=path, faults=faults)


# --- lifecycle operations -------------------------------------------------


class LifecycleOperationError(DomainRulesError, ValueError):
    """An operation the domain's phase or the registration term does not allow."""


class RenewalRefusedError(LifecycleOperationError):
    """Renewal is not possible in this phase (``phase`` says which)."""


class RedemptionRefusedError(LifecycleOperationError):
    """Redemption is only possible during the redemption period."""


class InvalidTermError(LifecycleOperationError):
    """A number of years outside the 1-10 a registration may be renewed for."""


class TermLimitError(LifecycleOperationError):
    """The new expiry would be more than the maximum term (10 years) after now."""


# --- registrant changes, statuses and transfers ---------------------------


class InvalidPartyError(DomainRulesError, ValueError):
    """Registrant, contact or account data that cannot be right (a malformed email, an
    unknown country code, a phone number without digits)."""


class InvalidDomainRecordError(DomainRulesError, ValueError):
    """A domain record whose facts contradict each other (a transfer before the creation)."""


class InvalidStatusError(DomainRulesError, ValueError):
    """A text that is not an EPP status of RFC 5731 or RFC 3915."""


class InvalidStatusCombinationError(InvalidStatusError):
    """Statuses RFC 5731 forbids together (``ok`` with another, ``pendingDelete`` with
    ``clientDeleteProhibited``, two ``pending*``...)."""


class StatusNotSettableError(DomainRulesError, ValueError):
    """A client tried to set or remove a status only the server may change."""


class UnknownPolicyVersionError(DomainRulesError, LookupError):
    """No shipped ICANN Transfer Policy version has this name."""


class PolicyNotInForceError(DomainRulesError, LookupError):
    """No ICANN Transfer Policy version was in force at the instant asked about."""


class UnknownCalendarError(DomainRulesError, LookupError):
    """No shipped working calendar has this name."""


class CalendarRangeError(DomainRulesError, LookupError):
    """A date outside the years a working calendar knows (its make-up working days and
    holidays are not published yet, or not covered)."""


class ChangeNotApplicableError(DomainRulesError, ValueError):
    """A change plan that cannot complete on this domain (blocked, made for another
    domain or registration, completed before it was submitted)."""


# --- the registry side ------------------------------------------------------


class InvalidHistoryError(DomainRulesError, ValueError):
    """A registry history that cannot happen: events out of order, a renew after the
    purge, a transfer approved by a registrar that does not sponsor the domain.

    ``field`` is ``events[i]`` (the index of the event at fault), ``value`` the event.
    """


class NoRegistryRulesError(DomainRulesError, LookupError):
    """The rule set's family for this domain has no registry numbers (RFC 3915 grace
    periods): pass them with ``rules=RegistryRules(...)`` instead."""


class UnpublishedRegistryNumberError(NoRegistryRulesError):
    """The question needs a registry number its registry does not publish (a
    :class:`~domainrules.rulesets.RegistryRules` field that is None): the library never
    guesses it. ``field`` names the number (``add_grace``, ``restore_report`` ...),
    ``value`` the rule set and family it is missing from."""
