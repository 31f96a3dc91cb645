"""Domain names: one canonical form, its public suffix and its TLD.

A name is given in any case, as Unicode or A-labels, with or without a trailing
dot, with ASCII or ideographic full stops (``。．｡``). Its canonical form is the
lower-case A-label text (IDNA 2008 with the UTS 46 mapping), and every
comparison in this library is made on it: ``EXAMPLE.com.``, ``example．com`` and
``example.com`` are one name.

The public suffix comes from the ICANN section of the Public Suffix List (the
private section lists hosting platforms, not registries), so ``foo.网络.cn`` has
the suffix ``网络.cn`` (a second level under .cn), not the TLD ``.网络``.

>>> from domainrules import DomainName
>>> name = DomainName("例子.中国")
>>> name.ascii, name.suffix, name.tld
('xn--fsqu00a.xn--fiqs8s', 'xn--fiqs8s', 'xn--fiqs8s')
>>> name.unicode
'例子.中国'
>>> DomainName("Example.COM.CN.").suffix
'com.cn'
>>> DomainName("foo.网络.cn").unicode_suffix
'网络.cn'
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs
import idna
from publicsuffixlist import PublicSuffixList

from domainrules._validate import wrong_type
from domainrules.errors import (
    ArgumentTypeError,
    DomainNameTooLongError,
    InvalidDomainNameError,
    InvalidLabelError,
    LabelTooLongError,
    NotRegistrableError,
    PublicSuffixError,
)

__all__ = ["MAX_LABEL_LENGTH", "MAX_NAME_LENGTH", "DomainName", "canonical_name", "to_unicode"]

#: RFC 1035: 255 octets on the wire, which is 253 characters of dotted text.
MAX_NAME_LENGTH = 253
#: RFC 1035: 63 octets per label.
MAX_LABEL_LENGTH = 63
# Anything longer than this cannot become a name of 253 characters, whatever
# IDNA mapping it goes through: refuse it before any other work is done.
_MAX_INPUT_LENGTH = 4 * MAX_NAME_LENGTH

# A label that needs no IDNA processing: lower-case letters, digits, inner
# hyphens, no "--" in positions 3-4 (reserved for A-labels such as xn--).
_PLAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_IDNA_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})

# ICANN section only; a TLD missing from the list (a brand-new gTLD) is taken
# as a one-label suffix, as registries treat it.
_PSL = PublicSuffixList(only_icann=True, accept_unknown=True)


def canonical_name(text: str, *, field: str = "name") -> str:
    """Return the canonical form of a host or domain name: lower-case A-labels, no final dot.

    No Public Suffix List check is made, so any host name is accepted; use
    :class:`DomainName` for a registrable domain.

    >>> canonical_name("WWW.Example.com.")
    'www.example.com'
    >>> canonical_name("例子．中国")
    'xn--fsqu00a.xn--fiqs8s'
    >>> canonical_name("bad_label.com")
    Traceback (most recent call last):
    ...
    domainrules.errors.InvalidLabelError: 'bad_label.com': label 'bad_label' is not valid (Codepoint U+005F not allowed at position 4 in 'bad_label')
    """
    if not isinstance(field, str):
        raise ArgumentTypeError(
            f"field: expected text, not {type(field).__name__}", field="field", value=field
        )
    if not isinstance(text, str):
        raise wrong_type(text, field, "a domain name as text")
    if len(text) > _MAX_INPUT_LENGTH:
        raise DomainNameTooLongError(
            f"a domain name of {len(text)} characters is over the {MAX_NAME_LENGTH} allowed",
            field=field,
            value=text,
        )
    return _canonical(text, field)


@lru_cache(maxsize=65536)
def _canonical(text: str, field: str) -> str:
    if text.isascii():
        lowered = text.lower()
        stripped = lowered[:-1] if lowered.endswith(".") else lowered
        # ASCII keeps its length through IDNA, so the limits are checked first.
        if len(stripped) > MAX_NAME_LENGTH:
            raise DomainNameTooLongError(
                f"{text[:40]!r}... is {len(stripped)} characters, over the {MAX_NAME_LENGTH} allowed",
                field=field,
                value=text,
            )
        labels = stripped.split(".")
        for label in labels:
            if len(label) > MAX_LABEL_LENGTH:
                raise LabelTooLongError(
                    f"{text[:80]!r}: label {label[:20]!r}... is {len(label)} characters, "
                    f"over the {MAX_LABEL_LENGTH} allowed",
                    field=field,
                    value=text,
                )
        # The fast path: plain LDH labels need no IDNA work at all.
        if all(_PLAIN_LABEL.fullmatch(label) and label[2:4] != "--" for label in labels):
            return stripped
    else:
        text = text.translate(_IDNA_DOTS)
    return _canonical_idna(text, field)


def _canonical_idna(text: str, field: str) -> str:
    original = text
    if text.endswith("."):
        text = text[:-1]
    labels: list[str] = []
    for given in text.split("."):
        try:
            # The UTS 46 mapping may itself yield dots (U+2488 "1."), so split again.
            mapped = idna.uts46_remap(given, std3_rules=True, transitional=False).split(".")
        except idna.IDNAError as error:
            raise InvalidLabelError(
                f"{original!r}: label {given!r} is not valid ({error})", field=field, value=original
            ) from None
        labels.extend(_alabel(label, original, field) for label in mapped)
    canonical = ".".join(labels)
    if len(canonical) > MAX_NAME_LENGTH:
        raise DomainNameTooLongError(
            f"{original[:40]!r}... is {len(canonical)} characters in A-label form, "
            f"over the {MAX_NAME_LENGTH} allowed",
            field=field,
            value=original,
        )
    return canonical


def _alabel(label: str, original: str, field: str) -> str:
    if not label:
        raise InvalidLabelError(f"{original!r} has an empty label", field=field, value=original)
    # Measure before idna does, so the error names the fault precisely.
    length = len(label) if label.isascii() else 4 + len(label.encode("punycode"))
    if length > MAX_LABEL_LENGTH:
        raise LabelTooLongError(
            f"{original[:80]!r}: label {label[:20]!r}... is {length} characters "
            f"in A-label form, over the {MAX_LABEL_LENGTH} allowed",
            field=field,
            value=original,
        )
    try:
        alabel = label if label.isascii() else idna.alabel(label).decode("ascii")
        # Round-tripping validates A-labels and LDH rules (hyphens, "--").
        idna.ulabel(alabel)
    except idna.IDNAError as error:
        raise InvalidLabelError(
            f"{original!r}: label {label!r} is not valid ({error})", field=field, value=original
        ) from None
    return alabel


def to_unicode(ascii_name: str) -> str:
    """The display form of a canonical name (U-labels where a label is an A-label).

    >>> to_unicode("xn--fiqs8s.xn--55qx5d.cn")
    '中国.公司.cn'
    """
    return ".".join(
        idna.ulabel(label) if label.startswith("xn--") else label for label in ascii_name.split(".")
    )


@attrs.frozen(init=False, order=True)
class DomainName:
    """A registrable domain name in canonical form.

    ``DomainName(text)`` parses and checks; a public suffix or a name below the
    registrable level is refused. The answer depends on ``text`` alone, not on what
    was parsed before, in any thread:

    >>> DomainName("com.cn")
    Traceback (most recent call last):
    ...
    domainrules.errors.PublicSuffixError: 'com.cn' is a public suffix: names are registered below it
    >>> DomainName("www.example.com")
    Traceback (most recent call last):
    ...
    domainrules.errors.NotRegistrableError: 'www.example.com' is below the registrable level: register 'example.com'
    """

    #: The canonical form: lower-case A-labels, no trailing dot.
    ascii: str
    #: The public suffix (ICANN section of the PSL) in A-label form.
    suffix: str = attrs.field(order=False)

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise wrong_type(text, "name", "a domain name as text")
        ascii_name, suffix = _parse(text)
        self.__attrs_init__(ascii_name, suffix)

    @classmethod
    def parse(cls, text: str | DomainName) -> DomainName:
        """Return ``text`` as a :class:`DomainName` (a DomainName is returned as it is)."""
        if isinstance(text, DomainName):
            return text
        return cls(text)

    @property
    def tld(self) -> str:
        """The top-level domain, in A-label form (``cn`` for ``example.com.cn``)."""
        return self.ascii.rpartition(".")[2]

    @property
    def labels(self) -> tuple[str, ...]:
        """The A-labels, left to right."""
        return tuple(self.ascii.split("."))

    @property
    def unicode(self) -> str:
        """The display form, with U-labels."""
        return to_unicode(self.ascii)

    @property
    def unicode_suffix(self) -> str:
        """The public suffix in display form."""
        return to_unicode(self.suffix)

    @property
    def is_idn(self) -> bool:
        """Whether any label is internationalized (an A-label)."""
        return "xn--" in self.ascii

    def __str__(self) -> str:
        return self.ascii


# The fast path. Most names are "<plain ASCII label>.<suffix>"; for those, once
# the text after the first label is known to be a suffix, the name is
# registrable unless the label is itself a rule below that suffix (com.cn,
# gov.cn...): no IDNA and no PSL walk is needed. Suffixes with wildcard or
# exception rules below them (*.ck, !www.ck) always take the slow path.
_ASCII_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _rules_below() -> tuple[dict[str, frozenset[str]], frozenset[str]] | None:
    # publicsuffixlist keeps its rules in a private frozenset; without it the
    # fast path is simply off, never wrong.
    rules = getattr(_PSL, "_publicsuffix", None)
    if not isinstance(rules, frozenset):
        return None
    children: dict[str, set[str]] = {}
    wild: set[str] = set()
    for rule in rules:
        if rule.startswith(("*.", "!")):
            wild.add(
                _ascii_rule(rule.lstrip("*!").partition(".")[2] if rule[0] == "!" else rule[2:])
            )
        # Every name on the way to a rule is a node of the list, not only the rules
        # themselves: *.kobe.jp makes kobe.jp one, and the slow path treats such a
        # node as a suffix. So each of them is "a rule below" its parent, which
        # sends it to the slow path (a name parsed first or after must agree).
        node = _ascii_rule(rule.lstrip("*!").removeprefix("."))
        while "." in node:
            label, _, parent = node.partition(".")
            children.setdefault(parent, set()).add(label)
            node = parent
    return {parent: frozenset(labels) for parent, labels in children.items()}, frozenset(wild)


def _ascii_rule(rule: str) -> str:
    # The list may hold a rule as U-labels; the fast path compares A-labels.
    if rule.isascii():
        return rule
    try:
        return ".".join(idna.alabel(label).decode("ascii") for label in rule.split("."))
    except idna.IDNAError:
        return rule


_BELOW = _rules_below()
# The text after the first label -> (its suffix, the labels that are rules below it).
# Bounded, since the keys come from input (case variants).
_KNOWN_RESTS: dict[str, tuple[str, frozenset[str]]] = {}
_KNOWN_RESTS_MAX = 4096


def _known_rest(rest: str) -> tuple[str, frozenset[str]] | None:
    """For the text after a name's first label: its canonical suffix and the labels
    that would make a suffix rather than a registrable name, once learned."""
    return _KNOWN_RESTS.get(rest)


def _is_plain_label(label: str) -> bool:
    """Whether ``label`` is LDH ASCII needing no IDNA work (any case)."""
    return _ASCII_LABEL.fullmatch(label) is not None and label[2:4] != "--"


def _learn(text: str, suffix: str) -> None:
    # Only behind a plain first label is the text after it the whole suffix; the
    # suffix itself may be Unicode ("example.中国"), its IDNA work then done once.
    label, _, rest = text.partition(".")
    if _BELOW is None or not _is_plain_label(label):
        return
    children, wild = _BELOW
    if suffix not in wild:
        if len(_KNOWN_RESTS) >= _KNOWN_RESTS_MAX:
            # Real input has a few dozen suffix spellings; a flood of odd ones must
            # not lock the common ones out for the life of the process.
            _KNOWN_RESTS.clear()
        _KNOWN_RESTS[rest] = (suffix, children.get(suffix, frozenset()))


def _registrable_in_front(label: str, suffix: str, below: frozenset[str]) -> bool:
    """Whether ``label`` in front of the known ``suffix`` is, without IDNA or a PSL walk,
    a registrable name: a plain ASCII label, not a rule below the suffix, within 253."""
    # isalnum() alone admits non-ASCII letters; hyphenated labels take the regex.
    plain = (label.isalnum() and label.isascii() and len(label) <= 63) or _is_plain_label(label)
    return plain and label.lower() not in below and len(label) + 1 + len(suffix) <= MAX_NAME_LENGTH


def _parse(text: str) -> tuple[str, str]:
    label, _, rest = text.partition(".")
    known = _KNOWN_RESTS.get(rest)
    if known is not None and _registrable_in_front(label, *known):
        return f"{label.lower()}.{known[0]}", known[0]
    ascii_name, suffix = _parse_slowly(text)
    _learn(text, suffix)
    return ascii_name, suffix


@lru_cache(maxsize=65536)
def _parse_slowly(text: str) -> tuple[str, str]:
    ascii_name = canonical_name(text)
    if ascii_name.rpartition(".")[2].isdigit():
        # No top-level domain is all digits (RFC 3696 §2); such text is an IP address
        # ("10.0.0.1") or a typo, never a name a registry sells.
        raise InvalidDomainNameError(
            f"{text!r} ends in an all-numeric label, which no top-level domain is "
            "(is it an IP address?)",
            field="name",
            value=text,
        )
    suffix = _PSL.publicsuffix(ascii_name)
    if suffix is None or suffix == ascii_name:
        raise PublicSuffixError(
            f"{text!r} is a public suffix: names are registered below it",
            field="name",
            value=text,
        )
    registrable = _registrable(ascii_name, suffix)
    if registrable != ascii_name:
        raise NotRegistrableError(
            f"{text!r} is below the registrable level: register {to_unicode(registrable)!r}",
            registrable=registrable,
            field="name",
            value=text,
        )
    return ascii_name, suffix


def _registrable(ascii_name: str, suffix: str) -> str:
    """The suffix plus one label of ``ascii_name``."""
    head = ascii_name[: -len(suffix) - 1]
    return f"{head.rpartition('.')[2]}.{suffix}"


def _suffix_of(ascii_name: str) -> str | None:
    """The public suffix of a canonical name, or None when the name is a suffix itself."""
    suffix: str | None = _PSL.publicsuffix(ascii_name)
    return None if suffix == ascii_name else suffix
