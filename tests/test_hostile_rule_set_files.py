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


_FAMILY = (
    'default_for = "none", icann_transfer_policy = true, registrar = {renewal_grace = '
    '{days = 30}, redemption = {days = 30}, pending_delete = 0, then = "released", '
    'zone = "UTC"}'
)


@pytest.mark.parametrize("tld", ["nan", "inf", "-inf", "2025-01-01", "12:00:00"])
def test_an_unquoted_toml_float_or_date_is_not_read_as_a_tld(tld: str) -> None:
    text = (
        'format = 1\nname = "x"\n[[versions]]\nvalid_from = 2020-01-01T00:00:00Z\n'
        f'selected_by = "expiry"\nfamilies = [{{name = "f", tlds = ["com", {tld}], {_FAMILY}}}]\n'
    )
    with pytest.raises(InvalidRuleSetError) as caught:
        load_rule_set(text)
    (fault,) = caught.value.faults
    assert fault.path == "$.versions[0].families[0].tlds[1]"


def test_a_nan_in_a_mapping_is_a_fault_not_text() -> None:
    mapping = {
        "format": 1,
        "name": float("nan"),
        "versions": [],
    }
    with pytest.raises(InvalidRuleSetError, match="nan is not a number a rule set can hold"):
        load_rule_set(mapping)


def test_dates_stand_where_the_format_has_them() -> None:
    text = (
        'format = 1\nname = "x"\neffective = 2020-01-01\n[[versions]]\n'
        'valid_from = 2020-01-01T00:00:00Z\nselected_by = "expiry"\n'
        f'families = [{{name = "f", tlds = ["com"], {_FAMILY}}}]\n'
    )
    assert load_rule_set(text).rules_for("example.com").renewal_grace_days == 30


def test_an_all_numeric_tld_is_refused() -> None:
    text = (
        'format = 1\nname = "x"\n[[versions]]\nvalid_from = 2020-01-01T00:00:00Z\n'
        f'selected_by = "expiry"\nfamilies = [{{name = "f", tlds = ["com", "123"], {_FAMILY}}}]\n'
    )
    with pytest.raises(InvalidRuleSetError, match="no top-level domain is all digits"):
        load_rule_set(text)
