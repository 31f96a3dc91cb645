"""The condition operators, each family written once: read, compare, cut into cells.

Three tables say everything about an operator, for the parser and the evaluator
(:mod:`domainrules.ram.conditions`), lint and the analysis
(:mod:`domainrules.ram.analysis`) alike:

- :data:`OPERATORS`: each operator's exact name -> its family, its comparison, whether
  it is negated (true when no value matches) and whether it ignores case;
- :data:`COMPARISONS`: each comparison -> one function that takes the policy values
  and returns the test ``base(x)`` ("the request value ``x`` matches some value");
- :data:`FAMILIES`: each family -> how a policy value is read (``parse``, a clear
  refusal otherwise), how a request value is read (``coerce``: the operator's type,
  or None), how a value of a global key of that family is checked (``context``),
  and how the analysis cuts the values into cells (``points``: one value per cell of
  the constants' line or space; None for text, which the analysis cuts with its glob
  automaton).

Numbers are exact decimals and every comparison is exact: a policy constant has at
most :data:`MAX_NUMBER_DIGITS` digits before and as many after the decimal point
(RAM documents no limit; this one keeps every comparison and every cell of the
analysis exact and cheap). Dates are UTC instants with microseconds, years 1 to 9999.

>>> OPERATORS["NumericLessThan"].family, OPERATORS["NumericLessThan"].comparison
('Numeric', 'lt')
>>> below = COMPARISONS["lt"]((Decimal(10),), False)
>>> below(Decimal("9.99")), below(Decimal(10))
(True, False)
>>> FAMILIES["Numeric"].points([Decimal(1), Decimal(2)])
[Decimal('0'), Decimal('1'), Decimal('1.5'), Decimal('2'), Decimal('3')]
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Context, Decimal, Inexact, InvalidOperation
from types import MappingProxyType
from typing import Any

import attrs

from domainrules.ram._text import is_text, short_repr
from domainrules.ram.patterns import compile_pattern

__all__ = [
    "COMPARISONS",
    "FAMILIES",
    "MAX_NUMBER_DIGITS",
    "MAX_TEXT",
    "OPERATORS",
    "Family",
    "Operator",
    "Refused",
    "Test",
    "address",
    "base_test",
    "date_or_none",
    "number",
    "number_in_range",
]

#: A policy's numeric constant has at most this many digits before the decimal point
#: and this many after it (so ``|x| < 10**64`` and ``x`` a multiple of ``10**-64``).
MAX_NUMBER_DIGITS = 64
#: The longest text a request's context value may hold.
MAX_TEXT = 4096
#: The test of one clause on one request value (already read as the family's type).
Test = Callable[[Any], bool]


class Refused(ValueError):
    """A policy value its family cannot read: the message (``{operator}`` to fill) and rule."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule


@attrs.frozen
class Operator:
    """One row of :data:`OPERATORS`: family, comparison, negation, case."""

    family: str
    comparison: str
    negated: bool
    ignore_case: bool = False


@attrs.frozen
class Family:
    """How one family's values are read, and cut into cells by the analysis."""

    name: str
    parse: Callable[[Any], Any]
    coerce: Callable[[Any], Any | None]
    context: Callable[[Any], Any | None]
    points: Callable[[Sequence[Any]], list[Any]] | None


# --- comparisons: the policy values -> base(x) ---------------------------------------


def _equals(values: tuple[Any, ...], ignore_case: bool) -> Test:
    if ignore_case:
        folded = frozenset(v.casefold() for v in values)
        return lambda value: value.casefold() in folded
    if all(isinstance(v, (str, bool)) for v in values):
        return frozenset(values).__contains__
    return lambda value: any(value == v for v in values)


def _less(values: tuple[Any, ...], ignore_case: bool) -> Test:
    return lambda value: any(value < v for v in values)


def _at_most(values: tuple[Any, ...], ignore_case: bool) -> Test:
    return lambda value: any(value <= v for v in values)


def _greater(values: tuple[Any, ...], ignore_case: bool) -> Test:
    return lambda value: any(value > v for v in values)


def _at_least(values: tuple[Any, ...], ignore_case: bool) -> Test:
    return lambda value: any(value >= v for v in values)


def _like(values: tuple[Any, ...], ignore_case: bool) -> Test:
    matchers = tuple(compile_pattern(v).matcher() for v in values)
    return lambda value: any(match(value) for match in matchers)


def _within(values: tuple[Any, ...], ignore_case: bool) -> Test:
    return lambda value: any(value.version == net.version and value in net for net in values)


#: Each comparison: a function of the policy values (and whether case is ignored)
#: returning ``base(x)``. A comparison of an ordered family (Numeric, Date) must
#: depend only on where ``x`` lies relative to the constants: the analysis tries one
#: value per interval they cut.
COMPARISONS: Mapping[str, Callable[[tuple[Any, ...], bool], Test]] = MappingProxyType(
    {
        "eq": _equals,
        "lt": _less,
        "le": _at_most,
        "gt": _greater,
        "ge": _at_least,
        "like": _like,
        "in": _within,
    }
)


def _ordered(family: str, prefix: str) -> dict[str, Operator]:
    return {
        f"{prefix}Equals": Operator(family, "eq", False),
        f"{prefix}NotEquals": Operator(family, "eq", True),
        f"{prefix}LessThan": Operator(family, "lt", False),
        f"{prefix}LessThanEquals": Operator(family, "le", False),
        f"{prefix}GreaterThan": Operator(family, "gt", False),
        f"{prefix}GreaterThanEquals": Operator(family, "ge", False),
    }


#: Every operator the policy language knows, by its exact name (without qualifier).
OPERATORS: Mapping[str, Operator] = MappingProxyType(
    {
        "StringEquals": Operator("String", "eq", False),
        "StringNotEquals": Operator("String", "eq", True),
        "StringEqualsIgnoreCase": Operator("String", "eq", False, True),
        "StringNotEqualsIgnoreCase": Operator("String", "eq", True, True),
        "StringLike": Operator("String", "like", False),
        "StringNotLike": Operator("String", "like", True),
        **_ordered("Numeric", "Numeric"),
        **_ordered("Date", "Date"),
        "Bool": Operator("Bool", "eq", False),
        "IpAddress": Operator("Ip", "in", False),
        "NotIpAddress": Operator("Ip", "in", True),
    }
)


# --- String ----------------------------------------------------------------------------


def _parse_text(item: Any) -> str:
    if not isinstance(item, str):
        raise Refused(
            f"{{operator}} compares text: {short_repr(item)} is not a string", "value-type"
        )
    if not is_text(item):
        raise Refused(
            f"{{operator}}: {short_repr(item)} holds a lone surrogate (not text)", "value-type"
        )
    return item


def _coerce_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _context_text(value: Any) -> str | None:
    if isinstance(value, str) and len(value) <= MAX_TEXT and is_text(value):
        return value
    return None


# --- Numeric ---------------------------------------------------------------------------

# Exact for every sum and midpoint of bounded constants (3 x 64 digits and a margin):
# an inexact result raises instead of rounding.
_EXACT = Context(prec=4 * MAX_NUMBER_DIGITS, traps=[Inexact, InvalidOperation])
_LIMIT = 10**MAX_NUMBER_DIGITS
# Room for a sign, 64 digits, a point and 64 more: longer text is not a number.
_MAX_NUMBER_TEXT = 2 * MAX_NUMBER_DIGITS + 8


def number(item: Any) -> Decimal | None:
    """``item`` as a finite Decimal (ints, floats by their shortest repr, decimal text)."""
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        # Bounded before conversion: a 10,000-digit int is not a number anyone compares to.
        return Decimal(item) if -_LIMIT < item < _LIMIT else None
    if isinstance(item, float):
        return Decimal(repr(item)) if item == item and abs(item) != float("inf") else None
    if isinstance(item, Decimal):
        return item if item.is_finite() else None
    if isinstance(item, str) and 0 < len(item) <= _MAX_NUMBER_TEXT and item.isascii():
        if "_" in item:
            # Python's Decimal reads "1_000" as 1000; no JSON, Java or Go number
            # parser does: a guess at a spelling RAM would not read as a number.
            return None
        try:
            parsed = Decimal(item.strip())
        except InvalidOperation:
            return None
        return parsed if parsed.is_finite() else None
    return None


def number_in_range(value: Decimal) -> bool:
    """Whether a policy may hold ``value``: at most 64 digits before and after the point.

    >>> number_in_range(Decimal("9" * 64)), number_in_range(Decimal("1E+64"))
    (True, False)
    >>> number_in_range(Decimal("1E-64")), number_in_range(Decimal("1.5E-64"))
    (True, False)
    >>> number_in_range(Decimal("2.50000000000000000000000000000000000000000000000000000000000000000000"))
    True
    """
    if value.is_zero():
        return True
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
    lowest = exponent + len(digits) - significant
    return lowest >= -MAX_NUMBER_DIGITS and value.adjusted() < MAX_NUMBER_DIGITS


def _parse_number(item: Any) -> Decimal:
    value = number(item)
    if value is None and not (isinstance(item, int) and not isinstance(item, bool)):
        raise Refused(
            f"{{operator}} compares numbers: {short_repr(item)} is not a number", "value-type"
        )
    if value is None or not number_in_range(value):
        raise Refused(
            f"{{operator}}: {short_repr(item)} is outside the numbers a policy may compare "
            f"(at most {MAX_NUMBER_DIGITS} digits before and {MAX_NUMBER_DIGITS} after the "
            "decimal point)",
            "number-range",
        )
    return value


def _number_points(constants: Sequence[Any]) -> list[Any]:
    """One number per interval the constants cut the line into, computed exactly."""
    ordered = sorted(set(constants))
    if not ordered:
        return [Decimal(0)]
    points = [_EXACT.subtract(ordered[0], Decimal(1))]
    for low, high in itertools.pairwise(ordered):
        points.extend([low, _EXACT.divide(_EXACT.add(low, high), Decimal(2))])
    points.extend([ordered[-1], _EXACT.add(ordered[-1], Decimal(1))])
    return points


# --- Date ------------------------------------------------------------------------------


class _DateOutOfRange(Exception):
    """A date with a zone that cannot be moved to UTC (year 1 with a positive offset...)."""


# The date-time text a policy or request may hold: an RFC 3339 date and time with its
# offset. Python's own parser reads more on 3.11+ than on 3.10 (week dates, basic
# format, a bare hour, fractions of any length, cut to microseconds), so the text is
# checked here and handed to it in the one spelling every version reads alike.
_DATE_TEXT = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}:[0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,64}))?)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _date_text(item: str) -> str | None:
    found = _DATE_TEXT.fullmatch(item)
    if found is None:
        return None
    day, minute, second, fraction, offset = found.groups()
    if fraction is not None and fraction[6:].strip("0"):
        return None  # below a microsecond: no datetime holds it, and none is guessed
    micro = "" if fraction is None else "." + fraction[:6].ljust(6, "0")
    zone = "+00:00" if offset in ("Z", "z") else offset
    return f"{day}T{minute}:{second or '00'}{micro}{zone}"


def _date(item: Any) -> datetime | None:
    """``item`` as an aware UTC datetime, or None if it is not a date-time with a zone.

    Raises ``_DateOutOfRange`` for a date that has no UTC equivalent in range.
    """
    if isinstance(item, datetime):
        moment = item
    elif isinstance(item, str) and 0 < len(item) <= 64 and item.isascii():
        text = _date_text(item)
        if text is None:
            return None
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


def date_or_none(item: Any) -> datetime | None:
    """``item`` as an aware UTC datetime, or None."""
    try:
        return _date(item)
    except _DateOutOfRange:
        return None


def _parse_date(item: Any) -> datetime:
    try:
        moment = _date(item)
    except _DateOutOfRange:
        raise Refused(
            f"{{operator}}: {short_repr(item)} is outside the dates that can be compared "
            "(years 1 to 9999 in UTC)",
            "date-range",
        ) from None
    if moment is None:
        raise Refused(
            f"{{operator}} compares dates: {str(item)[:80]!r} is not an ISO 8601 date-time "
            "with a zone",
            "date-with-zone",
        )
    return moment


def _date_shift(moment: datetime, delta: timedelta) -> datetime | None:
    try:
        return moment + delta
    except OverflowError:
        return None


def _date_between(low: datetime, high: datetime) -> datetime | None:
    middle = low + (high - low) / 2
    return middle if low < middle < high else None


_DEFAULT_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _date_points(constants: Sequence[Any]) -> list[Any]:
    """One instant per interval the constants cut the time line into (microseconds)."""
    ordered = sorted(set(constants))
    if not ordered:
        return [_DEFAULT_DATE]
    first, last = ordered[0], ordered[-1]
    points = [_date_shift(first, -timedelta(days=1)) or _date_shift(first, -timedelta.resolution)]
    for low, high in itertools.pairwise(ordered):
        points.extend([low, _date_between(low, high)])
    points.extend(
        [last, _date_shift(last, timedelta(days=1)) or _date_shift(last, timedelta.resolution)]
    )
    return [p for p in points if p is not None]


# --- Bool ------------------------------------------------------------------------------


def _bool(item: Any) -> bool | None:
    if isinstance(item, bool):
        return item
    if isinstance(item, str) and item.lower() in ("true", "false"):
        return item.lower() == "true"
    return None


def _parse_bool(item: Any) -> bool:
    flag = _bool(item)
    if flag is None:
        raise Refused(f"Bool takes 'true' or 'false', not {short_repr(item)}", "value-type")
    return flag


def _context_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _bool_points(constants: Sequence[Any]) -> list[Any]:
    return [True, False]


# --- Ip --------------------------------------------------------------------------------

_IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")


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


def _parse_network(item: Any) -> _IpNetwork:
    network = _network(item)
    if network is None:
        raise Refused(
            f"{{operator}} takes IP addresses or CIDR blocks: {short_repr(item)} is not one",
            "ip-address",
        )
    return network


def address(item: Any) -> _IpAddress | None:
    """``item`` as an IP address (IPv4-mapped IPv6 read as IPv4), or None."""
    if isinstance(item, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        found: _IpAddress = item
    elif isinstance(item, str) and 0 < len(item) <= 64 and item.isascii():
        try:
            found = ipaddress.ip_address(item)
        except ValueError:
            return None
    else:
        return None
    if found.version == 6:
        mapped = found.ipv4_mapped
        if mapped is not None:
            return mapped
    return found


# Realistic addresses (documentation and private ranges) tried first as witnesses.
_FAVOURITE_IPS: dict[int, tuple[int, ...]] = {
    4: tuple(
        int(ipaddress.IPv4Address(a))
        for a in (
            "203.0.113.7",
            "198.51.100.7",
            "192.0.2.7",
            "192.168.0.7",
            "172.16.0.7",
            "10.0.0.7",
        )
    ),
    6: tuple(int(ipaddress.IPv6Address(a)) for a in ("2001:db8::7", "fd00::7", "2400:cb00::7")),
}


def _ip_points(constants: Sequence[Any]) -> list[Any]:
    """One address per range the blocks' boundaries cut each space into, realistic first."""
    points: list[Any] = []
    for version, bits, kind in ((4, 32, ipaddress.IPv4Address), (6, 128, ipaddress.IPv6Address)):
        cuts = {0, 2**bits}
        for network in constants:
            if network.version == version:
                cuts.add(int(network.network_address))
                cuts.add(int(network.broadcast_address) + 1)
        if version == 6:
            # IPv4-mapped addresses are read as IPv4: not part of the IPv6 space.
            cuts.add(int(_MAPPED.network_address))
            cuts.add(int(_MAPPED.broadcast_address) + 1)
        ordered = sorted(cuts)
        for low, high in itertools.pairwise(ordered):
            if version == 6 and kind(low) in _MAPPED:
                continue
            chosen = next((f for f in _FAVOURITE_IPS[version] if low <= f < high), None)
            if chosen is None:
                chosen = low + 7 if high - low > 7 else low
            points.append(kind(chosen))
    # The first witness of a cell is kept: realistic ones first.
    favourites = {*_FAVOURITE_IPS[4], *_FAVOURITE_IPS[6]}
    points.sort(key=lambda found: int(found) not in favourites)
    return points


#: Each family: how its values are read and cut into cells.
FAMILIES: Mapping[str, Family] = MappingProxyType(
    {
        "String": Family("String", _parse_text, _coerce_text, _context_text, None),
        "Numeric": Family("Numeric", _parse_number, number, number, _number_points),
        "Date": Family("Date", _parse_date, date_or_none, date_or_none, _date_points),
        "Bool": Family("Bool", _parse_bool, _bool, _context_bool, _bool_points),
        "Ip": Family("Ip", _parse_network, address, address, _ip_points),
    }
)


def base_test(comparison: str, values: tuple[Any, ...], ignore_case: bool) -> Test:
    """``base(x)`` of a clause: its comparison applied to its policy values."""
    return COMPARISONS[comparison](values, ignore_case)
