"""Obviously-correct, slow models of RAM matching and evaluation (for differential tests).

- :func:`dp_match`: the textbook dynamic-programming glob matcher (``*`` and ``?`` only).
- :func:`reference_evaluate`: the evaluation rules of the RAM documentation read literally,
  over plain policy mappings (already in canonical form), with no index and no
  compilation; a context with several values for a single-valued global key
  (``acs:SourceIp``...) is a ValueError.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

__all__ = ["SINGLE_VALUED", "dp_match", "reference_evaluate"]


def dp_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """Whether the whole ``text`` matches ``pattern``: table[i][j] = pattern[:i] ~ text[:j]."""
    if ignore_case:
        pattern, text = pattern.lower(), text.lower()
    rows, cols = len(pattern), len(text)
    table = [[False] * (cols + 1) for _ in range(rows + 1)]
    table[0][0] = True
    for i in range(1, rows + 1):
        if pattern[i - 1] == "*":
            table[i][0] = table[i - 1][0]
    for i in range(1, rows + 1):
        p = pattern[i - 1]
        for j in range(1, cols + 1):
            if p == "*":
                table[i][j] = table[i - 1][j] or table[i][j - 1]
            elif p == "?" or p == text[j - 1]:
                table[i][j] = table[i - 1][j - 1]
    return table[rows][cols]


SINGLE_VALUED = {
    "acs:sourceip",
    "acs:currenttime",
    "acs:securetransport",
    "acs:mfapresent",
    "acs:sourcevpc",
    "acs:accessid",
    "acs:useragent",
    "acs:referer",
}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


_NEGATED = {
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "NumericNotEquals",
    "DateNotEquals",
    "NotIpAddress",
}


def _date(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    text = str(value)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def _compare(kind: str, left: Any, right: Any) -> bool:
    if kind == "Equals" or kind == "NotEquals":
        return bool(left == right)
    if kind == "LessThan":
        return bool(left < right)
    if kind == "LessThanEquals":
        return bool(left <= right)
    if kind == "GreaterThan":
        return bool(left > right)
    if kind == "GreaterThanEquals":
        return bool(left >= right)
    raise AssertionError(kind)


def _ip(text: Any) -> Any:
    address = ipaddress.ip_address(text)
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _net(text: str) -> Any:
    network = ipaddress.ip_network(text, strict=False)
    mapped = ipaddress.ip_network("::ffff:0:0/96")
    if network.version == 6 and network.prefixlen >= 96 and network.subnet_of(mapped):  # type: ignore[arg-type]
        start = ipaddress.IPv4Address(int(network.network_address) & 0xFFFFFFFF)
        return ipaddress.ip_network(f"{start}/{network.prefixlen - 96}")
    return network


def _one(operator: str, request_value: Any, policy_value: Any) -> bool:
    """``request_value`` matches ``policy_value`` (the positive sense, even for a NotX)."""
    if operator in ("StringEquals", "StringNotEquals"):
        return bool(request_value == policy_value)
    if operator in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return bool(request_value.casefold() == policy_value.casefold())
    if operator in ("StringLike", "StringNotLike"):
        return dp_match(policy_value, request_value)
    if operator.startswith("Numeric"):
        return _compare(
            operator[len("Numeric") :], Decimal(str(request_value)), Decimal(str(policy_value))
        )
    if operator.startswith("Date"):
        return _compare(operator[len("Date") :], _date(request_value), _date(policy_value))
    if operator == "Bool":
        flag = str(policy_value).lower() == "true"
        return bool(request_value is flag)
    if operator in ("IpAddress", "NotIpAddress"):
        address = _ip(request_value)
        network = _net(policy_value)
        return address.version == network.version and address in network
    raise AssertionError(operator)


def _clause_holds(written: str, values: Any, present: bool, elements: list[Any]) -> bool:
    """One operator on one key, as CONDITIONS are defined: qualifier, negation, missing."""
    qualifier, _, operator = written.rpartition(":")
    negated = operator in _NEGATED

    def base(x: Any) -> bool:
        return any(_one(operator, x, v) for v in _as_list(values))

    if qualifier == "ForAnyValue":
        return present and any(base(x) != negated for x in elements)
    if qualifier == "ForAllValues":
        return all(base(x) != negated for x in elements)
    positive = present and any(base(x) for x in elements)
    return not positive if negated else positive


def _conditions_hold(block: Mapping[str, Any] | None, context: Mapping[str, Any]) -> bool:
    lowered = {key.lower(): value for key, value in context.items()}
    for operator, keys in (block or {}).items():
        for key, values in keys.items():
            present = key.lower() in lowered
            raw = lowered.get(key.lower())
            elements = list(raw) if isinstance(raw, (list, tuple)) else [raw] if present else []
            if not _clause_holds(operator, values, present, elements):
                return False
    return True


def reference_evaluate(
    policies: Sequence[tuple[str, Mapping[str, Any]]],
    action: str,
    resource: str,
    context: Mapping[str, Any] | None = None,
) -> tuple[str, list[tuple[str, int, str]]]:
    """("Allow" | "ExplicitDeny" | "ImplicitDeny", the deciding statements) for a request."""
    context = context or {}
    for key, value in context.items():
        # One source address, one time...: a request carries one value of these.
        if key.lower() in SINGLE_VALUED and isinstance(value, (list, tuple)) and len(value) > 1:
            raise ValueError(f"{key} holds one value in a request")
    denies: list[tuple[str, int, str]] = []
    allows: list[tuple[str, int, str]] = []
    for name, document in policies:
        for index, statement in enumerate(document["Statement"]):
            if "Action" in statement:
                action_ok = any(
                    dp_match(a, action, ignore_case=True) for a in _as_list(statement["Action"])
                )
            else:
                action_ok = not any(
                    dp_match(a, action, ignore_case=True) for a in _as_list(statement["NotAction"])
                )
            resource_ok = any(dp_match(r, resource) for r in _as_list(statement["Resource"]))
            if action_ok and resource_ok and _conditions_hold(statement.get("Condition"), context):
                (denies if statement["Effect"] == "Deny" else allows).append(
                    (name, index, statement["Effect"])
                )
    if denies:
        return "ExplicitDeny", denies
    if allows:
        return "Allow", allows
    return "ImplicitDeny", []
