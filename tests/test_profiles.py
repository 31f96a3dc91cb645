"""Registrant profiles: which suffixes each serves, problems, holds."""

from __future__ import annotations

import pytest

from domainrules import (
    DEFAULT_RULE_SET,
    EppStatus,
    InvalidPartyError,
    ProfileKind,
    ProfileProblem,
    RegistrantProfile,
)

CNNIC_NAMES = ["example.cn", "example.com.cn", "例子.中国", "example.公司", "example.网络"]
OTHER_NAMES = ["example.com", "example.hk", "example.cc", "example.newgtld"]


@pytest.mark.parametrize("name", CNNIC_NAMES)
def test_cnnic_family_needs_verified_cnnic_profile(name: str) -> None:
    family = DEFAULT_RULE_SET.family_for(name)
    assert RegistrantProfile("cnnic", email_verified=True, real_name_verified=True).usable_for(
        family
    )
    assert RegistrantProfile("common", email_verified=True).problems(family) == (
        ProfileProblem.CNNIC_PROFILE_REQUIRED,
        ProfileProblem.NOT_REAL_NAME_VERIFIED,
    )
    assert RegistrantProfile("cnnic", email_verified=True).problems(family) == (
        ProfileProblem.NOT_REAL_NAME_VERIFIED,
    )
    assert RegistrantProfile("cnnic", real_name_verified=True).problems(family) == (
        ProfileProblem.EMAIL_NOT_VERIFIED,
    )


@pytest.mark.parametrize("name", OTHER_NAMES)
def test_common_profile_serves_the_rest(name: str) -> None:
    family = DEFAULT_RULE_SET.family_for(name)
    assert RegistrantProfile("common", email_verified=True).usable_for(family)
    assert RegistrantProfile("common").problems(family) == (ProfileProblem.EMAIL_NOT_VERIFIED,)
    assert RegistrantProfile("cnnic", email_verified=True, real_name_verified=True).problems(
        family
    ) == (ProfileProblem.COMMON_PROFILE_REQUIRED,)


def test_holds() -> None:
    cn = DEFAULT_RULE_SET.family_for("example.cn")
    com = DEFAULT_RULE_SET.family_for("example.com")
    assert RegistrantProfile("common").holds(com) == {EppStatus.CLIENT_HOLD}
    assert RegistrantProfile("common", email_verified=True).holds(com) == set()
    assert RegistrantProfile("cnnic", email_verified=True).holds(cn) == {EppStatus.SERVER_HOLD}
    assert RegistrantProfile("cnnic").holds(cn) == {EppStatus.CLIENT_HOLD, EppStatus.SERVER_HOLD}
    full = RegistrantProfile("cnnic", email_verified=True, real_name_verified=True)
    assert full.holds(cn) == set()


def test_verified() -> None:
    assert RegistrantProfile("common", email_verified=True).verified
    assert not RegistrantProfile("cnnic", email_verified=True).verified
    assert RegistrantProfile(
        ProfileKind.CNNIC, email_verified=True, real_name_verified=True
    ).verified


def test_bad_kind() -> None:
    with pytest.raises(InvalidPartyError) as caught:
        RegistrantProfile("premium")
    assert caught.value.field == "kind"
