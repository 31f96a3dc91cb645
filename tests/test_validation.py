"""The input contract's examples (docs/contract.md): each new error, by name."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

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
