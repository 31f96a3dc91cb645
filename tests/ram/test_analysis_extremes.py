"""The analysis is exact on every value the parser accepts: extreme constants, differential.

For every operator family, policies whose constants sit at the edges of what a policy
may hold (huge, tiny, 64 significant digits, neighbours one unit in the last place
apart, the first and last instants, the ends of the address spaces, long and
case-folding text) are compared by the analysis and by brute-force evaluation over
every request value that matters: the constants, their neighbours, and a value inside
every interval they cut. Both must find the same new access; every witness of the
analysis is confirmed by the evaluator.
"""

from __future__ import annotations

import ipaddress
import itertools
from datetime import datetime, timedelta, timezone
from decimal import Context, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domainrules.ram import (
    InvalidPolicyError,
    Policy,
    PolicySet,
    Relation,
    Request,
    check_access_not_granted,
    compare,
)
from domainrules.ram.operators import MAX_NUMBER_DIGITS, number_in_range

KEY = "k:v"
_WIDE = Context(prec=600)
ULP = Decimal(1).scaleb(-MAX_NUMBER_DIGITS)
TOP = Decimal("9" * MAX_NUMBER_DIGITS)  # (Decimal arithmetic would round it to 28 digits)
ORDERED = ("Equals", "NotEquals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals")


def policy(name: str, clauses: dict[str, Any]) -> Policy:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": "domain:*", "Resource": "*"}
    if clauses:
        statement["Condition"] = clauses
    return Policy.parse({"Version": "1", "Statement": [statement]}, name=name)


def allowed(policies: Policy, value: Any) -> bool:
    """Whether ``policies`` allow a request whose context holds ``value`` (or values) at KEY."""
    context = {} if value is None else {KEY: value}
    request = Request("domain:QueryDomainList", "acs:domain:*:1:*", context)
    return PolicySet((policies,)).evaluate(request).allowed


def differential(old: Policy, new: Policy, values: list[Any]) -> None:
    """The analysis finds new access exactly when a context of 0, 1 or 2 ``values`` is one.

    A context holds a set of values at a key; with one clause per policy, two values
    tell every case apart (one that ``new`` matches, one that ``old`` rejects).
    """
    result = compare(old, new)
    assert result.relation is not Relation.UNDECIDED, result.reasons
    pairs = ([a, b] for a, b in itertools.combinations(values, 2))
    contexts: list[Any] = [None, *values, *pairs]  # None: the key missing
    brute = [c for c in contexts if allowed(new, c) and not allowed(old, c)]
    assert bool(result.new_access) == bool(brute), (brute[:2], result.relation)
    for region in result.new_access:
        for witness in region.witnesses:
            decide = [PolicySet((p,)).evaluate(witness).allowed for p in (old, new)]
            assert decide == [False, True]


# --- Numeric -------------------------------------------------------------------------


def neighbours(constants: list[Decimal]) -> list[Decimal]:
    """Every value that matters: each constant, its neighbours, the midpoints, far away."""
    ordered = sorted(set(constants))
    values = {Decimal(0), Decimal("-1E+100"), Decimal("1E+100"), Decimal("1E-100")}
    for c in ordered:
        unit = Decimal(1).scaleb(c.as_tuple().exponent)  # type: ignore[arg-type]
        for step in (ULP, unit, Decimal(1), ULP / 10):
            values.update({c, _WIDE.add(c, step), _WIDE.subtract(c, step)})
    for low, high in itertools.pairwise(ordered):
        values.add(_WIDE.divide(_WIDE.add(low, high), 2))
    return sorted(values)


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=count, max_size=count).map(lambda s: "1" + s[1:])


extreme_numbers = st.one_of(
    st.sampled_from(
        [
            Decimal("1E+28"),
            Decimal("1E+63"),
            TOP,
            TOP.copy_negate(),
            ULP,
            ULP.copy_negate(),
            Decimal("12345678901234567890123456789"),
            Decimal("0.1"),
            Decimal(0),
            _WIDE.subtract(TOP, 1),
            Decimal("9.999999999999999999999999999999999999999999999999999999999999999E+63"),
        ]
    ),
    # 64 significant digits anywhere in the allowed window.
    st.builds(
        lambda digits, shift, negative: (
            Decimal(digits).scaleb(shift, _WIDE).copy_sign(Decimal(-1 if negative else 1))
        ),
        _digits(MAX_NUMBER_DIGITS),
        st.integers(-2 * MAX_NUMBER_DIGITS + 1, 0),
        st.booleans(),
    ).filter(number_in_range),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e63, max_value=1e63)
    .map(lambda f: Decimal(repr(f)))
    .filter(number_in_range),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ORDERED),
    st.sampled_from(ORDERED),
    extreme_numbers,
    st.sampled_from([Decimal(0), ULP, ULP.copy_negate(), Decimal(1), None]),
)
def test_numeric_extremes_agree_with_the_evaluator(
    first: str, second: str, constant: Decimal, step: Decimal | None
) -> None:
    other = constant if step is None else _WIDE.add(constant, step)
    if not number_in_range(other):
        other = constant
    old = policy("old", {f"Numeric{first}": {KEY: str(constant)}})
    new = policy("new", {f"Numeric{second}": {KEY: str(other)}})
    differential(old, new, neighbours([constant, other]))
    differential(new, old, neighbours([constant, other]))


@pytest.mark.parametrize(
    "constant", [Decimal("1E+28"), TOP, TOP.copy_negate(), ULP, Decimal("1E+63")]
)
def test_a_live_numeric_condition_is_never_proved_dead(constant: Decimal) -> None:
    # The known bug: constants of 1e28 or more made check_access_not_granted pass.
    for operator in ORDERED:
        live = policy("p", {f"Numeric{operator}": {KEY: str(constant)}})
        check = check_access_not_granted(live, "domain:*")
        assert check.outcome.value == "fail", operator
    # Adjacent constants: the analysis finds the one value, or the one ulp, between them.
    above, at = policy("old", {"NumericGreaterThan": {KEY: str(constant)}}), constant
    result = compare(above, policy("new", {"NumericGreaterThanEquals": {KEY: str(constant)}}))
    assert result.relation is Relation.MORE_PERMISSIVE
    assert all(at in w.context[KEY] for r in result.new_access for w in r.witnesses)
    nearer = _WIDE.add(constant, ULP)
    if number_in_range(nearer):
        result = compare(above, policy("new", {"NumericGreaterThan": {KEY: str(nearer)}}))
        assert result.relation is Relation.LESS_PERMISSIVE
        for region in result.lost_access:
            for witness in region.witnesses:
                held = [v for v in witness.context[KEY] if isinstance(v, Decimal)]
                assert constant < max(held) <= nearer


@pytest.mark.parametrize(
    "value",
    [
        "1E+64",
        "-1E+64",
        "1.5E-64",
        "1E+999999",
        "1" * 65,
        10**64,
        -(10**64),
        10**4000,
        "0." + "0" * 64 + "1",
        5e-324,
        1.7e308,
    ],
)
def test_numbers_beyond_the_bound_are_refused_with_the_path(value: Any) -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        policy("p", {"NumericEquals": {KEY: [1, value]}})
    assert caught.value.rule == "number-range"
    assert caught.value.path == '$.Statement[0].Condition.NumericEquals["k:v"][1]'


@pytest.mark.parametrize(
    "value", ["9" * 64, "-" + "9" * 64, "0." + "0" * 63 + "1", "1E-64", "1.000E+63", 1e63]
)
def test_numbers_at_the_bound_are_accepted(value: Any) -> None:
    policy("p", {"NumericEquals": {KEY: value}})


# --- Date ------------------------------------------------------------------------------

FIRST = datetime(1, 1, 1, tzinfo=timezone.utc)
LAST = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
MICRO = timedelta(microseconds=1)
extreme_dates = st.sampled_from(
    [
        FIRST,
        FIRST + MICRO,
        LAST,
        LAST - MICRO,
        datetime(2026, 1, 1, tzinfo=timezone.utc),
        datetime(2026, 1, 1, tzinfo=timezone.utc) + MICRO,
        datetime(1970, 1, 1, tzinfo=timezone.utc),
    ]
)


def date_neighbours(constants: list[datetime]) -> list[datetime]:
    values = {datetime(2000, 1, 1, tzinfo=timezone.utc)}
    for c in constants:
        for step in (MICRO, timedelta(days=1)):
            for moment in (c, c + step, c - step) if FIRST + step <= c <= LAST - step else (c,):
                values.add(moment)
        if c > FIRST:
            values.add(c - MICRO)
        if c < LAST:
            values.add(c + MICRO)
    ordered = sorted(set(constants))
    for low, high in itertools.pairwise(ordered):
        values.add(low + (high - low) / 2)
    return sorted(values)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ORDERED), st.sampled_from(ORDERED), extreme_dates, extreme_dates)
def test_date_extremes_agree_with_the_evaluator(
    first: str, second: str, one: datetime, two: datetime
) -> None:
    def text(moment: datetime) -> str:
        return moment.isoformat().replace("+00:00", "Z")

    old = policy("old", {f"Date{first}": {"acs:CurrentTime": text(one)}})
    new = policy("new", {f"Date{second}": {"acs:CurrentTime": text(two)}})
    values = date_neighbours([one, two])
    result = compare(old, new)
    assert result.relation is not Relation.UNDECIDED
    brute = [v for v in [None, *values] if _date_allowed(new, v) and not _date_allowed(old, v)]
    assert bool(result.new_access) == bool(brute)


def _date_allowed(policies: Policy, moment: datetime | None) -> bool:
    context = {} if moment is None else {"acs:CurrentTime": moment}  # None: the key missing
    request = Request("domain:QueryDomainList", "acs:domain:*:1:*", context)
    return PolicySet((policies,)).evaluate(request).allowed


def test_dates_beyond_year_9999_in_utc_are_refused() -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        policy("p", {"DateLessThan": {"acs:CurrentTime": "9999-12-31T23:00:00-05:00"}})
    assert caught.value.rule == "date-range"


# --- IpAddress, String ---------------------------------------------------------------

EXTREME_BLOCKS = [
    "0.0.0.0/0",
    "0.0.0.0/32",
    "255.255.255.255/32",
    "255.255.255.254/31",
    "::/0",
    "::/128",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
    "::ffff:0.0.0.0/96",
    "::fffe:ffff:ffff/128",
    "::1:0:0:0/128",
]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["IpAddress", "NotIpAddress"]),
    st.sampled_from(["IpAddress", "NotIpAddress"]),
    st.sampled_from(EXTREME_BLOCKS),
    st.sampled_from(EXTREME_BLOCKS),
)
def test_ip_extremes_agree_with_the_evaluator(first: str, second: str, one: str, two: str) -> None:
    old = policy("old", {first: {"acs:SourceIp": one}})
    new = policy("new", {second: {"acs:SourceIp": two}})
    values: set[Any] = set()
    for block in (one, two):
        network = ipaddress.ip_network(block)
        for edge in (int(network.network_address), int(network.broadcast_address)):
            for delta in (-1, 0, 1):
                if 0 <= edge + delta < 2**network.max_prefixlen:
                    values.add(
                        ipaddress.ip_address(edge + delta)
                        if network.version == 4
                        else ipaddress.IPv6Address(edge + delta)
                    )
    values.update({None, ipaddress.ip_address("10.0.0.1"), ipaddress.ip_address("2001:db8::1")})
    result = compare(old, new)
    brute = [v for v in values if _ip_allowed(new, v) and not _ip_allowed(old, v)]
    assert bool(result.new_access) == bool(brute)


def _ip_allowed(policies: Policy, address: Any) -> bool:
    context = {} if address is None else {"acs:SourceIp": address}  # None: the key missing
    request = Request("domain:QueryDomainList", "acs:domain:*:1:*", context)
    return PolicySet((policies,)).evaluate(request).allowed


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"StringEquals": {KEY: "a" * 3000}}, {"StringEquals": {KEY: "a" * 3001}}),
        ({"StringLike": {KEY: "a" * 2000 + "*"}}, {"StringLike": {KEY: "a" * 1999 + "?*"}}),
        ({"StringEqualsIgnoreCase": {KEY: "STRASSE"}}, {"StringEquals": {KEY: "straße"}}),
        ({"StringEqualsIgnoreCase": {KEY: "ǅ" * 50}}, {"StringEqualsIgnoreCase": {KEY: "ǆ" * 50}}),
    ],
)
def test_string_extremes_agree_with_the_evaluator(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    old, new = policy("old", first), policy("new", second)
    texts = [v for c in (first, second) for vs in c.values() for v in vs.values()]
    values = {t.replace("*", "a").replace("?", "b") for t in texts}
    values |= {t.upper() for t in values} | {t.casefold() for t in values} | {"a" * 2000 + "b"}
    differential(old, new, sorted(values))
    differential(new, old, sorted(values))
