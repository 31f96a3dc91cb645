"""Hypothesis strategies for registrations, registrants and contacts."""

from __future__ import annotations

from hypothesis import strategies as st

from domainrules import Contact, Registrant, Registration

_NAMES = st.sampled_from(["DocExample", "DocExample02", "Zhang San", "Li Lei", "Buyer Ltd", None])
_EMAILS = st.sampled_from(["it@docexample.com", "IT@docexample.com", "ops@example.cn", None])
_PHONES = st.sampled_from(["+86.57100000000", "+86 571 0000 0000", "+86.13800138000", None])
_ADDRESSES = st.sampled_from(
    ["1 Road, Hangzhou", " 1  Road,  Hangzhou ", "2 Avenue, Beijing", None]
)
_CERTS = st.sampled_from(["110105194912310021", "110105 194912 310021", "91330100MA27XXXX1X", None])
_COUNTRIES = st.sampled_from(["CN", "cn", "HK", None])

registrants = st.builds(
    Registrant,
    kind=st.sampled_from(["individual", "organization"]),
    name=_NAMES,
    organization=_NAMES,
    certificate_type=st.sampled_from(["id-card", "business-licence", None]),
    certificate_number=_CERTS,
    email=_EMAILS,
    phone=_PHONES,
    address=_ADDRESSES,
    country=_COUNTRIES,
)

contacts = st.one_of(
    st.none(),
    st.builds(Contact, name=_NAMES, email=_EMAILS, phone=_PHONES, address=_ADDRESSES),
)

registrations = st.builds(
    Registration,
    registrant=registrants,
    account=st.sampled_from(["1001", " 1001 ", "2002", None]),
    administrative=contacts,
    billing=contacts,
    technical=contacts,
)


def _respaced(text: str | None, upper: bool = False) -> str | None:
    if text is None:
        return None
    text = f"  {text.replace(' ', '   ')} "
    return text.upper() if upper else text


def resaved(registration: Registration) -> Registration:
    """The same data as a user might type it again: extra spaces, email case, phone format."""
    holder = registration.registrant
    return Registration(
        Registrant(
            holder.kind.value,
            name=_respaced(holder.name),
            organization=_respaced(holder.organization),
            certificate_type=holder.certificate_type,
            certificate_number=(
                None
                if holder.certificate_number is None
                else " ".join(holder.certificate_number.lower())
            ),
            email=_respaced(holder.email, upper=True),
            phone=None if holder.phone is None else holder.phone.replace("+86", "+86 ", 1),
            address=_respaced(holder.address),
            country=None if holder.country is None else holder.country.lower(),
        ),
        account=_respaced(registration.account),
        administrative=registration.administrative,
        billing=registration.billing,
        technical=registration.technical,
    )
