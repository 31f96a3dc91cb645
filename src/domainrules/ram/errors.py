"""The errors of the access-control subpackage.

Each is a :class:`domainrules.errors.DomainRulesError` and the builtin that fits,
and locates its fault with ``path`` (a JSON path), ``field`` and ``value``.

>>> from domainrules.ram import Policy, InvalidPolicyError
>>> try:
...     Policy.parse('{"Version": "2", "Statement": []}')
... except InvalidPolicyError as error:
...     print(error.path, "|", error.rule)
$.Version | const
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domainrules.errors import DomainRulesError

__all__ = [
    "AnalysisError",
    "InvalidArnError",
    "InvalidPolicyError",
    "InvalidRequestError",
    "RamError",
    "UnknownApiError",
]


class RamError(DomainRulesError):
    """The root of the access-control errors."""


class InvalidPolicyError(RamError, ValueError):
    """A policy document that breaks a rule; ``rule`` names the rule, ``path`` the place.

    >>> error = InvalidPolicyError("bad", rule="enum", path="$.Statement[0].Effect")
    >>> error.rule, error.path
    ('enum', '$.Statement[0].Effect')
    """

    def __init__(self, message: str, *, rule: str = "invalid", **where: Any) -> None:
        super().__init__(message, **where)
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_policy_error,
            (self.message, self.rule, self.field, self.value, self.path),
        )


def _rebuild_policy_error(
    message: str, rule: str, field: str | None, value: Any, path: str | None
) -> InvalidPolicyError:
    return InvalidPolicyError(message, rule=rule, field=field, value=value, path=path)


class InvalidArnError(RamError, ValueError):
    """A text that is not an ``acs:`` resource name (or a domain resource that is not valid).

    >>> from domainrules.ram import Arn
    >>> Arn.parse("arn:aws:s3:::bucket")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: 'arn:aws:s3:::bucket' is not a resource name: it must start with 'acs:'
    """


class InvalidRequestError(RamError, ValueError):
    """A request that cannot be evaluated: a bad action, resource, context value or account."""


class UnknownApiError(RamError, LookupError):
    """An API name the catalog does not know; ``suggestions`` holds the closest names.

    >>> from domainrules.ram import DEFAULT_CATALOG
    >>> try:
    ...     DEFAULT_CATALOG.rule_for("QueryDomainLst")
    ... except UnknownApiError as error:
    ...     print(error.suggestions[0])
    QueryDomainList
    """

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), **where: Any) -> None:
        super().__init__(message, **where)
        self.suggestions = tuple(suggestions)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_unknown_api,
            (self.message, self.suggestions, self.field, self.value, self.path),
        )


def _rebuild_unknown_api(
    message: str, suggestions: tuple[str, ...], field: str | None, value: Any, path: str | None
) -> UnknownApiError:
    return UnknownApiError(message, suggestions=suggestions, field=field, value=value, path=path)


class AnalysisError(RamError, RuntimeError):
    """The analysis contradicted the evaluator: a bug in this library, never bad input."""
