"""pii: e-mail addresses, phone numbers and IP addresses replaced by placeholders.

The original text is not kept anywhere (not even in the audit trail): only how many of
each kind were replaced, in `meta.pii` and the manifest. Candidates are found by pattern
and then checked, because dates, version numbers, prices and ISBNs have the same digits
and separators as phone numbers and IPv4 addresses.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from ..document import Document
from ..stage import DocumentStage, register

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_PHONE = re.compile(
    r"(?<![\w+/.,-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,5}(?:[ .-]\d{1,5}){0,5}(?![\w/-]|[.,]\d)"
)
_VERSION_BEFORE = re.compile(
    r"(?i)(?:\bv|\bversions?|\bver\.?|\breleases?|\bbuild|\bfirmware|\bisbn(?:-1[03])?:?|§|\bno\.|\bnr\.)\s*$"
)
_DATE = re.compile(r"^\d{1,4}([-./ ])\d{1,2}\1\d{1,4}$")
_MONEY_BEFORE = re.compile(r"[$€£¥₹]\s*$|(?i:\b(?:usd|eur|gbp|rs\.?|chf))\s*$")
_MONEY_AFTER = re.compile(r"^\s*(?:[$€£¥₹%]|(?i:usd|eur|gbp|chf|dollars?|euros?)\b)")
_PHONE_CONTEXT = re.compile(r"(?i)(?:tel|phone|call|fax|mobile|cell|whatsapp|téléphone|telefon|teléfono)\b[^\n]{0,20}$")


def _is_phone(m: re.Match, text: str) -> bool:
    s = m.group(0)
    digits = sum(c.isdigit() for c in s)
    if not 9 <= digits <= 15:
        return False
    before, after = text[max(0, m.start() - 24):m.start()], text[m.end():m.end() + 12]
    if _VERSION_BEFORE.search(before) or _MONEY_BEFORE.search(before) or _MONEY_AFTER.search(after):
        return False
    if _DATE.match(s):
        return False
    if _PHONE_CONTEXT.search(before):
        return True
    groups = re.split(r"[ .()-]+", s.strip("+() "))
    if len(groups) < 2:
        return False
    if s.startswith(("+", "(")):
        return True
    # without a country code or a "phone" cue: the usual national shapes only, one separator kind
    seps = set(re.findall(r"[ .-]", s))
    return len(seps) == 1 and len(groups) in (3, 4) and all(2 <= len(g) <= 4 for g in groups) and len(groups[0]) >= 3


def _is_ipv4(m: re.Match, text: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(m.group(0))
    except ValueError:
        return False
    if _VERSION_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return False
    return ip.is_global


def _is_ipv6(m: re.Match, text: str) -> bool:
    try:
        ip = ipaddress.IPv6Address(m.group(0))
    except ValueError:
        return False
    return ip.is_global


@register("pii")
@dataclass
class Pii(DocumentStage):
    """Replace e-mail addresses, phone numbers and public IP addresses with placeholders."""

    email: str | None = "<EMAIL>"
    phone: str | None = "<PHONE>"
    ip: str | None = "<IP>"

    def process(self, doc: Document) -> Document:
        counts: dict[str, int] = {}
        text = doc.text
        for kind, placeholder, pattern, check in (
            ("email", self.email, _EMAIL, None),
            ("ip", self.ip, _IPV6, _is_ipv6),
            ("ip", self.ip, _IPV4, _is_ipv4),
            ("phone", self.phone, _PHONE, _is_phone),
        ):
            if placeholder is None:
                continue
            src = text

            def sub(m: re.Match, kind: str = kind, placeholder: str = placeholder, check=check, src: str = src) -> str:
                if check is not None and not check(m, src):
                    return m.group(0)
                counts[kind] = counts.get(kind, 0) + 1
                return placeholder

            text = pattern.sub(sub, text)
        if counts:
            doc.text = text
            doc.meta["pii"] = counts
            for k, v in counts.items():
                self.count(f"redacted_{k}", v)
        return doc
