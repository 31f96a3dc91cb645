"""The input contract's examples (docs/contract.md): each new error, by name."""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domainrules import (
    ALIBABA_2022,
    CHINA_MAINLAND,
    ArgumentTypeError,
    Domain,
    DomainRulesError,
    EppCommand,
    InvalidChoiceError,
    InvalidCountError,
    InvalidFlagError,
    InvalidInstantError,
    Operation,
    Phase,
    Registrant,
    RegistrantProfile,
    RegistrarLocks,
    Registration,
    StatusSet,
    UnknownCalendarError,
    UnknownRuleSetError,
    classify_change,
    lifecycle_of,
    plan_change,
    to_utc,
)
from domainrules.lifecycle import PeriodDays, Span
from domainrules.ram.analysis._review import StatementChange
from domainrules.registry import DeleteOutcome, RegistrySpan
from domainrules.registry.values import (
    Credit,
    PendingTransfer,
    RegistryRefusal,
    RegistryState,
    RgpPeriod,
    RgpStatus,
)
from domainrules.statuses import EppStatus
from domainrules.verdicts import Blocker

EXPIRY = "2027-01-01T00:00:00Z"
AT = "2026-06-01T00:00:00Z"


def _plan(**options: object) -> object:
    domain = Domain("example.com", EXPIRY, profile=RegistrantProfile("common", email_verified=True))
    sale = classify_change(
        Registration(Registrant("organization", name="A Ltd")),
        Registration(Registrant("organization", name="B Ltd")),
        at=AT,
    )
    return plan_change(domain, sale, AT, **options)  # type: ignore[arg-type]


def test_rule_sets_by_object_or_name() -> None:
    assert lifecycle_of("example.com", EXPIRY, rules="alibaba-2022") == lifecycle_of(
        "example.com", EXPIRY, rules=ALIBABA_2022
    )
    with pytest.raises(UnknownRuleSetError):
        lifecycle_of("example.com", EXPIRY, rules="alibaba-2099")
    with pytest.raises(ArgumentTypeError) as caught:
        lifecycle_of("example.com", EXPIRY, rules=None)  # type: ignore[arg-type]
    assert caught.value.field == "rules" and isinstance(caught.value, TypeError)


def test_calendars_by_object_or_name() -> None:
    assert _plan(calendar="china-mainland") == _plan(calendar=CHINA_MAINLAND)
    with pytest.raises(UnknownCalendarError) as caught:
        _plan(calendar="china")
    assert caught.value.field == "calendar" and isinstance(caught.value, LookupError)


@pytest.mark.parametrize("option", ["opted_out_of_transfer_lock", "bulk"])
@pytest.mark.parametrize("value", ["no", "false", 0, None])
def test_plan_flags_are_not_read_by_truthiness(option: str, value: object) -> None:
    with pytest.raises(InvalidFlagError) as caught:
        _plan(**{option: value})
    assert caught.value.field == option


def test_profile_flags() -> None:
    with pytest.raises(InvalidFlagError) as caught:
        RegistrantProfile("common", email_verified="false")  # type: ignore[arg-type]
    assert caught.value.field == "email_verified"
    assert isinstance(caught.value, ArgumentTypeError)


def test_counts() -> None:
    with pytest.raises(InvalidCountError) as caught:
        RegistrarLocks(days=-60)
    assert caught.value.field == "days" and isinstance(caught.value, ValueError)
    with pytest.raises(ArgumentTypeError):
        RegistrarLocks(days="60")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        RegistrarLocks(days=True)
    life = lifecycle_of("example.com", EXPIRY)
    with pytest.raises(InvalidCountError):
        life.redeem("2027-02-15T00:00:00Z", renew_years=-1)


def test_enumerations_take_member_value_or_name() -> None:
    assert Phase("redemption") is Phase("REDEMPTION") is Phase(Phase.REDEMPTION)
    life = lifecycle_of("example.com", EXPIRY)
    assert life.permits("renew", AT) is life.permits(Operation.RENEW, AT)  # type: ignore[arg-type]
    assert life.permits("RENEW", AT) is True  # type: ignore[arg-type]
    assert StatusSet.of("clientTransferProhibited").permits("transfer") is False
    assert StatusSet.of("clientTransferProhibited").permits("TRANSFER") is False
    with pytest.raises(InvalidChoiceError) as caught:
        StatusSet.of().permits("fly")
    assert caught.value.field == "command" and isinstance(caught.value, ValueError)
    # Another type is a wrong type (a TypeError), not a wrong value.
    with pytest.raises(ArgumentTypeError):
        EppCommand(10**5000)
    with pytest.raises(ArgumentTypeError) as wrong:
        StatusSet.of().permits(None)  # type: ignore[arg-type]
    assert wrong.value.field == "command" and wrong.value.value is None


@pytest.mark.parametrize("offset", ["+24:00", "-24:00", "+23:60", "+12:75"])
def test_offsets_of_a_day_or_more(offset: str) -> None:
    with pytest.raises(InvalidInstantError) as caught:
        to_utc(f"2026-01-01T00:00:00{offset}", "at")
    assert caught.value.field == "at"


def test_the_largest_offsets_still_work() -> None:
    assert to_utc("2026-01-01T23:59:00+23:59", "at").isoformat() == "2026-01-01T00:00:00+00:00"


def test_errors_pickle_with_their_fields() -> None:
    error = InvalidFlagError("bulk: no", field="bulk", value="no")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InvalidFlagError and again.field == "bulk" and again.value == "no"


def test_every_new_error_is_a_domain_rules_error() -> None:
    for error in (ArgumentTypeError, InvalidFlagError, InvalidCountError, InvalidChoiceError):
        assert issubclass(error, DomainRulesError)
    assert issubclass(UnknownCalendarError, LookupError)


def test_days_are_dates_not_datetimes() -> None:
    from datetime import datetime, timezone

    with pytest.raises(ArgumentTypeError):
        CHINA_MAINLAND.add_business_days(datetime(2026, 1, 1, tzinfo=timezone.utc), 1)
    assert CHINA_MAINLAND.add_business_days(date(2026, 1, 1), 1) == date(2026, 1, 4)


def test_typo_comparison_refuses_text_longer_than_a_name() -> None:
    from domainrules import InvalidPartyError, TypoTolerance

    assert TypoTolerance(2).is_typo("DocExampel", "DocExample") is True
    assert TypoTolerance(2).is_typo("DocExample", "DocExample" + "x" * 900) is False
    with pytest.raises(InvalidPartyError):
        TypoTolerance(2).is_typo("DocExample", "x" * 1001)
    with pytest.raises(ArgumentTypeError):
        TypoTolerance(2).is_typo("DocExample", 1)  # type: ignore[arg-type]


def test_business_days_are_counted_over_at_most_ten_years() -> None:
    from domainrules import CalendarRangeError

    assert CHINA_MAINLAND.business_days_between(date(2026, 1, 5), date(2026, 1, 9)) == 4
    with pytest.raises(CalendarRangeError) as caught:
        CHINA_MAINLAND.business_days_between(date(1990, 1, 1), date(2026, 1, 1))
    assert caught.value.field == "end"


# --- the compiled field check against the plain reading of the annotations ---------


def _reference_check(value: object) -> None:
    """The slow obviously-correct reading: each field against its annotation only."""
    from domainrules import _validate as v

    owner = type(value).__name__
    for name, alias, kind, members, *_ in v._field_types(type(value)):
        given = getattr(value, name)
        if members is not None and given is not None and not isinstance(given, members):
            given = v.choice(given, members, alias)
        if not v._conforms(given, kind):
            raise ArgumentTypeError(f"{owner}: {alias}", field=alias, value=given)
        if isinstance(given, int) and not isinstance(given, bool):
            v._check_range(given, owner, alias)
        if isinstance(given, datetime):
            v._check_aware(given, owner, alias)


def _outcome(check: Any, value: object) -> type[BaseException] | None:
    try:
        check(value)
    except DomainRulesError as error:
        # A Literal's wrong text is a wrong value for the compiled check, a wrong type
        # for the reference above: both are refusals of the same field.
        return ArgumentTypeError if isinstance(error, InvalidChoiceError) else type(error)
    return None


_CHECKED_TYPES = [
    RegistryState,
    RgpPeriod,
    Credit,
    PendingTransfer,
    RegistryRefusal,
    DeleteOutcome,
    RegistrySpan,
    StatementChange,
    Span,
    PeriodDays,
    Blocker,
]

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=3),
    st.sampled_from(list(RgpStatus) + list(EppStatus) + ["added", "addPeriod", "ok"]),
    st.datetimes(timezones=st.none() | st.just(timezone.utc) | st.timezones()),
    st.dates(),
    st.frozensets(st.sampled_from(list(EppStatus)) | st.text(max_size=2), max_size=2),
    st.tuples(st.sampled_from([None, "x", 1])),
    st.just(()),
)


@pytest.mark.parametrize("cls", _CHECKED_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=60)
@given(data=st.data())
def test_the_compiled_check_decides_as_the_annotations_say(cls: type, data: Any) -> None:
    from domainrules import _validate as v

    value: Any = object.__new__(cls)
    for field in attrs.fields(cls):
        object.__setattr__(value, field.name, data.draw(_values, label=field.name))
    compiled = v._compile_check(cls)
    assert _outcome(compiled, copy.copy(value)) == _outcome(_reference_check, copy.copy(value))
