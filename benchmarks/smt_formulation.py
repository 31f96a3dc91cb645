"""The same question as ``compare(old, new).new_access``, as an SMT formula (Zelkova's way).

Is there a request that ``new`` allows and ``old`` does not? Each request is a model:
the action and the resource are z3 strings, matched against each wildcard pattern as a
regular expression (z3's string theory); ``acs:SourceIp`` is a 32-bit vector compared
with each network under its mask (z3's bit-vector theory); dates and numbers are reals;
``Bool`` keys booleans; every context key also has a "present" flag, a missing key
taking the clause's documented value when missing. A policy set allows a request when
some Allow matches and no Deny does; the solver is asked for a request where the new
set allows and the old does not (``sat``: new access; ``unsat``: none).

The formulation covers what the benchmark's workloads use (single-valued keys of the
String, Ip (IPv4), Bool, Date and Numeric families, case-sensitive string operators);
a policy with anything else (a ``ForAnyValue:``/``ForAllValues:`` qualifier, IPv6, a
case-insensitive string operator, one key in two families) raises ``NotEncoded`` and
is left out of the SMT column. Requests are limited to what the analysis counts as
canonical in the raw universe that matters here: actions without upper-case ASCII
letters (the evaluator lower-cases them), and Domains resources without them (their
domain names are canonical); other services' resources keep their case.
"""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from typing import Any

import z3

from domainrules.ram import Policy

__all__ = ["NotEncoded", "new_access_smt"]


class NotEncoded(Exception):
    """The policy uses something this formulation does not encode."""


def _glob(pattern: str) -> Any:
    """A ``*``/``?`` wildcard pattern as a z3 regular expression over strings."""
    any_char = z3.AllChar(z3.ReSort(z3.StringSort()))
    pieces: list[Any] = []
    literal: list[str] = []
    for char in pattern:
        if char in "*?":
            if literal:
                pieces.append(z3.Re(z3.StringVal("".join(literal))))
                literal = []
            pieces.append(z3.Star(any_char) if char == "*" else any_char)
        else:
            literal.append(char)
    if literal:
        pieces.append(z3.Re(z3.StringVal("".join(literal))))
    if not pieces:
        return z3.Re(z3.StringVal(""))
    return pieces[0] if len(pieces) == 1 else z3.Concat(*pieces)


class _Request:
    """The unknowns of one request, shared by both policy sets."""

    def __init__(self) -> None:
        self.action = z3.String("action")
        self.resource = z3.String("resource")
        self.keys: dict[str, tuple[str, Any, Any]] = {}
        self.regex_cache: dict[str, Any] = {}

    def regex(self, pattern: str) -> Any:
        found = self.regex_cache.get(pattern)
        if found is None:
            found = self.regex_cache[pattern] = _glob(pattern)
        return found

    def key(self, name: str, family: str) -> tuple[Any, Any]:
        """(present, value) of a context key, one z3 sort per family."""
        known = self.keys.get(name)
        if known is not None:
            if known[0] != family:
                raise NotEncoded(f"{name} in two families")
            return known[1], known[2]
        sorts = {
            "String": z3.StringSort(),
            "Ip": z3.BitVecSort(32),
            "Bool": z3.BoolSort(),
            "Date": z3.RealSort(),
            "Numeric": z3.RealSort(),
        }
        if family not in sorts:
            raise NotEncoded(f"family {family}")
        present = z3.Bool(f"present {name}")
        value = z3.Const(f"value {name}", sorts[family])
        self.keys[name] = (family, present, value)
        return present, value


def _compare(comparison: str, left: Any, right: Any) -> Any:
    operations = {
        "eq": lambda: left == right,
        "lt": lambda: left < right,
        "le": lambda: left <= right,
        "gt": lambda: left > right,
        "ge": lambda: left >= right,
    }
    if comparison not in operations:
        raise NotEncoded(f"comparison {comparison}")
    return operations[comparison]()


def _base(family: str, comparison: str, value: Any, constant: Any, request: _Request) -> Any:
    if family == "Ip":
        if not isinstance(constant, ipaddress.IPv4Network) or comparison != "in":
            raise NotEncoded("IPv6 or an IP comparison other than 'in'")
        mask = int(constant.netmask)
        return value & z3.BitVecVal(mask, 32) == z3.BitVecVal(int(constant.network_address), 32)
    if family == "String":
        if comparison == "like":
            return z3.InRe(value, request.regex(constant))
        return _compare(comparison, value, z3.StringVal(constant))
    if family == "Bool":
        return value == z3.BoolVal(bool(constant))
    if family == "Date":
        return _compare(comparison, value, z3.RealVal(str(Decimal(str(constant.timestamp())))))
    if family == "Numeric":
        return _compare(comparison, value, z3.RealVal(str(constant)))
    raise NotEncoded(f"family {family}")


def _clause(clause: Any, request: _Request) -> Any:
    if clause.qualifier is not None or clause.ignore_case:
        raise NotEncoded(f"operator {clause.operator}")
    family = clause.family if isinstance(clause.family, str) else clause.family.value
    comparison = (
        clause.comparison if isinstance(clause.comparison, str) else clause.comparison.value
    )
    present, value = request.key(clause.key.lower(), str(family))
    matched = z3.Or(*[_base(family, comparison, value, c, request) for c in clause.values])
    if clause.negated:
        matched = z3.Not(matched)
    when_missing = z3.BoolVal(bool(clause._when_missing))
    return z3.If(present, matched, when_missing)


def _statement(statement: Any, request: _Request) -> Any:
    patterns = [request.regex(p.text) for p in statement.action_patterns]
    action = z3.Or(*[z3.InRe(request.action, p) for p in patterns])
    if statement.not_actions is not None:
        action = z3.Not(action)
    resource = z3.Or(
        *[z3.InRe(request.resource, request.regex(p.text)) for p in statement.resource_patterns]
    )
    conditions = [_clause(c, request) for c in statement.conditions]
    return z3.And(action, resource, *conditions)


def _allows(policy: Policy, request: _Request) -> Any:
    allows = [_statement(s, request) for s in policy.statements if s.effect == "Allow"]
    denies = [_statement(s, request) for s in policy.statements if s.effect == "Deny"]
    return z3.And(z3.Or(*allows) if allows else z3.BoolVal(False), z3.Not(z3.Or(*denies)))


def new_access_smt(old: Policy, new: Policy, *, timeout_ms: int = 10_000) -> bool | None:
    """Whether ``new`` allows a request that ``old`` does not (None: the solver gave up)."""
    request = _Request()
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    upper = z3.Range("A", "Z")
    no_upper = z3.Complement(
        z3.Concat(
            z3.Star(z3.AllChar(z3.ReSort(z3.StringSort()))),
            upper,
            z3.Star(z3.AllChar(z3.ReSort(z3.StringSort()))),
        )
    )
    # Actions are compared in lower case, and a Domains resource is canonical (its
    # domain name in lower case); other services' resources keep their case.
    any_text = z3.Star(z3.AllChar(z3.ReSort(z3.StringSort())))
    upper_domain = z3.Concat(z3.Re("acs:domain:"), any_text, upper, any_text)
    solver.add(
        z3.InRe(request.action, no_upper),
        z3.InRe(request.resource, z3.Complement(upper_domain)),
    )
    solver.add(_allows(new, request), z3.Not(_allows(old, request)))
    answer = solver.check()
    if answer == z3.sat:
        return True
    if answer == z3.unsat:
        return False
    return None
