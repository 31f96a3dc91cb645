"""Condition operators: String, Numeric, Date, Bool and IpAddress, and the ``acs:`` keys.

Several values for one key are OR-ed, several keys and several operators AND-ed; a
negated operator holds when the request value matches none of the values (NOR). A key
missing from the request makes a positive operator false and a negated one true. Key
names compare case-insensitively.

>>> clause = compile_clause("IpAddress", "acs:SourceIp", ["10.0.0.0/8"], path="$")
>>> clause.holds(normalize_context({"acs:sourceip": "10.1.2.3"}))
True
>>> clause.holds({})
False
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal

import attrs

from domainrules.ram._paths import child
from domainrules.ram.errors import InvalidPolicyError, InvalidRequestError
from domainrules.ram.patterns import Pattern, compile_pattern

__all__ = [
    "GLOBAL_KEYS",
    "OPERATORS",
    "ConditionClause",
    "ContextValue",
    "Family",
    "compile_clause",
    "normalize_context",
]

Family = Literal["String", "Numeric", "Date", "Bool", "Ip"]
_IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ContextValue = str | bool | int | float | Decimal | datetime | _IpAddress
_Comparison = Literal["eq", "ne", "lt", "le", "gt", "ge", "like", "in"]


@attrs.frozen
class _Operator:
    family: Family
    comparison: _Comparison
    negated: bool
    ignore_case: bool = False


def _ops(family: Family, prefix: str) -> dict[str, _Operator]:
    return {
        f"{prefix}Equals": _Operator(family, "eq", False),
        f"{prefix}NotEquals": _Operator(family, "eq", True),
        f"{prefix}LessThan": _Operator(family, "lt", False),
        f"{prefix}LessThanEquals": _Operator(family, "le", False),
        f"{prefix}GreaterThan": _Operator(family, "gt", False),
        f"{prefix}GreaterThanEquals": _Operator(family, "ge", False),
    }


#: Every operator the policy language knows, by its exact name.
OPERATORS: Mapping[str, _Operator] = MappingProxyType(
    {
        "StringEquals": _Operator("String", "eq", False),
        "StringNotEquals": _Operator("String", "eq", True),
        "StringEqualsIgnoreCase": _Operator("String", "eq", False, True),
        "StringNotEqualsIgnoreCase": _Operator("String", "eq", True, True),
        "StringLike": _Operator("String", "like", False),
        "StringNotLike": _Operator("String", "like", True),
        **_ops("Numeric", "Numeric"),
        **_ops("Date", "Date"),
        "Bool": _Operator("Bool", "eq", False),
        "IpAddress": _Operator("Ip", "in", False),
        "NotIpAddress": _Operator("Ip", "in", True),
    }
)

#: The global condition keys (lower-cased) and the family of their values.
GLOBAL_KEYS: Mapping[str, Family] = MappingProxyType(
    {
        "acs:currenttime": "Date",
        "acs:securetransport": "Bool",
        "acs:sourceip": "Ip",
        "acs:mfapresent": "Bool",
        "acs:sourcevpc": "String",
        "acs:accessid": "String",
        "acs:useragent": "String",
        "acs:referer": "String",
    }
)
_GLOBAL_KEY_NAMES = {
    "acs:currenttime": "acs:CurrentTime",
    "acs:securetransport": "acs:SecureTransport",
    "acs:sourceip": "acs:SourceIp",
    "acs:mfapresent": "acs:MFAPresent",
    "acs:sourcevpc": "acs:SourceVpc",
    "acs:accessid": "acs:AccessId",
    "acs:useragent": "acs:UserAgent",
    "acs:referer": "acs:Referer",
}
_KEY = re.compile(r"[A-Za-z0-9_.:/-]{1,128}")
_MAX_CONTEXT_KEYS = 64
_EMPTY: Mapping[str, Any] = MappingProxyType({})
_MAX_TEXT = 4096


@attrs.frozen
class ConditionClause:
    """One operator applied to one key with its values (OR-ed; NOR when negated)."""

    operator: str
    key: str
    values: tuple[Any, ...]
    family: Family = attrs.field(repr=False)
    comparison: _Comparison = attrs.field(repr=False)
    negated: bool = attrs.field(repr=False)
    ignore_case: bool = attrs.field(repr=False)
    _patterns: tuple[Pattern, ...] = attrs.field(eq=False, repr=False)
    #: The values as written in the document (text, numbers, bools).
    written: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def lookup_key(self) -> str:
        """The key as looked up in a normalized context (lower-cased)."""
        return self.key.lower()

    def holds(self, context: Mapping[str, ContextValue]) -> bool:
        """Whether the clause holds for a normalized context (see :func:`normalize_context`).

        >>> clause = compile_clause("StringNotEquals", "acs:SourceVpc", "vpc-1", path="$")
        >>> clause.holds({}), clause.holds({"acs:sourcevpc": "vpc-1"})
        (True, False)
        """
        key = self.key.lower()
        if key not in context:
            return self.negated
        value = _coerce(context[key], self.family, self.key, self.operator)
        matched = any(self._one(value, i) for i in range(len(self.values)))
        return not matched if self.negated else matched

    def _one(self, value: Any, index: int) -> bool:
        expected = self.values[index]
        comparison = self.comparison
        if comparison == "like":
            return self._patterns[index].matches(value)
        if comparison == "in":
            network: _IpNetwork = expected
            return value.version == network.version and value in network
        if self.ignore_case:
            return bool(value.casefold() == expected.casefold())
        if comparison == "eq":
            return bool(value == expected)
        if comparison == "lt":
            return bool(value < expected)
        if comparison == "le":
            return bool(value <= expected)
        if comparison == "gt":
            return bool(value > expected)
        return bool(value >= expected)


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def compile_clause(operator: str, key: str, values: Any, *, path: str) -> ConditionClause:
    """Check and compile one ``Condition`` entry; ``path`` locates it in the document.

    >>> compile_clause("Bool", "acs:SecureTransport", ["true", "false"], path="$.C")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidPolicyError: Bool takes exactly one value, not 2
    >>> compile_clause("StringEqual", "acs:UserAgent", "x", path="$.C")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidPolicyError: unknown condition operator 'StringEqual' (did you mean 'StringEquals', ...?)
    """
    spec = OPERATORS.get(operator)
    if spec is None:
        raise InvalidPolicyError(
            f"unknown condition operator {operator!r}{_suggest(operator, list(OPERATORS))}",
            rule="operator",
            path=child(path, operator),
            field="Condition",
            value=operator,
        )
    valid_key = isinstance(key, str) and _KEY.fullmatch(key) is not None
    key_path = child(child(path, operator), key) if valid_key else child(path, operator)
    if not valid_key:
        raise InvalidPolicyError(
            f"condition key {key!r} is not a key name (letters, digits and _ . : / -)",
            rule="condition-key",
            path=key_path,
            field="Condition",
            value=key,
        )
    lowered = key.lower()
    if lowered.startswith("acs:") and lowered not in GLOBAL_KEYS:
        raise InvalidPolicyError(
            f"unknown global condition key {key!r}"
            f"{_suggest(key, list(_GLOBAL_KEY_NAMES.values()))}",
            rule="condition-key",
            path=key_path,
            field="Condition",
            value=key,
        )
    key_family = GLOBAL_KEYS.get(lowered)
    if key_family is not None and key_family != spec.family:
        raise InvalidPolicyError(
            f"{_GLOBAL_KEY_NAMES[lowered]} holds {key_family} values: {operator} cannot test it",
            rule="operator-type",
            path=key_path,
            field="Condition",
            value=operator,
        )
    items = list(values) if isinstance(values, list) else [values]
    if not items:
        raise InvalidPolicyError(
            "a condition needs at least one value",
            rule="minItems",
            path=key_path,
            field="Condition",
            value=values,
        )
    if spec.family == "Bool" and len(items) != 1:
        raise InvalidPolicyError(
            f"Bool takes exactly one value, not {len(items)}",
            rule="bool-one-value",
            path=key_path,
            field="Condition",
            value=values,
        )
    parsed = []
    for index, item in enumerate(items):
        item_path = child(key_path, index) if isinstance(values, list) else key_path
        parsed.append(_parse_value(item, spec, operator, item_path))
    patterns = tuple(compile_pattern(v) for v in parsed) if spec.comparison == "like" else ()
    return ConditionClause(
        operator,
        key,
        tuple(parsed),
        spec.family,
        spec.comparison,
        spec.negated,
        spec.ignore_case,
        patterns,
        values,
    )


def _bad_value(message: str, path: str, value: Any, rule: str) -> InvalidPolicyError:
    return InvalidPolicyError(message, rule=rule, path=path, field="Condition", value=value)


def _parse_value(item: Any, spec: _Operator, operator: str, path: str) -> Any:
    family = spec.family
    if family == "String":
        if not isinstance(item, str):
            raise _bad_value(
                f"{operator} compares text: {item!r} is not a string", path, item, "value-type"
            )
        return item
    if family == "Numeric":
        number = _number(item)
        if number is None:
            raise _bad_value(
                f"{operator} compares numbers: {item!r} is not a number", path, item, "value-type"
            )
        return number
    if family == "Date":
        moment = _date(item)
        if moment is None:
            raise _bad_value(
                f"{operator} compares dates: {item!r} is not an ISO 8601 date-time with a zone",
                path,
                item,
                "date-with-zone",
            )
        return moment
    if family == "Bool":
        flag = _bool(item)
        if flag is None:
            raise _bad_value(
                f"Bool takes 'true' or 'false', not {item!r}", path, item, "value-type"
            )
        return flag
    network = _network(item)
    if network is None:
        raise _bad_value(
            f"{operator} takes IP addresses or CIDR blocks: {item!r} is not one",
            path,
            item,
            "ip-address",
        )
    return network


def _number(item: Any) -> Decimal | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return Decimal(item)
    if isinstance(item, float):
        return Decimal(repr(item)) if item == item and abs(item) != float("inf") else None
    if isinstance(item, Decimal):
        return item if item.is_finite() else None
    if isinstance(item, str) and 0 < len(item) <= 64:
        try:
            number = Decimal(item.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _date(item: Any) -> datetime | None:
    if isinstance(item, datetime):
        moment = item
    elif isinstance(item, str) and 0 < len(item) <= 64:
        text = item[:-1] + "+00:00" if item.endswith(("Z", "z")) else item
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment.astimezone(timezone.utc)


def _bool(item: Any) -> bool | None:
    if isinstance(item, bool):
        return item
    if isinstance(item, str) and item.lower() in ("true", "false"):
        return item.lower() == "true"
    return None


def _network(item: Any) -> _IpNetwork | None:
    if not isinstance(item, str) or not 0 < len(item) <= 64:
        return None
    try:
        return ipaddress.ip_network(item, strict=True)
    except ValueError:
        return None


def _address(item: Any) -> _IpAddress | None:
    if isinstance(item, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return item
    if not isinstance(item, str) or not 0 < len(item) <= 64:
        return None
    try:
        return ipaddress.ip_address(item)
    except ValueError:
        return None


def _coerce(value: ContextValue, family: Family, key: str, operator: str) -> Any:
    """The request value read as the operator's type; a value that cannot be is an error."""
    if family == "String":
        result: Any = value if isinstance(value, str) else None
    elif family == "Numeric":
        result = _number(value)
    elif family == "Date":
        result = _date(value)
    elif family == "Bool":
        result = _bool(value)
    else:
        result = _address(value)
    if result is None:
        raise InvalidRequestError(
            f"context value {value!r} of {key!r} cannot be compared by {operator} "
            f"({family} values expected)",
            field=key,
            value=value,
        )
    return result


def normalize_context(context: Mapping[str, Any] | None) -> Mapping[str, ContextValue]:
    """Check a request context and return it with lower-cased keys and typed global values.

    Global keys must hold their type (acs:CurrentTime an aware datetime or ISO text
    with a zone, acs:SecureTransport and acs:MFAPresent a bool, acs:SourceIp an IP
    address, the others text); other keys hold text, numbers, bools, aware datetimes
    or IP addresses.

    >>> normalize_context({"acs:SourceIp": "10.0.0.1"})
    mappingproxy({'acs:sourceip': IPv4Address('10.0.0.1')})
    >>> normalize_context({"acs:MFAPresent": "yes"})
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: context key 'acs:MFAPresent' holds a Bool value, not 'yes'
    """
    if context is None:
        return _EMPTY
    if not isinstance(context, Mapping):
        raise InvalidRequestError(
            f"a request context must be a mapping, not {type(context).__name__}",
            field="context",
            value=context,
        )
    if len(context) > _MAX_CONTEXT_KEYS:
        raise InvalidRequestError(
            f"a request context of {len(context)} keys is over the {_MAX_CONTEXT_KEYS} allowed",
            field="context",
        )
    result: dict[str, ContextValue] = {}
    for key, value in context.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise InvalidRequestError(
                f"context key {key!r} is not a key name", field="context", value=key
            )
        lowered = key.lower()
        if lowered in result:
            raise InvalidRequestError(
                f"context key {key!r} is given twice (key names ignore case)",
                field="context",
                value=key,
            )
        result[lowered] = _context_value(key, lowered, value)
    return MappingProxyType(result)


def _context_value(key: str, lowered: str, value: Any) -> ContextValue:
    family = GLOBAL_KEYS.get(lowered)
    converted: ContextValue | None
    if family == "Date":
        converted = _date(value)
    elif family == "Bool":
        converted = value if isinstance(value, bool) else None
    elif family == "Ip":
        converted = _address(value)
    elif family == "String":
        converted = value if isinstance(value, str) and len(value) <= _MAX_TEXT else None
    else:
        converted = _plain_value(value)
    if converted is None:
        kind = f"a {family} value" if family else "text, a number, a bool, a date or an IP"
        raise InvalidRequestError(
            f"context key {key!r} holds {kind}, not {value!r}", field=key, value=value
        )
    return converted


def _plain_value(value: Any) -> ContextValue | None:
    if isinstance(value, str):
        return value if len(value) <= _MAX_TEXT else None
    if isinstance(value, (bool, int, Decimal, ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, datetime):
        return _date(value)
    return None
