"""Registrants, contacts, registrations: normalization and refusals."""

from __future__ import annotations

import pytest

from domainrules import (
    ArgumentTypeError,
    Contact,
    ContactRole,
    InvalidPartyError,
    Registrant,
    RegistrantKind,
    Registration,
)


def test_normalized_equal_values_compare_equal() -> None:
    a = Registrant(
        "individual",
        name=" Zhang  San ",
        certificate_type="id-card",
        certificate_number="110105 19491231 002x",
        email="ZS@Example.com",
        phone="+86 (138) 0013-8000",
        address="1 Road\n Hangzhou",
        country="cn",
    )
    b = Registrant(
        RegistrantKind.INDIVIDUAL,
        name="Zhang San",
        certificate_type="id-card",
        certificate_number="11010519491231002X",
        email="zs@example.com",
        phone="+86.13800138000",
        address="1 Road Hangzhou",
        country="CN",
    )
    assert a == b
    assert hash(a) == hash(b)


def test_full_width_text_is_ascii() -> None:
    assert Contact(name="ＤｏｃＥｘａｍｐｌｅ").name == "DocExample"


def test_empty_is_none() -> None:
    assert Contact(email="  ", name="").email is None
    assert Registration(Registrant("organization"), account=" ").account is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("email", "a@b"),
        ("phone", "call me"),
        ("phone", "12"),
        ("country", "China"),
        ("address", "x" * 2000),
    ],
)
def test_bad_contact_data(field: str, value: object) -> None:
    with pytest.raises(InvalidPartyError) as caught:
        Contact(**{field: value})
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


def test_bad_kind() -> None:
    with pytest.raises(InvalidPartyError) as caught:
        Registrant("company")
    assert caught.value.field == "kind"


def test_contact_data_of_another_type() -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        Contact(name=42)
    assert caught.value.field == "name" and caught.value.value == 42


def test_registration_types_checked() -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        Registration("Zhang San")
    assert caught.value.field == "registrant"
    with pytest.raises(ArgumentTypeError) as caught:
        Registration(Registrant("individual"), technical="ops@example.com")
    assert caught.value.field == "technical"


def test_contact_by_role() -> None:
    tech = Contact(email="noc@example.com")
    reg = Registration(Registrant("individual", name="A"), technical=tech)
    assert reg.contact(ContactRole.TECHNICAL) is tech
    assert reg.contact(ContactRole.BILLING) is None
    assert reg.contact(ContactRole.REGISTRANT) is reg.registrant
