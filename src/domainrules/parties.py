"""Who holds a domain: the registrant, the contacts by role, the customer account.

Values are stored normalized, so that re-saving the same data compares equal
and is "no change" (the registrar's guide):

- text: Unicode NFKC (full-width letters and digits become ASCII), outer
  whitespace stripped, inner runs of whitespace made one space; empty is None;
- email: as text, then lower case (mail systems treat addresses case-insensitively);
- phone: ``+`` and digits only (``+86 138-0013-8000`` and the EPP form
  ``+86.13800138000`` are one number);
- certificate number: spaces and hyphens removed, upper case (the ``x`` check digit);
- country: ISO 3166-1 alpha-2, upper case.

>>> from domainrules.parties import Registrant, RegistrantKind
>>> a = Registrant(RegistrantKind.ORGANIZATION, name="DocExample", email=" Admin@Example.COM ",
...                phone="+86 571-8502 2088")
>>> b = Registrant(RegistrantKind.ORGANIZATION, name="DocExample ", email="admin@example.com",
...                phone="+86.57185022088")
>>> a == b, a.email, a.phone
(True, 'admin@example.com', '+8657185022088')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import attrs

from domainrules._validate import Choice, choice, show, wrong_type
from domainrules.errors import ArgumentTypeError, InvalidPartyError

__all__ = [
    "CONTACT_FIELDS",
    "IDENTITY_FIELDS",
    "Contact",
    "ContactRole",
    "Registrant",
    "RegistrantKind",
    "Registration",
    "normalize_email",
    "normalize_phone",
    "normalize_text",
]

_SPACES = re.compile(r"\s+")
# Deliberately loose: one @, something on each side, a dot in the domain part.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_NOISE = re.compile(r"[\s().\-/]")
_COUNTRY = re.compile(r"[A-Z]{2}")
# Longer than any real field: refuse instead of carrying it around.
_MAX_TEXT = 1000


def normalize_text(value: Any, field: str = "text") -> str | None:
    """Text as compared: NFKC, whitespace collapsed; empty is None.

    >>> normalize_text("  Doc\\u3000Example  Ltd ")
    'Doc Example Ltd'
    >>> normalize_text("   ") is None
    True
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise wrong_type(value, field, "text")
    if len(value) > _MAX_TEXT:
        raise InvalidPartyError(
            f"{field}: {len(value)} characters is too long", field=field, value=value
        )
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    return text or None


def normalize_email(value: Any, field: str = "email") -> str | None:
    """An email address as compared: trimmed, lower case; refuses what is not an address.

    >>> normalize_email(" Holder@Example.COM ")
    'holder@example.com'
    """
    text = normalize_text(value, field)
    if text is None:
        return None
    text = text.lower()
    if not _EMAIL.fullmatch(text):
        raise InvalidPartyError(
            f"{field}: {value!r} is not an email address", field=field, value=value
        )
    return text


def normalize_phone(value: Any, field: str = "phone") -> str | None:
    """A phone number as compared: a leading ``+`` and digits.

    >>> normalize_phone("+86.138 0013 8000"), normalize_phone("(0571) 8502-2088")
    ('+8613800138000', '057185022088')
    """
    text = normalize_text(value, field)
    if text is None:
        return None
    digits = _PHONE_NOISE.sub("", text)
    body = digits[1:] if digits.startswith("+") else digits
    if not body.isascii() or not body.isdigit() or not 3 <= len(body) <= 20:
        raise InvalidPartyError(
            f"{field}: {value!r} is not a phone number", field=field, value=value
        )
    return digits


def _certificate_number(value: Any) -> str | None:
    text = normalize_text(value, "certificate_number")
    if text is None:
        return None
    return re.sub(r"[\s\-]", "", text).upper()


def _country(value: Any) -> str | None:
    text = normalize_text(value, "country")
    if text is None:
        return None
    code = text.upper()
    if not _COUNTRY.fullmatch(code):
        raise InvalidPartyError(
            f"country: {value!r} is not an ISO 3166-1 alpha-2 code (e.g. CN)",
            field="country",
            value=value,
        )
    return code


def _name(value: Any) -> str | None:
    return normalize_text(value, "name")


def _organization(value: Any) -> str | None:
    return normalize_text(value, "organization")


def _address(value: Any) -> str | None:
    return normalize_text(value, "address")


def _certificate_type(value: Any) -> str | None:
    return normalize_text(value, "certificate_type")


def _account(value: Any) -> str | None:
    return normalize_text(value, "account")


class RegistrantKind(Choice):
    """Whether the holder is a person or an organization (enterprise)."""

    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"


def _kind(value: Any) -> RegistrantKind:
    if isinstance(value, RegistrantKind):
        return value
    if not isinstance(value, str):
        raise wrong_type(value, "kind", "a registrant kind (individual or organization)")
    try:
        return RegistrantKind(value)
    except ValueError:
        raise InvalidPartyError(
            f"kind: {show(value)} is not a registrant kind (individual or organization)",
            field="kind",
            value=value,
        ) from None


class ContactRole(Choice):
    """The roles a domain's contacts play."""

    REGISTRANT = "registrant"
    ADMINISTRATIVE = "administrative"
    BILLING = "billing"
    TECHNICAL = "technical"


@attrs.frozen
class Contact:
    """An administrative, billing or technical contact.

    >>> Contact(name="Li Lei", email="LI@example.com").email
    'li@example.com'
    """

    name: str | None = attrs.field(default=None, converter=_name)
    organization: str | None = attrs.field(default=None, converter=_organization)
    email: str | None = attrs.field(default=None, converter=normalize_email)
    phone: str | None = attrs.field(default=None, converter=normalize_phone)
    address: str | None = attrs.field(default=None, converter=_address)
    country: str | None = attrs.field(default=None, converter=_country)


#: The registrant's fields that say who the holder is: a change is an ownership transfer.
IDENTITY_FIELDS = ("kind", "name", "organization", "certificate_type", "certificate_number")
#: The registrant's contact data: a change is an information modification.
CONTACT_FIELDS = ("email", "phone", "address", "country")


@attrs.frozen
class Registrant:
    """The holder of a domain, with its real-name identity and its contact data.

    >>> Registrant("individual", name="Zhang San", certificate_type="id-card",
    ...            certificate_number="11010519491231002x").certificate_number
    '11010519491231002X'
    """

    kind: RegistrantKind = attrs.field(converter=_kind)
    name: str | None = attrs.field(default=None, converter=_name)
    organization: str | None = attrs.field(default=None, converter=_organization)
    certificate_type: str | None = attrs.field(default=None, converter=_certificate_type)
    certificate_number: str | None = attrs.field(default=None, converter=_certificate_number)
    email: str | None = attrs.field(default=None, converter=normalize_email)
    phone: str | None = attrs.field(default=None, converter=normalize_phone)
    address: str | None = attrs.field(default=None, converter=_address)
    country: str | None = attrs.field(default=None, converter=_country)

    @property
    def identity(self) -> tuple[Any, ...]:
        """What real-name verification pins down: kind, names, certificate."""
        return tuple(getattr(self, field) for field in IDENTITY_FIELDS)


def _registrant(value: Any) -> Registrant:
    if not isinstance(value, Registrant):
        raise ArgumentTypeError(
            f"registrant: expected a Registrant, not {type(value).__name__}",
            field="registrant",
            value=value,
        )
    return value


def _contact(value: Any, field: str) -> Contact | None:
    if value is None or isinstance(value, Contact):
        return value
    raise ArgumentTypeError(
        f"{field}: expected a Contact or None, not {type(value).__name__}",
        field=field,
        value=value,
    )


def _administrative(value: Any) -> Contact | None:
    return _contact(value, "administrative")


def _billing(value: Any) -> Contact | None:
    return _contact(value, "billing")


def _technical(value: Any) -> Contact | None:
    return _contact(value, "technical")


@attrs.frozen
class Registration:
    """Who holds a domain and through which customer account: the registrant, the
    administrative, billing and technical contacts, the account id.

    This is what :func:`domainrules.changes.classify_change` compares.

    >>> holder = Registrant("organization", name="DocExample", organization="DocExample")
    >>> Registration(holder, account="1234567890").contact(ContactRole.REGISTRANT) is holder
    True
    """

    registrant: Registrant = attrs.field(converter=_registrant)
    account: str | None = attrs.field(default=None, converter=_account)
    administrative: Contact | None = attrs.field(default=None, converter=_administrative)
    billing: Contact | None = attrs.field(default=None, converter=_billing)
    technical: Contact | None = attrs.field(default=None, converter=_technical)

    def contact(self, role: ContactRole | str) -> Registrant | Contact | None:
        """The party in ``role`` (a :class:`ContactRole`, its value or its name)."""
        role = choice(role, ContactRole, "role")
        if role is ContactRole.REGISTRANT:
            return self.registrant
        return getattr(self, role.value)  # type: ignore[no-any-return]
