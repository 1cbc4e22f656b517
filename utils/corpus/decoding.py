"""Decoding file content: UTF-8 (a few bad bytes repaired), byte-order marks, legacy code pages."""
from __future__ import annotations

import re
from pathlib import Path

def decode_bytes(data: bytes) -> tuple[str | None, str, str | None]:
    """Decode file content.

    Returns ``(text, encoding, problem)``: text is ``None`` when the bytes are
    not text (binary); ``problem`` names a repair (a fallback encoding, a
    removed byte-order mark, repaired bytes) or is ``None``.

    - A UTF-16 or UTF-32 byte-order mark decodes the file in that encoding.
    - UTF-8 with a few invalid bytes stays UTF-8: only those bytes are
      repaired (each read as its cp1252 character, U+FFFD where cp1252 has
      none) and their byte offsets are reported.
    - Only a file that is mostly not UTF-8 (no more valid multi-byte UTF-8
      characters than invalid bytes) is decoded with a detected code page.

    >>> decode_bytes("£3".encode("cp1252"))
    ('£3', 'cp1252', 'not valid UTF-8; decoded as cp1252')
    >>> decode_bytes(b"\\x00\\x01\\x02binary")[0] is None
    True
    >>> decode_bytes("“a” b".encode("utf-8") + b"\\x93")[0]
    '“a” b“'
    """
    wide = _decode_wide(data)
    if wide is not None:
        return wide
    if _looks_binary(data):
        return None, "", "binary file (NUL or control bytes)"
    bom = data.startswith(b"\xef\xbb\xbf")
    body, enc = (data[3:], "utf-8-sig") if bom else (data, "utf-8")
    note = "UTF-8 byte-order mark removed" if bom else None
    try:
        return body.decode("utf-8"), enc, note
    except UnicodeDecodeError:
        pass
    repaired = _repair_utf8(body, offset=3 if bom else 0)
    if repaired is not None:
        return repaired[0], enc, "; ".join(p for p in (note, repaired[1]) if p)
    enc = _detect_encoding(data)
    try:
        return data.decode(enc), enc, f"not valid UTF-8; decoded as {enc}"
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252", (
            "not valid UTF-8; decoded as cp1252 with replacement characters"
        )


#: Byte-order marks of the wide encodings (UTF-32 first: its LE mark starts like UTF-16's).
_WIDE_BOMS = [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
#: Invalid bytes as ``surrogateescape`` decoding leaves them (U+DC80..U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode_wide(data: bytes) -> tuple[str, str, str] | None:
    """Decode UTF-16/UTF-32 content that starts with its byte-order mark
    (``None`` without one)."""
    for bom, enc in _WIDE_BOMS:
        if data.startswith(bom):
            name = enc[:6].upper()
            try:
                return data[len(bom):].decode(enc), enc, f"{name} byte-order mark removed; decoded as {enc}"
            except UnicodeDecodeError:
                return (data[len(bom):].decode(enc, errors="replace"), enc,
                        f"{name} byte-order mark removed; decoded as {enc} with replacement characters")
    return None


def _byte_char(b: int) -> str:
    """One byte read as cp1252 (U+FFFD for the five bytes cp1252 leaves undefined)."""
    return bytes([b]).decode("cp1252", errors="replace")


def _repair_utf8(data: bytes, *, offset: int = 0) -> tuple[str, str] | None:
    """Decode UTF-8 that holds a few invalid bytes, repairing just those bytes
    (see :func:`decode_bytes`); ``None`` when the data is mostly not UTF-8.
    Returns ``(text, problem)``; the problem lists the bytes' offsets (from
    ``offset``, the start of the file)."""
    s = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(s)]
    valid_multibyte = len(s) - len(s.encode("ascii", "ignore")) - len(bad)
    if valid_multibyte < len(bad):
        return None
    offsets, pos_b, pos_c = [], offset, 0
    for i in bad:
        pos_b += len(s[pos_c:i].encode("utf-8", "surrogateescape"))
        offsets.append(pos_b)
        pos_c = i
    where = ", ".join(map(str, offsets[:10])) + (f" and {len(offsets) - 10} more" if len(offsets) > 10 else "")
    text = _ESCAPED.sub(lambda m: _byte_char(ord(m.group()) - 0xDC00), s)
    plural = "s" if len(bad) > 1 else ""
    return text, (f"{len(bad)} byte{plural} not valid UTF-8 at byte offset{plural} {where}, read as cp1252; "
                  "the rest decoded as UTF-8")


def _path_str(p: str | Path) -> str:
    """``str(p)`` safe to write: bytes of a file name that are not UTF-8
    (``surrogateescape`` characters) are read as cp1252."""
    s = str(p)
    if not _SURROGATE.search(s):
        return s
    return _SURROGATE.sub("\ufffd", _ESCAPED.sub(lambda m: _byte_char(ord(m.group()) - 0xDC00), s))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def _detect_encoding(data: bytes) -> str:
    """Best guess of a legacy encoding. News text in Western European
    languages is overwhelmingly cp1252, which charset-normalizer sometimes
    mistakes for rarer code pages on short texts, so cp1252 wins when it
    decodes cleanly."""
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return best.encoding
    except Exception:  # detection is a best effort; fall through
        pass
    return "latin-1"
