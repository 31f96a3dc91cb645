"""Shared values give the same answers under concurrent use (docs/contract.md).

Eight threads with a tiny switch interval (so that they interleave inside any
check-then-fill) compare their answers with single-thread ones.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from domainrules import (
    ChinaMainlandCalendar,
    DomainName,
    DomainRulesError,
    PhaseClassifier,
    lifecycle_of,
)

THREADS = 8


@contextmanager
def _switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _in_threads(work: Callable[[int], list[Any]]) -> list[list[Any]]:
    results: list[list[Any]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    with _switch_often():
        threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    return results


def _answer(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except DomainRulesError as error:
        return type(error).__name__


def test_china_calendar_fills_its_years_safely() -> None:
    days = [date(2000, 1, 1) + timedelta(days=n) for n in range(0, 28 * 366, 5)]
    expected = {day: ChinaMainlandCalendar().is_working_day(day) for day in days}
    shared = ChinaMainlandCalendar()  # cold: every year is filled in by the threads

    def work(index: int) -> list[Any]:
        order = days[:]
        random.Random(index).shuffle(order)
        return [(day, shared.is_working_day(day)) for day in order]

    for answers in _in_threads(work):
        assert dict(answers) == expected


def test_business_day_counting_is_shared_safely() -> None:
    starts = [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 4 * 365, 7)]
    expected = [ChinaMainlandCalendar().add_business_days(day, 5) for day in starts]
    shared = ChinaMainlandCalendar()

    def work(index: int) -> list[Any]:
        return [shared.add_business_days(day, 5) for day in starts]

    for answers in _in_threads(work):
        assert answers == expected


def test_names_and_the_bulk_classifier_are_shared_safely() -> None:
    names = [
        *(f"n{i}.com" for i in range(50)),
        *(f"n{i}.com.cn" for i in range(50)),
        "kobe.jp",
        "example.jp",
        "nom.br",
        "example.br",
        "www.example.com",
        "例子.中国",
        "com.cn",
    ]
    expiry = "2025-01-20T00:00:00Z"
    at = "2025-02-01T00:00:00Z"
    expected = [_answer(lambda n=n: lifecycle_of(n, expiry).phase_at(at)) for n in names]  # type: ignore[misc]
    expected_names = [_answer(lambda n=n: DomainName(n).ascii) for n in names]  # type: ignore[misc]
    classify = PhaseClassifier(at)

    def work(index: int) -> list[Any]:
        order = list(range(len(names)))
        random.Random(index).shuffle(order)
        got = {
            i: (
                _answer(lambda i=i: classify(names[i], expiry)),  # type: ignore[misc]
                _answer(lambda i=i: DomainName(names[i]).ascii),  # type: ignore[misc]
            )
            for i in order
        }
        return [got[i] for i in range(len(names))]

    for answers in _in_threads(work):
        assert [a for a, _ in answers] == expected
        assert [b for _, b in answers] == expected_names
