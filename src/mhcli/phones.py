"""Phone numbers as people write them, and whether a web page shows one.

Numbers are compared by their digits in national form: ``0800-5151``, ``0800 5151``,
``+31 800 5151``, ``+31 (0)800-5151``, ``0031 800 5151`` and ``tel:+318005151`` are all
``08005151``. A page is read the way a person sees it: the text of its HTML (scripts, styles,
templates and comments left out, character references resolved) and its ``tel:`` links; the
standard library's HTML parser does the reading. Only ``mhcli controleer`` imports this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

# What may stand between the digits of one number: spaces (also no-break and narrow), hyphens
# and dashes, dots, slashes and brackets, at most three in a row ("(033) 448").
_SEP = "[\\s\\u00a0\\u202f\\-\\u2010-\\u2015./()]{0,3}"
# A short number (112, 144) is only itself: no separators inside, no digit beside it.
_SHORT = 4
# Something that looks like a Dutch number, for "the page shows this one instead".
_LOOKS_LIKE = re.compile(r"(?<![\d+])(?:(?:\+|00)\s?31|\(?0)[\d\s\u00a0\-./()]{5,16}\d(?!\d)")
_HIDDEN = {"script", "style", "template", "noscript"}
_BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
          "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
          "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title"}


def national(number: str) -> str:
    """The digits of a number in national form; a foreign number keeps its '+' and country."""
    text = number.replace("(0)", "")
    digits = re.sub(r"[^\d+]", "", text)
    for prefix in ("+31", "0031"):
        if digits.startswith(prefix):
            rest = digits[len(prefix):]
            return rest if rest.startswith("0") else "0" + rest
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits if digits.startswith("+") else digits.replace("+", "")


def _pattern(number: str) -> re.Pattern[str] | None:
    digits = national(number)
    if not digits.isdigit():
        return None
    if len(digits) <= _SHORT:
        return re.compile(rf"(?<![\d+]){digits}(?!\d)")
    spaced = _SEP.join(digits)
    forms = [rf"(?<![\d+]){spaced}"]
    if digits.startswith("0"):
        forms.append(rf"(?:\+|(?<!\d)00){_SEP}31{_SEP}(?:\(0\){_SEP})?{_SEP.join(digits[1:])}")
    return re.compile(rf"(?:{'|'.join(forms)})(?!\d)")


class _Reader(HTMLParser):
    """The visible text of a page and its tel: links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tel: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCK:
            self.parts.append(" ")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.strip().lower().startswith("tel:"):
                self.tel.append(unquote(href.strip()[4:]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


@dataclass(frozen=True)
class Page:
    """What a person can read on a page: its text, and the numbers of its tel: links."""

    text: str
    tel: tuple[str, ...] = ()

    @classmethod
    def from_html(cls, html: str) -> Page:
        reader = _Reader()
        reader.feed(html)
        reader.close()
        return cls("".join(reader.parts), tuple(reader.tel))

    def shows(self, number: str) -> bool:
        """Whether the page shows ``number``, in any of the ways people write it."""
        digits = national(number)
        if any(national(link) == digits for link in self.tel):
            return True
        pattern = _pattern(number)
        return pattern is not None and pattern.search(self.text) is not None

    def similar(self, number: str, known: set[str], limit: int = 3) -> list[str]:
        """Numbers on the page that begin like ``number`` (the same first four digits) but are
        not it, nor any number in ``known`` (national forms): perhaps its replacement."""
        digits = national(number)
        found: list[str] = []
        seen: set[str] = set()
        candidates = [m.group().strip() for m in _LOOKS_LIKE.finditer(self.text)]
        for shown in [*candidates, *self.tel]:
            other = national(shown)
            if (8 <= len(other) <= 11 and other[:4] == digits[:4] and other != digits
                    and other not in known and other not in seen):
                seen.add(other)
                found.append(" ".join(shown.split()))
        return found[:limit]


def decode(body: bytes, content_type: str | None) -> str:
    """Page bytes as text: the charset of the Content-Type, else of a <meta> tag, else UTF-8
    (undecodable bytes replaced: a number is ASCII either way)."""
    charset = None
    if content_type:
        declared = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.I)
        charset = declared.group(1) if declared else None
    if charset is None:
        meta = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", body[:4096], re.I)
        charset = meta.group(1).decode("ascii") if meta else None
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")
