"""Hostile inputs to ``load_rule_set``: every one a library error, never a hang or a
raw exception, and never a message about the wrong format."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from domainrules.errors import InvalidRuleSetError
from domainrules.rulesets import load_rule_set


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_refused_at_once_not_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "rules.toml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_rule_set(fifo)
        except BaseException as failure:  # handed to the test thread
            outcome.append(failure)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the open so the thread ends, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("load_rule_set blocked on a FIFO with no writer")
    (failure,) = outcome
    assert isinstance(failure, InvalidRuleSetError)
    assert "not a regular file" in str(failure)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused() -> None:
    with pytest.raises(InvalidRuleSetError, match="not a regular file"):
        load_rule_set(Path("/dev/null"))


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidRuleSetError, match="directory"):
        load_rule_set(tmp_path)


@pytest.mark.skipif(not hasattr(sys, "get_int_max_str_digits"), reason="no limit on long integers")
@pytest.mark.parametrize(
    ("text", "kind"),
    [("format = 1" + "0" * 5000, "TOML"), ('{"format": 1' + "0" * 5000 + "}", "JSON")],
)
def test_a_number_too_long_to_read_names_the_right_format(text: str, kind: str) -> None:
    with pytest.raises(InvalidRuleSetError) as caught:
        load_rule_set(text)
    message = str(caught.value)
    assert f"not valid {kind}: a number of more than 4300 digits" in message
    assert "set_int_max_str_digits" not in message  # Python's advice, not the writer's
