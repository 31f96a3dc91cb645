"""Names that are not domain names a registry sells: an IP address, a numeric TLD."""

from __future__ import annotations

import pytest

from domainrules import DomainName, lifecycle_of
from domainrules.errors import InvalidDomainNameError


@pytest.mark.parametrize("text", ["1.2.3.4", "10.0.0.1.", "example.123", "3.4", "１.２"])
def test_a_name_ending_in_an_all_numeric_label_is_refused(text: str) -> None:
    with pytest.raises(InvalidDomainNameError, match="all-numeric") as caught:
        DomainName.parse(text)
    assert caught.value.field == "name" and caught.value.value == text
    with pytest.raises(InvalidDomainNameError):
        lifecycle_of(text, "2025-01-01T00:00:00Z")


@pytest.mark.parametrize("text", ["123.com", "1-2.cn", "example.xn--p1ai"])
def test_digits_elsewhere_are_names(text: str) -> None:
    assert DomainName.parse(text).ascii == text
