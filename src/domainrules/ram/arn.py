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
import unicodedata
from typing import Any

import attrs

from domainrules.errors import ArgumentTypeError, InvalidDomainNameError
from domainrules.names import canonical_name
from domainrules.ram._text import short_repr
from domainrules.ram.errors import InvalidArnError
from domainrules.ram.patterns import compile_pattern, has_wildcard

__all__ = [
    "DOMAIN_SERVICE",
    "Arn",
    "account_resource",
    "canonical_resource",
    "canonical_resource_pattern",
    "domain_name_part",
    "domain_part",
    "domain_resource",
    "uncanonical_labels",
    "validate_account_id",
]

DOMAIN_SERVICE = "domain"
_DOMAIN_PREFIX = "domain/"
_ACCOUNT_ID = re.compile(r"0|[1-9][0-9]{0,31}")
_SERVICE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# A region: empty (a global service such as RAM), or lower-case ASCII letters, digits and
# '-' (cn-hangzhou); a request may also name the literal '*' (Domains requests do).
_REGION = re.compile(r"\*|[a-z0-9-]{0,64}")
# The same rule for a policy's fields, where '*' and '?' are wildcards.
_SERVICE_PATTERN = re.compile(r"[a-z0-9*?-]{1,64}")
_REGION_PATTERN = re.compile(r"[a-z0-9*?-]{0,64}")
_ACCOUNT_PATTERN = re.compile(r"[0-9*?]{0,64}")
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
            raise ArgumentTypeError(
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
        if not text.isprintable() or text.strip() != text:
            raise InvalidArnError(
                f"{text[:120]!r} is not a resource name: it holds control or invisible "
                "characters, lone surrogates, or surrounding whitespace",
                field="resource",
                value=text[:120],
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
        _check_request_parts(text, service, region, account)
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
    """Return an account id as canonical text: ASCII digits, no sign, no leading zero.

    Any other spelling is refused rather than read: ``"0123"`` would otherwise be a
    second name for account 123 that a Deny on ``123`` does not cover.

    >>> validate_account_id(1234567890)
    '1234567890'
    >>> validate_account_id("0123")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: account id '0123' must be 1 to 32 digits with no leading zero
    """
    if type(account_id) is str:
        # Fast path (authorize calls this once per call): ASCII digits, no leading zero.
        if (
            account_id.isdigit()
            and account_id.isascii()
            and len(account_id) <= 32
            and (account_id[0] != "0" or account_id == "0")
        ):
            return account_id
        text = account_id[:40]
    elif type(account_id) is int:
        if 0 <= account_id < 10**32:
            return str(account_id)
        text = "a negative number" if account_id < 0 else "a number over 32 digits"
    else:
        raise ArgumentTypeError(
            f"an account id must be digits, not {type(account_id).__name__}",
            field="account_id",
            value=account_id,
        )
    raise InvalidArnError(
        f"account id {text!r} must be 1 to 32 digits with no leading zero",
        field="account_id",
        value=account_id,
    )


def _check_request_parts(text: str, service: str, region: str, account: str) -> None:
    """A request's resource: lower-case service, a region, an account id or nothing."""
    if _SERVICE.fullmatch(service) is None:
        raise InvalidArnError(
            f"{text[:120]!r} is not a resource name: the service {service[:40]!r} must be "
            "lower-case letters, digits and '-'",
            field="resource",
            value=text,
        )
    if _REGION.fullmatch(region) is None:
        raise InvalidArnError(
            f"{text[:120]!r} is not a resource name: the region {region[:40]!r} must be "
            "lower-case letters, digits and '-' (or '*', or empty)",
            field="resource",
            value=text,
        )
    if account and _ACCOUNT_ID.fullmatch(account) is None:
        raise InvalidArnError(
            f"{text[:120]!r} is not a resource name: the account {account[:40]!r} must be "
            "1 to 32 digits with no leading zero (or empty)",
            field="resource",
            value=text,
        )


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
    """A request's resource, checked, with its domain name canonicalized.

    It must be ``acs:<service>:<region>:<account>:<relative-id>`` with ``acs`` and the
    service in lower case, the account empty or canonical digits, and no control
    character, invisible character or surrounding whitespace: any other spelling is
    refused (:class:`InvalidArnError`), never read as a second name for a resource.

    >>> canonical_resource("acs:domain:*:1:domain/ＥＸＡＭＰＬＥ．com")
    'acs:domain:*:1:domain/example.com'
    >>> canonical_resource("acs:ecs:cn-hangzhou:1:instance/i-1")
    'acs:ecs:cn-hangzhou:1:instance/i-1'
    >>> canonical_resource("acs:Domain:*:1:domain/example.com")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: 'acs:Domain:*:1:domain/example.com' is not a resource name: the service 'Domain' must be lower-case letters, digits and '-'
    """
    if isinstance(text, str) and text.startswith("acs:domain:") and ":domain/" in text:
        return Arn.parse(text).format()
    Arn.parse(text)
    return text


def _check_text(value: Any, field: str) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{field} must be text, not {type(value).__name__}",
            field=field,
            value=value,
        )


def _check_length(text: str) -> None:
    # Checked first: the field-spanning search is linear in the length, but not free.
    if len(text) > _MAX_RESOURCE_LENGTH:
        raise InvalidArnError(
            f"a resource pattern of {len(text)} characters is over the "
            f"{_MAX_RESOURCE_LENGTH} allowed",
            field="resource",
            value=text[:80] + "...",
        )


def _canonical_domain(name: str, whole: str) -> str:
    try:
        return canonical_name(name, field="resource")
    except InvalidDomainNameError as error:
        raise InvalidArnError(
            f"{short_repr(whole, 120)} names a domain that is not valid: {error}",
            field="resource",
            value=whole,
        ) from None


def canonical_resource_pattern(text: str) -> str:
    """A policy's resource pattern, checked, with its domain name put in canonical form.

    The service, region and account fields follow the rule requests follow (see
    :func:`canonical_resource`), wildcards aside: lower-case ASCII letters, digits and
    ``-`` for the service and the region, digits with no leading zero for the
    account. A field spelt otherwise (``CN-Hangzhou``, ``0123``, full-width digits)
    could never match a request, so it is refused (:class:`InvalidArnError`, with
    the spelling to use) rather than kept as a statement that silently never applies.

    The domain name is found wherever a Domains resource's name can be: after the
    last literal ``/`` when the text before it can match ``acs:domain:*:<account>:domain/``
    (``domain/``, ``*/``, ``dom*/``, and also ``acs:domain:*/`` where a wildcard spans
    the ``:`` fields), or the text after the last ``:`` when it holds a ``*`` that
    stands for ``domain/`` and more. Canonical Domains resources are lower case with
    A-labels and no trailing dot, so that part is read the same way: a label without
    wildcard becomes its canonical form, a label with one is lower-cased. Only a
    pattern that can match a Domains resource is touched.

    A label that mixes a wildcard with non-ASCII characters has no canonical form (it
    cannot be written in A-labels): it is kept as written, matches no canonical name,
    and :func:`domainrules.ram.lint` reports it as an error.

    >>> canonical_resource_pattern("acs:domain:*:*:domain/*.EXAMPLE.com.")
    'acs:domain:*:*:domain/*.example.com'
    >>> canonical_resource_pattern("acs:domain:*:*:*/例子．中国")
    'acs:domain:*:*:*/xn--fsqu00a.xn--fiqs8s'
    >>> canonical_resource_pattern("acs:domain:*:*:dom*/Example.com")
    'acs:domain:*:*:dom*/example.com'
    >>> canonical_resource_pattern("acs:domain:*/EXAMPLE.com")
    'acs:domain:*/example.com'
    >>> canonical_resource_pattern("acs:domain:*:*:domain/例子*.cn")
    'acs:domain:*:*:domain/例子*.cn'
    >>> canonical_resource_pattern("acs:domain:*:0123:*")
    Traceback (most recent call last):
    ...
    domainrules.ram.errors.InvalidArnError: 'acs:domain:*:0123:*': the account '0123' can match no account id (1 to 32 digits with no leading zero): write '123'
    """
    _check_text(text, "resource")
    _check_length(text)
    if not text.startswith("acs:"):
        return text
    parts = text.split(":", 4)
    if len(parts) == 5:
        _check_pattern_parts(text, parts[1], parts[2], parts[3])
    elif len(parts) >= 3 and not has_wildcard(parts[1]):
        # Fewer fields: a wildcard spans ':'; only the service field is surely whole.
        _check_pattern_parts(text, parts[1], "", "")
    head, name = domain_name_part(text)
    if not name:
        return text
    return head + _canonical_pattern_name(name)


def domain_name_part(resource: str) -> tuple[str, str]:
    """Split a resource pattern into what comes before the domain name and the name.

    The name is empty when no Domains resource (``acs:domain:*:<account>:domain/<name>``)
    can match the pattern, or when nothing of the pattern can stand for a name.

    >>> domain_name_part("acs:domain:*:*:domain/example.com")
    ('acs:domain:*:*:domain/', 'example.com')
    >>> domain_name_part("acs:domain:*/Example.com"), domain_name_part("acs:*Example.com")
    (('acs:domain:*/', 'Example.com'), ('acs:', '*Example.com'))
    >>> domain_name_part("acs:ecs:*:*:instance/i-1"), domain_name_part("acs:domain:*:*:*")
    (('acs:ecs:*:*:instance/i-1', ''), ('acs:domain:*:*:*', ''))
    """
    _check_text(resource, "resource")
    _check_length(resource)
    parts = resource.split(":", 4)
    if len(parts) == 5:
        if parts[0] != "acs" or not compile_pattern(parts[1]).matches(DOMAIN_SERVICE):
            return resource, ""
        head, name = domain_part(parts[4])
        return ":".join([*parts[:4], head]), name
    cut = max(resource.rfind("/"), resource.rfind(":"))
    if cut < 0:
        return resource, ""
    head, tail = resource[: cut + 1], resource[cut + 1 :]
    if resource[cut] == "/":
        # A Domains resource holds one '/', just before the name: this one.
        if _can_match(head, _DOMAIN_HEAD):
            return head, tail
        return resource, ""
    # The last literal ':' is one of the request's four; a '*' of the tail covers the
    # rest up to and including 'domain/'.
    if "*" in tail and tail.strip("*") and any(_can_match(head, t) for t in _COLON_HEADS):
        return head, tail
    return resource, ""


# The text of a Domains resource before its name, as tokens: a character, or None for
# a run of characters (the account id; taken as any run, which only widens what is
# canonicalized: a pattern keeps its literal form too, see Statement).
_DOMAIN_HEAD: tuple[str | None, ...] = (*"acs:domain:*:", None, *":domain/")
_COLON_HEADS: tuple[tuple[str | None, ...], ...] = (
    tuple("acs:"),
    tuple("acs:domain:"),
    tuple("acs:domain:*:"),
    (*"acs:domain:*:", None, ":"),
)


def _can_match(pattern: str, template: tuple[str | None, ...]) -> bool:
    """Whether some text matches both the wildcard ``pattern`` and ``template``.

    A search over (pattern position, template position): a ``*`` of either side may
    take nothing or one more symbol of the other; ``?`` takes one character.
    """
    start = (0, 0)
    seen = {start}
    stack = [start]
    end = (len(pattern), len(template))
    while stack:
        i, j = stack.pop()
        if (i, j) == end:
            return True
        moves = []
        p = pattern[i] if i < len(pattern) else ""
        t = template[j] if j < len(template) else ""
        if p == "*":
            moves.append((i + 1, j))
            if j < len(template):
                moves.append((i, j + 1))
        if t is None:
            moves.append((i, j + 1))
            if i < len(pattern):
                moves.append((i + 1, j))
        if p and p != "*" and t and (p == "?" or p == t):
            moves.append((i + 1, j + 1))
        for move in moves:
            if move not in seen:
                seen.add(move)
                stack.append(move)
    return False


def _suggestion(field: str, value: str) -> str:
    """The spelling to write instead, when there is an obvious one."""
    folded = unicodedata.normalize("NFKC", value).lower()
    folded = "".join("-" if unicodedata.category(c) == "Pd" else c for c in folded)
    if field == "account" and folded.isdigit() and folded.isascii():
        folded = folded.lstrip("0") or "0"
        return f": write {folded!r}" if folded != value else ""
    pattern = _ACCOUNT_PATTERN if field == "account" else _REGION_PATTERN
    if folded != value and pattern.fullmatch(folded):
        return f": write {folded!r}"
    return ""


def _account_pattern_matches_some_id(account: str) -> bool:
    if not has_wildcard(account):
        return not account or _ACCOUNT_ID.fullmatch(account) is not None
    # A leading literal '0' followed by anything but stars makes a leading zero.
    return account[0] != "0" or not account[1:].strip("*")


def _check_pattern_parts(text: str, service: str, region: str, account: str) -> None:
    """The rule of :func:`_check_request_parts`, for fields that may hold wildcards."""
    shown = short_repr(text, 120)
    if _SERVICE_PATTERN.fullmatch(service) is None:
        raise InvalidArnError(
            f"{shown}: the service {service[:40]!r} can match no request (lower-case "
            f"letters, digits and '-'){_suggestion('service', service)}",
            field="resource",
            value=text,
        )
    if _REGION_PATTERN.fullmatch(region) is None:
        raise InvalidArnError(
            f"{shown}: the region {region[:40]!r} can match no request (lower-case "
            f"letters, digits and '-', or '*'){_suggestion('region', region)}",
            field="resource",
            value=text,
        )
    if _ACCOUNT_PATTERN.fullmatch(account) is None or not _account_pattern_matches_some_id(account):
        raise InvalidArnError(
            f"{shown}: the account {account[:40]!r} can match no account id (1 to 32 "
            f"digits with no leading zero){_suggestion('account', account)}",
            field="resource",
            value=text,
        )


def domain_part(relative_id: str) -> tuple[str, str]:
    """Split a relative-id pattern into what comes before the domain name and the name.

    The name is empty when no Domains resource (``domain/<name>``) can match.

    >>> domain_part("domain/example.com"), domain_part("*.example.com"), domain_part("*")
    (('domain/', 'example.com'), ('', '*.example.com'), ('*', ''))
    """
    _check_text(relative_id, "relative_id")
    slash = relative_id.rfind("/")
    if slash >= 0:
        # A Domains resource holds one "/": a literal "/" of the pattern must match it.
        if compile_pattern(relative_id[:slash]).matches(DOMAIN_SERVICE):
            return relative_id[: slash + 1], relative_id[slash + 1 :]
        return relative_id, ""
    if "*" in relative_id and relative_id.strip("*"):
        return "", relative_id
    return relative_id, ""


def uncanonical_labels(name: str) -> tuple[str, ...]:
    """The labels of a domain-name pattern that have no canonical form.

    >>> uncanonical_labels("例子*.cn"), uncanonical_labels("*.example.com")
    (('例子*',), ())
    """
    _check_text(name, "name")
    if name.isascii():
        return ()
    return tuple(
        label
        for label in name.translate(_IDNA_DOTS).split(".")
        if has_wildcard(label) and not label.isascii()
    )


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
            # Non-ASCII next to a wildcard has no A-label form: kept, never matches.
            labels.append(label.lower() if label.isascii() else label)
            continue
        try:
            labels.append(canonical_name(label, field="resource"))
        except InvalidDomainNameError:
            labels.append(label.lower() if label.isascii() else label)
    return ".".join(labels)
