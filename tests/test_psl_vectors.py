"""The Public Suffix List project's own test vectors, and answers that do not depend
on what was parsed before.

``tests/data/test_psl.txt`` is the PSL project's ``tests/test_psl.txt`` (public
domain, CC0; see its header). ``checkPublicSuffix(name, registrable)`` maps to
:class:`DomainName`: a registrable name parses to itself, a name below it is
refused with :class:`NotRegistrableError` naming the registrable domain, and
``null`` is a refusal (a suffix, an empty label, no name at all).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from domainrules import DomainName, DomainRulesError, NotRegistrableError, canonical_name

VECTORS = Path(__file__).parent / "data" / "test_psl.txt"
_CHECK = re.compile(r"checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);")


def _vectors() -> list[tuple[str | None, str | None]]:
    cases = []
    for line in VECTORS.read_text(encoding="utf-8").splitlines():
        match = _CHECK.fullmatch(line.strip())
        if match:
            given, want = (None if g == "null" else g[1:-1] for g in match.groups())
            cases.append((given, want))
    return cases


def answer(text: object) -> str | None:
    """The registrable domain ``text`` is or lies under; None for a refusal."""
    try:
        return DomainName(text).ascii  # type: ignore[arg-type]
    except NotRegistrableError as error:
        return error.registrable
    except DomainRulesError:
        return None


# uk.com is in the PRIVATE section of the list (a company selling names under its
# own domain); the library reads the ICANN section only, where uk.com is an
# ordinary registrable name under .com.
ICANN_ONLY = {
    "uk.com": "uk.com",
    "example.uk.com": "uk.com",
    "b.example.uk.com": "uk.com",
    "a.b.example.uk.com": "uk.com",
}


def test_the_file_is_read() -> None:
    assert len(_vectors()) > 70


@pytest.mark.parametrize(("given", "want"), _vectors())
def test_psl_vector(given: str | None, want: str | None) -> None:
    if given in ICANN_ONLY:
        assert answer(given) == ICANN_ONLY[given]
        return
    assert answer(given) == (None if want is None else canonical_name(want))


# --- the same answer whatever was parsed before -----------------------------

_SCRIPT = """
import json, sys
from domainrules import DomainName, DomainRulesError, NotRegistrableError
def answer(text):
    try:
        return DomainName(text).ascii
    except NotRegistrableError as error:
        return "below:" + error.registrable
    except DomainRulesError as error:
        return type(error).__name__
names = json.load(sys.stdin)
json.dump([answer(name) for name in names], sys.stdout)
"""


def _names_from_every_rule() -> list[str]:
    from domainrules.names import _PSL

    rules = sorted(getattr(_PSL, "_publicsuffix", frozenset()))
    assert len(rules) > 5000
    names: set[str] = set()
    for rule in rules:
        base = rule.lstrip("!").removeprefix("*.")
        names.update({base, f"example.{base}", f"www.example.{base}"})
        parent = base.partition(".")[2]
        if parent:
            names.update({parent, f"example.{parent}", f"{base.partition('.')[0]}.{parent}"})
        if rule.startswith("*."):
            names.update({f"a.{base}", f"example.a.{base}"})
    return sorted(names)


def _answers(names: list[str]) -> list[str]:
    """The answers of a fresh process that parses ``names`` in this order."""
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        check=True,
    )
    answers: list[str] = json.loads(result.stdout)
    return answers


def _run(names: list[str]) -> dict[str, str]:
    return dict(zip(names, _answers(names), strict=True))


def test_parse_does_not_depend_on_history() -> None:
    # Each order in a fresh process, so no cache or learned suffix survives from
    # another order; three orders keep it to a few seconds.
    names = _names_from_every_rule()
    runs = []
    for seed in (1, 2):
        order = names[:]
        random.Random(seed).shuffle(order)
        runs.append(_run(order))
    runs.append(_run(names[::-1]))
    first = runs[0]
    for other in runs[1:]:
        differ = [name for name in names if first[name] != other[name]]
        assert not differ, differ[:20]


@pytest.mark.parametrize("name", ["kobe.jp", "nagoya.jp", "nom.br", "sch.uk"])
def test_parents_implied_by_wildcards_after_a_sibling(name: str) -> None:
    sibling = f"example.{name.partition('.')[2]}"
    first, _, again = _answers([name, sibling, name])
    assert first == again == "PublicSuffixError"
