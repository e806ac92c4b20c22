"""Checks on text typed by the public: size, link spam, markup and identity numbers.

A refused text raises `DomainError` saying why, so the visitor can correct it; nothing is stored.
Whatever passes is still escaped when shown (Jinja autoescaping): these checks keep spam and private
numbers out of the record, they are not the XSS defence.
"""
from __future__ import annotations

import re

from domain.limits import thousands
from domain.rules import DomainError

LINK = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|xyz|"
                  r"top|ru|io|co|id|me|site|online|link|ly|club|shop)\b\S*", re.IGNORECASE)  # one match per link
MARKUP = re.compile(r"<\s*/?\s*[a-z][a-z0-9]*(?:\s[^<>]*)?/?\s*>|<!--|<\?|\[/?(?:url|link|img|a|b|i)\b"
                    r"|\]\(\s*\S+\)|javascript:|&#?[a-z0-9]+;", re.IGNORECASE)
# A NIK (16 digits) as written plainly or grouped by spaces or dots; a NIP (18 digits) in any spelling:
# digits grouped by any run of spaces (zero-width ones too) with up to three hyphens or dashes, dots,
# slashes, commas or underscores ("19900504 201503 2 001", "19900504 - 201503 - 2 - 001",
# "1990/05/04/…"). Two dates side by side (16 digits) remain plain text. Each punctuation mark starts
# its own group, so a failed match backtracks in linear time.
SPACE = r"[\s\u200b-\u200d\u2060\ufeff]"
MARK = r"[.,/\\_\-\u2010-\u2015\u2212\u00b7]"
LONG_NUMBER = re.compile(rf"\d(?:[ .]?\d){{15,}}|\d(?:{SPACE}*(?:{MARK}{SPACE}*){{0,3}}\d){{17,}}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: str | None, label: str, *, max_chars: int, min_chars: int = 0, max_links: int = 0,
          multiline: bool = False) -> str:
    """The trimmed text, or a `DomainError` naming the field and the problem."""
    text = CONTROL.sub("", (value or "").replace("\r\n", "\n")).strip()
    if not multiline:
        text = " ".join(text.split())
    if len(text) > max_chars:
        raise DomainError(f"{label} terlalu panjang: {thousands(len(text))} karakter, batasnya "
                          f"{thousands(max_chars)}.")
    if len(text) < min_chars:
        raise DomainError(f"{label} terlalu pendek: tulis sedikitnya {min_chars} karakter.")
    check_content(text, label, max_links)
    return text


def check_content(text: str, label: str, max_links: int) -> None:
    if MARKUP.search(text):
        raise DomainError(f"{label} tidak boleh memuat kode HTML atau markup (misalnya <a>, [url] "
                          "atau javascript:); tulis sebagai teks biasa.")
    links = len(LINK.findall(text))
    if links > max_links:
        allowed = "tidak boleh memuat tautan" if max_links == 0 else \
            f"paling banyak memuat {max_links} tautan"
        raise DomainError(f"{label} {allowed} (ditemukan {links}); ini mencegah spam tautan.")
    if LONG_NUMBER.search(text):
        raise DomainError(f"{label} tidak boleh memuat NIP, NIK atau nomor identitas lain "
                          "(16 digit atau lebih): data pribadi tidak dimuat di halaman publik.")


def mask_identity_numbers(text: str) -> str:
    """For showing refused input back: identity numbers never go out again, even to their author."""
    return LONG_NUMBER.sub("[nomor dihapus]", text or "")
