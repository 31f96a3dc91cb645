"""Hostile inputs to the registry side: errors name the argument the caller gave,
never an event of a history the library built itself."""

from __future__ import annotations

import pytest

from domainrules.errors import InvalidInstantError
from domainrules.registry import side_by_side
from domainrules.rulesets import NOMULUS_DEFAULTS


def test_a_delete_before_the_assumed_create_names_deleted_at() -> None:
    with pytest.raises(InvalidInstantError) as caught:
        side_by_side(
            "example.com",
            "2025-01-01T00:00:00Z",
            registry=NOMULUS_DEFAULTS,
            deleted_at="2020-01-01T00:00:00Z",
        )
    assert caught.value.field == "deleted_at"
    assert caught.value.value == "2020-01-01T00:00:00Z"
    assert "events[" not in str(caught.value)


def test_an_expiry_whose_assumed_create_is_before_1900_names_expires_at() -> None:
    with pytest.raises(InvalidInstantError) as caught:
        side_by_side("example.com", "1900-06-01T00:00:00Z", registry=NOMULUS_DEFAULTS)
    assert caught.value.field == "expires_at"
    assert caught.value.value == "1900-06-01T00:00:00Z"


def test_an_expiry_whose_default_delete_is_after_9000_names_expires_at() -> None:
    with pytest.raises(InvalidInstantError) as caught:
        side_by_side("example.com", "9000-12-31T23:59:59Z", registry=NOMULUS_DEFAULTS)
    assert caught.value.field == "expires_at"
    # ... and with the delete given, the same expiry is answered
    both = side_by_side(
        "example.com",
        "9000-12-31T23:59:59Z",
        registry=NOMULUS_DEFAULTS,
        deleted_at="9000-12-31T23:59:59Z",
    )
    assert not both.registry_spans[-1].registered


def test_a_delete_at_the_assumed_create_is_accepted() -> None:
    both = side_by_side(
        "example.com",
        "2025-01-01T00:00:00Z",
        registry=NOMULUS_DEFAULTS,
        deleted_at="2024-01-01T00:00:00Z",
    )
    assert both.deleted_at.year == 2024
