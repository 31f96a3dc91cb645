"""JSON records in, library values out: a domain, a registration, a registrant profile.

The JSON keys are the constructor's argument names (``expires_at``, ``statuses``,
``last_change_of_registrant``...); nested objects become the value the argument takes.
A fault names the file and the JSON path of the object it is in.
"""

from __future__ import annotations

from typing import Any

import attrs

from domainrules.cli._json import JsonProblem, loads
from domainrules.cli._output import CliError
from domainrules.cli._policies import read_text
from domainrules.domain import ChangeOfRegistrant, Domain
from domainrules.errors import DomainRulesError
from domainrules.parties import Contact, Registrant, Registration
from domainrules.profiles import RegistrantProfile
from domainrules.rulesets import get_rule_set

__all__ = ["load_domain", "load_json", "load_registration"]

# (class, argument) -> the class a nested JSON object is built as.
_NESTED: dict[tuple[type, str], type] = {
    (Domain, "profile"): RegistrantProfile,
    (Domain, "registration"): Registration,
    (Domain, "last_change_of_registrant"): ChangeOfRegistrant,
    (Registration, "registrant"): Registrant,
    (Registration, "administrative"): Contact,
    (Registration, "billing"): Contact,
    (Registration, "technical"): Contact,
    (RegistrantProfile, "registrant"): Registrant,
}


def load_json(path: str) -> Any:
    text = read_text(path)
    try:
        return loads(text)
    except JsonProblem as failure:
        kind = "" if failure.limit else "not JSON: "
        raise CliError(
            f"{path}: line {failure.line}, column {failure.column}: {kind}{failure.message}"
        ) from None


def _build(cls: type, data: Any, path: str, source: str) -> Any:
    if not isinstance(data, dict):
        raise CliError(f"{source}: {path}: expected a JSON object, not {type(data).__name__}")
    allowed = {f.name for f in attrs.fields(cls) if f.init}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise CliError(
            f"{source}: {path}.{unknown[0]}: unknown key; expected one of "
            f"{', '.join(sorted(allowed))}"
        )
    arguments: dict[str, Any] = {}
    for key, value in data.items():
        nested = _NESTED.get((cls, key))
        if nested is not None and isinstance(value, dict):
            value = _build(nested, value, f"{path}.{key}", source)
        elif cls is Domain and key == "rules":
            value = get_rule_set(value) if isinstance(value, str) else value
        arguments[key] = value
    try:
        return cls(**arguments)
    except DomainRulesError as failure:
        where = f"{path}.{failure.field}" if failure.field and failure.field in data else path
        raise CliError(f"{source}: {where}: {failure}") from None
    except (TypeError, ValueError, OverflowError) as failure:
        # A missing argument, a value of the wrong type or out of range (a year past
        # 9999): the record's fault, and the message says which.
        raise CliError(f"{source}: {path}: {failure}") from None


def load_domain(path: str) -> Domain:
    """A :class:`Domain` from a JSON file."""
    result: Domain = _build(Domain, load_json(path), "$", path)
    return result


def load_registration(path: str) -> Registration:
    """A :class:`Registration` from a JSON file."""
    result: Registration = _build(Registration, load_json(path), "$", path)
    return result
