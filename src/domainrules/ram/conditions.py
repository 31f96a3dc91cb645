"""Conditions: the operator families, the set qualifiers, condition keys and request contexts.

RAM documents five operator families: String, Numeric, Date, Bool and IpAddress. An
operator may carry a set qualifier, ``ForAnyValue:`` or ``ForAllValues:``, for keys
that hold several values in a request. RAM documents no other operator form (no
``...IfExists``, no ``Null``): those are refused as unknown operators.

Any well-formed key is accepted: ``service:Name``, optionally followed by ``/`` and a
tag key (``acs:ResourceTag/team``). Key names compare case-insensitively. The known
global ``acs:`` keys (:data:`GLOBAL_KEYS`) hold values of one family and refuse an
operator of another; any other key is typed by the operator that tests it.

A request context maps each key to a non-empty tuple of values (a single value is a
tuple of one). One clause -- operator *op* (negated or not), optional qualifier, key
*k*, policy values *V* -- holds as follows, where ``base(x)`` is "x matches some value
of V":

- no qualifier: a positive *op* holds iff *k* is present and ``base(x)`` for some
  element *x*; a negated *op* holds iff the positive one would not (so a missing key
  makes it true);
- ``ForAnyValue:op``: *k* is present and some element satisfies ``op1``, where
  ``op1(x)`` is ``base(x)``, or ``not base(x)`` for a negated *op*; a missing key: false;
- ``ForAllValues:op``: every element satisfies ``op1``; a missing key: true (vacuous).

Several values for one key are OR-ed (inside ``base``), several keys under one
operator and several operators are AND-ed, an empty ``Condition`` always holds.
IPv4-mapped IPv6 addresses (``::ffff:a.b.c.d``), in a context and in a policy's
IpAddress / NotIpAddress values, are taken as the IPv4 address: a policy block inside
``::ffff:0:0/96`` (``::ffff:203.0.113.0/120``) is the IPv4 block (``203.0.113.0/24``); a
wider IPv6 block (``::/0``) still holds IPv6 addresses only. A block written with host
bits set (``10.101.169.111/24``, as in RAM's own examples) is read as its block.

Choices where RAM's documentation is silent: a context value that the operator cannot
read (text for a Numeric operator) is an :class:`InvalidRequestError`, not a false
clause; an empty tuple of context values counts as a missing key; an operator with no
keys (``"StringEquals": {}``) is refused; Bool takes exactly one policy value.

>>> clause = compile_clause("IpAddress", "acs:SourceIp", ["10.0.0.0/8"], path="$")
>>> clause.holds(normalize_context({"acs:sourceip": "::ffff:10.1.2.3"}))
True
>>> clause.holds({})
False
>>> tags = compile_clause("ForAllValues:StringEquals", "acs:TagKeys", ["team", "env"], path="$")
>>> tags.qualifier, tags.family, tags.negated
('ForAllValues', 'String', False)
>>> tags.holds(normalize_context({"acs:TagKeys": ["team"]})), tags.holds({})
(True, True)
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal

import attrs

from domainrules.errors import ArgumentTypeError
from domainrules.ram._paths import child
from domainrules.ram._text import is_text, short_repr
from domainrules.ram.errors import InvalidPolicyError, InvalidRequestError
from domainrules.ram.patterns import Pattern, compile_pattern

__all__ = [
    "GLOBAL_KEYS",
    "OPERATORS",
    "QUALIFIERS",
    "SINGLE_VALUED_KEYS",
    "ConditionClause",
    "Context",
    "ContextValue",
    "Family",
    "Qualifier",
    "compile_clause",
    "is_condition_key",
    "normalize_context",
]

Family = Literal["String", "Numeric", "Date", "Bool", "Ip"]
Qualifier = Literal["ForAnyValue", "ForAllValues"]
_IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ContextValue = str | bool | int | float | Decimal | datetime | _IpAddress
_Comparison = Literal["eq", "ne", "lt", "le", "gt", "ge", "like", "in"]

#: The set qualifiers an operator may carry (``ForAnyValue:StringEquals``).
QUALIFIERS: tuple[Qualifier, ...] = ("ForAnyValue", "ForAllValues")


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


#: Every operator the policy language knows, by its exact name (without qualifier).
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

#: The global condition keys (lower-cased) whose values have a fixed family.
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
#: The global keys a real request carries one value of (one source address, one
#: time...): a context with several values for one of them is refused.
SINGLE_VALUED_KEYS: frozenset[str] = frozenset(GLOBAL_KEYS)
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
# A key name, then optionally "/" and a tag key (any printable text).
_KEY_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_MAX_TAG_KEY = 128
_MAX_CONTEXT_KEYS = 64
_MAX_CONTEXT_VALUES = 256
_MAX_TEXT = 4096
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


class Context(dict[str, tuple[ContextValue, ...]]):
    """A normalized request context: lower-cased key -> its values (at least one).

    Read-only (a dict that refuses changes, so that lookups stay fast and it pickles);
    made by :func:`normalize_context`.

    >>> context = normalize_context({"acs:SourceVpc": "vpc-1"})
    >>> context["acs:sourcevpc"]
    ('vpc-1',)
    >>> context["x"] = ("y",)
    Traceback (most recent call last):
    ...
    TypeError: a request context is read-only
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in SINGLE_VALUED_KEYS:
            values = self.get(key)
            if values is not None and len(values) != 1:
                raise InvalidRequestError(
                    f"context key {_GLOBAL_KEY_NAMES[key]!r} holds one value in a request, "
                    f"not {len(values)}",
                    field=key,
                )

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a request context is read-only")

    __setitem__ = __delitem__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_context, (dict(self),))

    def __copy__(self) -> Context:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Context:
        return self

    def __repr__(self) -> str:
        return f"Context({dict.__repr__(self)})"


def _rebuild_context(items: dict[str, tuple[ContextValue, ...]]) -> Context:
    return Context(items)


_EMPTY = Context()


def is_condition_key(key: Any) -> bool:
    """Whether ``key`` is a well-formed condition key name.

    >>> [is_condition_key(k) for k in ("acs:SourceIp", "oss:Prefix", "acs:ResourceTag/team")]
    [True, True, True]
    >>> [is_condition_key(k) for k in ("", "a b", "acs:ResourceTag/", "x/\\n")]
    [False, False, False, False]
    """
    if not isinstance(key, str):
        return False
    name, slash, tag = key.partition("/")
    if _KEY_NAME.fullmatch(name) is None:
        return False
    if not slash:
        return True
    return 0 < len(tag) <= _MAX_TAG_KEY and tag.isprintable() and is_text(tag)


@attrs.frozen
class ConditionClause:
    """One operator (with its qualifier) applied to one key with its values.

    The public attributes describe the clause completely: ``operator`` as written,
    ``qualifier`` (None, ``"ForAnyValue"`` or ``"ForAllValues"``), ``base_operator``
    (the operator without qualifier), ``family``, ``comparison``, ``negated``,
    ``ignore_case``, ``key`` as written and ``values`` parsed (text, Decimal, aware UTC
    datetime, bool, or IP network).

    >>> clause = compile_clause("ForAnyValue:StringNotLike", "oss:Prefix", "tmp/*", path="$")
    >>> clause.base_operator, clause.negated, clause.values
    ('StringNotLike', True, ('tmp/*',))
    """

    operator: str
    key: str
    values: tuple[Any, ...]
    family: Family = attrs.field(repr=False)
    comparison: _Comparison = attrs.field(repr=False)
    negated: bool = attrs.field(repr=False)
    ignore_case: bool = attrs.field(repr=False)
    qualifier: Qualifier | None = attrs.field(default=None, repr=False)
    #: The values as written in the document: one value, or a tuple of them.
    written: Any = attrs.field(default=None, eq=False, repr=False)
    _patterns: tuple[Pattern, ...] = attrs.field(default=(), eq=False, repr=False)
    # Derived once on creation (hot path): the lower-cased key, the value test and the
    # result for a missing key.
    _lookup: str = attrs.field(init=False, eq=False, repr=False)
    _base: Callable[[Any], bool] = attrs.field(init=False, eq=False, repr=False)
    _when_missing: bool = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        set_field = object.__setattr__
        set_field(self, "_lookup", self.key.lower())
        set_field(self, "_base", _base_test(self))
        set_field(
            self,
            "_when_missing",
            self.negated if self.qualifier is None else self.qualifier == "ForAllValues",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The derived test is a closure: rebuild the clause from what was written.
        return (_rebuild_clause, (self.operator, self.key, self.written))

    @property
    def base_operator(self) -> str:
        """The operator without its set qualifier (``StringEquals`` for ``ForAnyValue:...``)."""
        return self.operator.rpartition(":")[2]

    @property
    def lookup_key(self) -> str:
        """The key as looked up in a normalized context (lower-cased)."""
        return self._lookup

    def holds(self, context: Context) -> bool:
        """Whether the clause holds for a normalized context (see :func:`normalize_context`).

        >>> clause = compile_clause("StringNotEquals", "acs:SourceVpc", "vpc-1", path="$")
        >>> clause.holds({}), clause.holds({"acs:sourcevpc": ("vpc-1",)})
        (True, False)
        """
        try:
            values = context.get(self._lookup)
        except AttributeError:
            raise InvalidRequestError(
                f"a context mapping is needed (see normalize_context), "
                f"not {type(context).__name__}",
                field="context",
            ) from None
        if not values:
            return self._when_missing
        if type(values) is not tuple:
            raise InvalidRequestError(
                f"context values of {self.key!r} must be a tuple: normalize the context "
                "first (see normalize_context)",
                field="context",
            )
        base = self._base
        family, key, operator = self.family, self.key, self.operator
        qualifier = self.qualifier
        if qualifier is None:
            matched = any(base(_coerce(v, family, key, operator)) for v in values)
            return matched is not self.negated
        negated = self.negated
        if qualifier == "ForAnyValue":
            return any(base(_coerce(v, family, key, operator)) is not negated for v in values)
        return all(base(_coerce(v, family, key, operator)) is not negated for v in values)


def _rebuild_clause(operator: str, key: str, written: Any) -> ConditionClause:
    return compile_clause(operator, key, written, path="$")


def _base_test(clause: ConditionClause) -> Callable[[Any], bool]:
    """``base(x)``: the request value ``x`` (already typed) matches some policy value."""
    values = clause.values
    comparison = clause.comparison
    if comparison == "like":
        matchers = tuple(p.matcher() for p in clause._patterns)
        return lambda value: any(match(value) for match in matchers)
    if comparison == "in":
        networks: tuple[_IpNetwork, ...] = values
        return lambda value: any(value.version == net.version and value in net for net in networks)
    if clause.ignore_case:
        folded = frozenset(v.casefold() for v in values)
        return lambda value: value.casefold() in folded
    if comparison == "eq":
        if clause.family in ("String", "Bool"):
            return frozenset(values).__contains__
        return lambda value: any(value == v for v in values)
    if comparison == "lt":
        return lambda value: any(value < v for v in values)
    if comparison == "le":
        return lambda value: any(value <= v for v in values)
    if comparison == "gt":
        return lambda value: any(value > v for v in values)
    return lambda value: any(value >= v for v in values)


def _suggest(name: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _operator(operator: Any, path: str) -> tuple[_Operator, Qualifier | None]:
    if isinstance(operator, str):
        qualifier, colon, name = operator.rpartition(":")
        spec = OPERATORS.get(name)
        if spec is not None and (not colon or qualifier in QUALIFIERS):
            return spec, qualifier or None  # type: ignore[return-value]
    text = operator if isinstance(operator, str) else short_repr(operator)
    choices = [*OPERATORS, *(f"{q}:{o}" for q in QUALIFIERS for o in OPERATORS)]
    raise InvalidPolicyError(
        f"unknown condition operator {text[:80]!r}{_suggest(text[:80], choices)}",
        rule="operator",
        path=child(path, text),
        field="Condition",
        value=operator,
    )


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
    >>> compile_clause("StringEquals", "acs:PrincipalARN", "acs:ram::1:role/x", path="$").family
    'String'
    """
    if not isinstance(path, str):
        raise InvalidPolicyError("path must be text", rule="type", path="$", value=path)
    spec, qualifier = _operator(operator, path)
    valid_key = is_condition_key(key)
    key_path = child(child(path, operator), key) if valid_key else child(path, operator)
    if not valid_key:
        raise InvalidPolicyError(
            f"condition key {short_repr(key)} is not a key name "
            "(letters, digits and _ . : -, then optionally '/' and a tag key)",
            rule="condition-key",
            path=key_path,
            field="Condition",
            value=key,
        )
    lowered = key.lower()
    key_family = GLOBAL_KEYS.get(lowered)
    if key_family is not None and key_family != spec.family:
        raise InvalidPolicyError(
            f"{_GLOBAL_KEY_NAMES[lowered]} holds {key_family} values: {operator} cannot test it",
            rule="operator-type",
            path=key_path,
            field="Condition",
            value=operator,
        )
    items = list(values) if isinstance(values, (list, tuple)) else [values]
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
        item_path = child(key_path, index) if isinstance(values, (list, tuple)) else key_path
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
        qualifier,
        tuple(values) if isinstance(values, (list, tuple)) else values,
        patterns,
    )


def _bad_value(message: str, path: str, value: Any, rule: str) -> InvalidPolicyError:
    return InvalidPolicyError(message, rule=rule, path=path, field="Condition", value=value)


def _parse_value(item: Any, spec: _Operator, operator: str, path: str) -> Any:
    family = spec.family
    if family == "String":
        if not isinstance(item, str):
            raise _bad_value(
                f"{operator} compares text: {short_repr(item)} is not a string",
                path,
                item,
                "value-type",
            )
        if not is_text(item):
            raise _bad_value(
                f"{operator}: {short_repr(item)} holds a lone surrogate (not text)",
                path,
                item,
                "value-type",
            )
        return item
    if family == "Numeric":
        number = _number(item)
        if number is None:
            raise _bad_value(
                f"{operator} compares numbers: {short_repr(item)} is not a number",
                path,
                item,
                "value-type",
            )
        return number
    if family == "Date":
        try:
            moment = _date(item)
        except _DateOutOfRange:
            raise _bad_value(
                f"{operator}: {short_repr(item)} is outside the dates that can be compared "
                "(years 1 to 9999 in UTC)",
                path,
                item,
                "date-range",
            ) from None
        if moment is None:
            raise _bad_value(
                f"{operator} compares dates: {str(item)[:80]!r} is not an ISO 8601 date-time "
                "with a zone",
                path,
                item,
                "date-with-zone",
            )
        return moment
    if family == "Bool":
        flag = _bool(item)
        if flag is None:
            raise _bad_value(
                f"Bool takes 'true' or 'false', not {short_repr(item)}", path, item, "value-type"
            )
        return flag
    network = _network(item)
    if network is None:
        raise _bad_value(
            f"{operator} takes IP addresses or CIDR blocks: {short_repr(item)} is not one",
            path,
            item,
            "ip-address",
        )
    return network


def _number(item: Any) -> Decimal | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        # Bounded: a 10,000-digit int is not a number anyone compares to.
        return Decimal(item) if -(10**64) < item < 10**64 else None
    if isinstance(item, float):
        return Decimal(repr(item)) if item == item and abs(item) != float("inf") else None
    if isinstance(item, Decimal):
        return item if item.is_finite() else None
    if isinstance(item, str) and 0 < len(item) <= 64 and item.isascii():
        try:
            number = Decimal(item.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


class _DateOutOfRange(Exception):
    """A date with a zone that cannot be moved to UTC (year 1 with a positive offset...)."""


def _date(item: Any) -> datetime | None:
    """``item`` as an aware UTC datetime, or None if it is not a date-time with a zone.

    Raises ``_DateOutOfRange`` for a date that has no UTC equivalent in range.
    """
    if isinstance(item, datetime):
        moment = item
    elif isinstance(item, str) and 0 < len(item) <= 64 and item.isascii():
        text = item[:-1] + "+00:00" if item.endswith(("Z", "z")) else item
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise _DateOutOfRange from None


def _date_or_none(item: Any) -> datetime | None:
    try:
        return _date(item)
    except _DateOutOfRange:
        return None


def _bool(item: Any) -> bool | None:
    if isinstance(item, bool):
        return item
    if isinstance(item, str) and item.lower() in ("true", "false"):
        return item.lower() == "true"
    return None


def _network(item: Any) -> _IpNetwork | None:
    if not isinstance(item, str) or not 0 < len(item) <= 64 or not item.isascii():
        return None
    try:
        # Host bits are ignored, as in RAM's own examples ("10.101.169.111/24").
        network = ipaddress.ip_network(item, strict=False)
    except ValueError:
        return None
    if network.version == 6 and network.prefixlen >= 96 and network.subnet_of(_MAPPED):
        # ::ffff:a.b.c.d/n is the IPv4 block a.b.c.d/(n - 96).
        start = int(network.network_address) & 0xFFFFFFFF
        return ipaddress.IPv4Network((start, network.prefixlen - 96))
    return network


def _address(item: Any) -> _IpAddress | None:
    if isinstance(item, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        address: _IpAddress = item
    elif isinstance(item, str) and 0 < len(item) <= 64 and item.isascii():
        try:
            address = ipaddress.ip_address(item)
        except ValueError:
            return None
    else:
        return None
    if address.version == 6:
        mapped = address.ipv4_mapped
        if mapped is not None:
            return mapped
    return address


def _coerce(value: ContextValue, family: Family, key: str, operator: str) -> Any:
    """The request value read as the operator's type; a value that cannot be is an error."""
    if family == "String":
        result: Any = value if isinstance(value, str) else None
    elif family == "Numeric":
        result = _number(value)
    elif family == "Date":
        result = _date_or_none(value)
    elif family == "Bool":
        result = _bool(value)
    else:
        result = _address(value)
    if result is None:
        raise InvalidRequestError(
            f"context value {short_repr(value)} of {key!r} cannot be compared by {operator} "
            f"({family} values expected)",
            field=key,
            value=value,
        )
    return result


def normalize_context(context: Mapping[str, Any] | None) -> Context:
    """Check a request context; return it with lower-cased keys, each holding a tuple.

    A key holds one value or a non-empty list (or tuple) of values. Global keys must
    hold their type (acs:CurrentTime an aware datetime or ISO text with a zone,
    acs:SecureTransport and acs:MFAPresent a bool, acs:SourceIp an IP address, the
    others text); other keys hold text, numbers, bools, aware datetimes or IP
    addresses. IPv4-mapped IPv6 addresses become IPv4 addresses. The global keys
    (:data:`SINGLE_VALUED_KEYS`) hold one value: a list of one is that value, a list
    of several is refused (no request comes from two source addresses).

    >>> normalize_context({"acs:SourceIp": "10.0.0.1", "acs:TagKeys": ["team", "env"]})
    Context({'acs:sourceip': (IPv4Address('10.0.0.1'),), 'acs:tagkeys': ('team', 'env')})
    >>> normalize_context({"acs:MFAPresent": "yes"})
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: context key 'acs:MFAPresent' holds a Bool value, not 'yes'
    >>> normalize_context({"acs:SourceIp": ["10.0.0.1", "10.0.0.2"]})
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidRequestError: context key 'acs:SourceIp' holds one value in a request, not 2
    """
    if context is None:
        return _EMPTY
    if not isinstance(context, Mapping):
        raise ArgumentTypeError(
            f"a request context must be a mapping, not {type(context).__name__}",
            field="context",
            value=context,
        )
    if len(context) > _MAX_CONTEXT_KEYS:
        raise InvalidRequestError(
            f"a request context of {len(context)} keys is over the {_MAX_CONTEXT_KEYS} allowed",
            field="context",
        )
    result: dict[str, tuple[ContextValue, ...]] = {}
    for key, value in context.items():
        if not is_condition_key(key):
            raise InvalidRequestError(
                f"context key {short_repr(key)} is not a key name", field="context", value=key
            )
        lowered = key.lower()
        if lowered in result:
            raise InvalidRequestError(
                f"context key {key!r} is given twice (key names ignore case)",
                field="context",
                value=key,
            )
        items = value if isinstance(value, (list, tuple)) else (value,)
        if not items or len(items) > _MAX_CONTEXT_VALUES:
            raise InvalidRequestError(
                f"context key {key!r} needs 1 to {_MAX_CONTEXT_VALUES} values, not {len(items)}",
                field=key,
            )
        if len(items) > 1 and lowered in SINGLE_VALUED_KEYS:
            raise InvalidRequestError(
                f"context key {key!r} holds one value in a request, not {len(items)}",
                field=key,
                value=value,
            )
        result[lowered] = tuple(_context_value(key, lowered, item) for item in items)
    return Context(result)


def _context_value(key: str, lowered: str, value: Any) -> ContextValue:
    family = GLOBAL_KEYS.get(lowered)
    converted: ContextValue | None
    if family == "Date":
        converted = _date_or_none(value)
    elif family == "Bool":
        converted = value if isinstance(value, bool) else None
    elif family == "Ip":
        converted = _address(value)
    elif family == "String":
        converted = _text(value)
    else:
        converted = _plain_value(value)
    if converted is None:
        kind = f"a {family} value" if family else "text, a number, a bool, a date or an IP"
        raise InvalidRequestError(
            f"context key {key!r} holds {kind}, not {short_repr(value)}", field=key, value=value
        )
    return converted


def _text(value: Any) -> str | None:
    if isinstance(value, str) and len(value) <= _MAX_TEXT and is_text(value):
        return value
    return None


def _plain_value(value: Any) -> ContextValue | None:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(10**64) < value < 10**64 else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return _address(value)
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, datetime):
        return _date_or_none(value)
    return None
