"""Internationalized country-code TLDs, by the country code they stand for.

Source: the Public Suffix List's ICANN section, whose IDN ccTLD entries carry a
comment naming the ISO 3166 code (``// xn--p1ai ("rf", Russian-Cyrillic) : RU``);
read from the copy shipped in publicsuffixlist 1.1.2.20261023. Every two-letter
ASCII TLD is a ccTLD by definition (RFC 1591), so only the IDN ones need a table.
A rule set that does not cover a ccTLD refuses it rather than give it gTLD rules.
"""

from __future__ import annotations

__all__ = ["IDN_CCTLDS", "SOURCE", "is_country_code_tld"]

SOURCE = "Public Suffix List (ICANN section comments), publicsuffixlist 1.1.2.20261023"

#: A-label -> ISO 3166-1 alpha-2 code (EU for the European Union's).
IDN_CCTLDS: dict[str, str] = {
    "xn--4dbrk0ce": "IL",
    "xn--mgbaam7a8h": "AE",
    "xn--y9a3aq": "AM",
    "xn--54b7fta0cc": "BD",
    "xn--90ae": "BG",
    "xn--mgbcpq6gpa1a": "BH",
    "xn--90ais": "BY",
    "xn--fiqs8s": "CN",
    "xn--fiqz9s": "CN",
    "xn--lgbbat1ad8j": "DZ",
    "xn--wgbh1c": "EG",
    "xn--e1a4c": "EU",
    "xn--qxa6a": "EU",
    "xn--mgbah1a3hjkrd": "MR",
    "xn--node": "GE",
    "xn--qxam": "GR",
    "xn--j6w193g": "HK",
    "xn--2scrj9c": "IN",
    "xn--3hcrj9c": "IN",
    "xn--45br5cyl": "IN",
    "xn--h2breg3eve": "IN",
    "xn--h2brj9c8c": "IN",
    "xn--mgbgu82a": "IN",
    "xn--rvc1e0am3e": "IN",
    "xn--h2brj9c": "IN",
    "xn--mgbbh1a": "IN",
    "xn--mgbbh1a71e": "IN",
    "xn--fpcrj9c3d": "IN",
    "xn--gecrj9c": "IN",
    "xn--s9brj9c": "IN",
    "xn--45brj9c": "IN",
    "xn--xkc2dl3a5ee0h": "IN",
    "xn--mgba3a4f16a": "IR",
    "xn--mgba3a4fra": "IR",
    "xn--mgbtx2b": "IQ",
    "xn--mgbayh7gpa": "JO",
    "xn--3e0b707e": "KR",
    "xn--80ao21a": "KZ",
    "xn--q7ce6a": "LA",
    "xn--fzc2c9e2c": "LK",
    "xn--xkc2al3hye2a": "LK",
    "xn--mgbc0a9azcg": "MA",
    "xn--d1alf": "MK",
    "xn--l1acc": "MN",
    "xn--mix891f": "MO",
    "xn--mix082f": "MO",
    "xn--mgbx4cd0ab": "MY",
    "xn--mgb9awbf": "OM",
    "xn--mgbai9azgqp6j": "PK",
    "xn--mgbai9a5eva00b": "PK",
    "xn--ygbi2ammx": "PS",
    "xn--90a3ac": "RS",
    "xn--p1ai": "RU",
    "xn--wgbl6a": "QA",
    "xn--mgberp4a5d4ar": "SA",
    "xn--mgberp4a5d4a87g": "SA",
    "xn--mgbqly7c0a67fbc": "SA",
    "xn--mgbqly7cvafr": "SA",
    "xn--mgbpl2fh": "SD",
    "xn--yfro4i67o": "SG",
    "xn--clchc0ea0b2g2a9gcd": "SG",
    "xn--ogbpf8fl": "SY",
    "xn--mgbtf8fl": "SY",
    "xn--o3cw4h": "TH",
    "xn--pgbs0dh": "TN",
    "xn--kpry57d": "TW",
    "xn--kprw13d": "TW",
    "xn--nnx388a": "TW",
    "xn--j1amh": "UA",
    "xn--mgb2ddes": "YE",
}


def is_country_code_tld(tld: str) -> bool:
    """Whether the A-label ``tld`` is a country-code TLD.

    >>> is_country_code_tld("uk"), is_country_code_tld("xn--p1ai"), is_country_code_tld("com")
    (True, True, False)
    """
    return (len(tld) == 2 and tld.isascii() and tld.isalpha()) or tld in IDN_CCTLDS
