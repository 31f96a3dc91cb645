"""Resource names (``acs:service:region:account:relative-id``) and Domains resources.

Domain names inside a Domains resource are put in canonical form (lower-case
A-labels, no trailing dot) in policies and requests alike, so that a Deny on
``domain/example.com`` also holds for ``domain/EXAMPLE.com.`` or the Unicode form.

>>> arn = Arn.parse("acs:domain:*:1234567890:domain/Example.COM.")
>>> arn.relative_id, str(arn)
('domain/example.com', 'acs:domain:*:1234567890:domain/example.com')
>>> domain_resource("1234567890", "例子.中国")
'acs:domain:*:1234567890:domain/xn--fsqu00a.xn--fiqs8s'
"""

from __future__ import annotations

import re

import attrs

from domainrules.errors import InvalidDomainNameError
from domainrules.names import canonical_name
from domainrules.ram.errors import InvalidArnError
from domainrules.ram.patterns import compile_pattern, has_wildcard

__all__ = [
    "DOMAIN_SERVICE",
    "Arn",
    "account_resource",
    "canonical_resource",
    "canonical_resource_pattern",
    "domain_resource",
    "validate_account_id",
]

DOMAIN_SERVICE = "domain"
_DOMAIN_PREFIX = "domain/"
_ACCOUNT_ID = re.compile(r"[0-9]{1,32}")
_IDNA_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})
_MAX_RESOURCE_LENGTH = 16_384


@attrs.frozen
class Arn:
    """An ``acs:`` resource name; the relative id may itself hold colons.

    >>> Arn("domain", "*", "123", "*").format()
    'acs:domain:*:123:*'
    """

    service: str
    region: str
    account: str
    relative_id: str

    @classmethod
    def parse(cls, text: str) -> Arn:
        """Parse ``acs:service:region:account:relative-id`` (domain names canonicalized).

        >>> Arn.parse("acs:domain:*:123")
        Traceback (most recent call last):
        ...
        domainrules.ram.errors.InvalidArnError: 'acs:domain:*:123' is not a resource name: it needs five parts, acs:service:region:account:relative-id
        """
        if not isinstance(text, str):
            raise InvalidArnError(
                f"a resource name must be text, not {type(text).__name__}",
                field="resource",
                value=text,
            )
        if len(text) > _MAX_RESOURCE_LENGTH:
            raise InvalidArnError(
                f"a resource name of {len(text)} characters is over the "
                f"{_MAX_RESOURCE_LENGTH} allowed",
                field="resource",
                value=text[:80] + "...",
            )
        parts = text.split(":", 4)
        if parts[0] != "acs":
            raise InvalidArnError(
                f"{text[:120]!r} is not a resource name: it must start with 'acs:'",
                field="resource",
                value=text,
            )
        if len(parts) != 5:
            raise InvalidArnError(
                f"{text[:120]!r} is not a resource name: it needs five parts, "
                "acs:service:region:account:relative-id",
                field="resource",
                value=text,
            )
        _, service, region, account, relative_id = parts
        if service == DOMAIN_SERVICE and relative_id.startswith(_DOMAIN_PREFIX):
            relative_id = _DOMAIN_PREFIX + _canonical_domain(relative_id[7:], text)
        return cls(service, region, account, relative_id)

    def format(self) -> str:
        """The text form, ``acs:service:region:account:relative-id``."""
        return f"acs:{self.service}:{self.region}:{self.account}:{self.relative_id}"

    def __str__(self) -> str:
        return self.format()

    @property
    def domain(self) -> str | None:
        """The canonical domain name of a Domains resource, else None.

        >>> Arn.parse("acs:domain:*:1:domain/EXAMPLE.com").domain
        'example.com'
        """
        if self.service == DOMAIN_SERVICE and self.relative_id.startswith(_DOMAIN_PREFIX):
            return self.relative_id[7:]
        return None


def validate_account_id(account_id: str | int) -> str:
    """Return an account id as text; it must be digits (no wildcard, no colon).

    >>> validate_account_id(1234567890)
    '1234567890'
    >>> validate_account_id("*")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: account id '*' must be 1 to 32 digits
    """
    if (
        type(account_id) is str
        and account_id.isascii()
        and account_id.isdigit()
        and len(account_id) <= 32
    ):
        return account_id
    if isinstance(account_id, bool) or not isinstance(account_id, (str, int)):
        raise InvalidArnError(
            f"an account id must be digits, not {type(account_id).__name__}",
            field="account_id",
            value=account_id,
        )
    text = str(account_id)
    if not _ACCOUNT_ID.fullmatch(text):
        raise InvalidArnError(
            f"account id {text[:40]!r} must be 1 to 32 digits", field="account_id", value=text
        )
    return text


def domain_resource(account_id: str | int, domain: str) -> str:
    """The resource a resource-level Domains API is checked against, for one domain.

    >>> domain_resource("123", "EXAMPLE.com.")
    'acs:domain:*:123:domain/example.com'
    """
    account = validate_account_id(account_id)
    return f"acs:domain:*:{account}:domain/{_canonical_domain(domain, domain)}"


def account_resource(account_id: str | int) -> str:
    """The resource an operation-level Domains API is checked against.

    >>> account_resource(123)
    'acs:domain:*:123:*'
    """
    return f"acs:domain:*:{validate_account_id(account_id)}:*"


def canonical_resource(text: str) -> str:
    """A request's resource with its domain name canonicalized (other texts unchanged).

    >>> canonical_resource("acs:domain:*:1:domain/ＥＸＡＭＰＬＥ．com")
    'acs:domain:*:1:domain/example.com'
    >>> canonical_resource("acs:ecs:cn-hangzhou:1:instance/i-1")
    'acs:ecs:cn-hangzhou:1:instance/i-1'
    """
    if not isinstance(text, str):
        raise InvalidArnError(
            f"a resource must be text, not {type(text).__name__}", field="resource", value=text
        )
    if text.startswith("acs:domain:") and ":domain/" in text:
        return Arn.parse(text).format()
    return text


def _canonical_domain(name: str, whole: str) -> str:
    try:
        return canonical_name(name, field="resource")
    except InvalidDomainNameError as error:
        raise InvalidArnError(
            f"{whole[:120]!r} names a domain that is not valid: {error}",
            field="resource",
            value=whole,
        ) from None


def canonical_resource_pattern(text: str) -> str:
    """A policy's resource pattern with its domain-name labels canonicalized.

    Only the relative id ``domain/<name>`` of a pattern whose service part can match
    ``domain`` is touched. A label holding a wildcard is lower-cased (it must be
    ASCII: a wildcard next to non-ASCII characters cannot be put in A-label form); a
    label that is not a valid name is lower-cased and kept, so that it matches nothing
    (a linter reports it).

    >>> canonical_resource_pattern("acs:domain:*:*:domain/*.EXAMPLE.com.")
    'acs:domain:*:*:domain/*.example.com'
    >>> canonical_resource_pattern("acs:domain:*:*:domain/例子*.cn")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: label '例子*' mixes a wildcard with non-ASCII characters: write it in A-label form (xn--...)
    """
    parts = text.split(":", 4)
    if len(parts) != 5 or parts[0] != "acs":
        return text
    service, relative_id = parts[1], parts[4]
    if not relative_id.startswith(_DOMAIN_PREFIX) or not compile_pattern(service).matches(
        DOMAIN_SERVICE
    ):
        return text
    name = relative_id[7:]
    if not name:
        return text
    return ":".join([*parts[:4], _DOMAIN_PREFIX + _canonical_pattern_name(name)])


def _canonical_pattern_name(name: str) -> str:
    if not name.isascii():
        name = name.translate(_IDNA_DOTS)
    if not has_wildcard(name):
        try:
            return canonical_name(name, field="resource")
        except InvalidDomainNameError:
            return name.lower() if name.isascii() else name
    if name.endswith(".") and len(name) > 1:
        name = name[:-1]
    labels = []
    for label in name.split("."):
        if has_wildcard(label):
            if not label.isascii():
                raise InvalidArnError(
                    f"label {label!r} mixes a wildcard with non-ASCII characters: "
                    "write it in A-label form (xn--...)",
                    field="resource",
                    value=name,
                )
            labels.append(label.lower())
            continue
        try:
            labels.append(canonical_name(label, field="resource"))
        except InvalidDomainNameError:
            labels.append(label.lower() if label.isascii() else label)
    return ".".join(labels)
