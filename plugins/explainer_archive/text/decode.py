"""Turn the bytes of a raw scraped file into clean Unicode text.

Scraped files arrive in every state: UTF-8 with or without a byte-order mark, Windows-1252,
a mix of both line by line, mojibake, Windows or old-Mac line ends, stray NUL bytes, invisible
zero-width and direction-control characters, whole HTML pages saved as .txt (recognised
here, read by text/html.py), and now and then something that is not text at all. `decode_raw`
copes with all of these without raising and says what it did in plain sentences. Everything
here is linear in the size of the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# ftfy is imported by _fix_mojibake, when a file is read, so a rebuild that reads no raw
# file never loads it.


@dataclass
class DecodedText:
    """The text of a raw file and notes on how it was read."""

    text: str
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    is_binary: bool = False
    is_html: bool = False


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Signatures of common binary formats that sometimes end up in a scrape folder.
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"MZ",
    b"Rar!",
    b"7z\xbc\xaf",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",
)
# C0 control bytes other than tab, line feed, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SAMPLE_BYTES = 65536
_SAMPLE_CHARS = 20000

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)?<(?:!doctype\s+html|html[\s>])",
    re.I | re.S,
)
# Bounded attribute run keeps the scan linear even on a huge line full of "<".
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]{0,10})(?:\s[^<>]{0,500})?/?>")
_KNOWN_TAGS = _names(
    "a abbr article aside b blockquote body br div em figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 head header hr html i iframe img input li link main meta nav noscript ol p "
    "picture script section small source span strong style sup svg table tbody td th thead "
    "title tr u ul"
)
_BLOCK_TAGS = _names(
    "article blockquote body br div figure footer h1 h2 h3 h4 h5 h6 header li main nav ol p "
    "section table td th tr ul"
)


def decode_raw(data: bytes) -> DecodedText:
    """Decode the bytes of a raw file into normalised text, never raising."""
    try:
        return _decode_raw(data)
    except Exception as exc:  # defensive: a decoder bug must not stop a site build
        text = bytes(data or b"").decode("utf-8", errors="replace")
        note = (
            f"Decoding failed unexpectedly ({type(exc).__name__}); "
            "the text was read with replacement characters."
        )
        return DecodedText(text=text, encoding="utf-8", warnings=[note])


def decode_text(
    text: str,
    encoding: str = "utf-8",
    warnings: list[str] | None = None,
    detect_garbage: bool = True,
) -> DecodedText:
    """Normalise decoded text: line ends, controls, invisibles, mojibake and garbage; flag
    an HTML page (`is_html`), whose markup is kept for the HTML reader."""
    warnings = list(warnings or [])
    try:
        return _normalise(text, encoding, warnings, detect_garbage)
    except Exception as exc:  # defensive, as above
        warnings.append(
            f"Text normalisation failed unexpectedly ({type(exc).__name__}); "
            "the text was kept as it was."
        )
        return DecodedText(text=text, encoding=encoding, warnings=warnings)


def _decode_raw(data: bytes) -> DecodedText:
    data = bytes(data or b"")
    if not data:
        return DecodedText(text="", encoding="utf-8", warnings=[])
    warnings: list[str] = []

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data.decode("utf-16", errors="replace"), "utf-16", warnings)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the byte-order mark carries no text; dropping it is routine
        if not data:  # a file holding only the mark is empty
            return DecodedText(text="", encoding="utf-8", warnings=[])

    sample = data[:_SAMPLE_BYTES]
    if sample.startswith(_MAGIC):
        return _binary("it starts with the signature of a binary file format", warnings)
    utf16 = _looks_utf16(sample)
    if utf16:
        return decode_text(data.decode(utf16, errors="replace"), utf16, warnings)
    control_share = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) / len(sample)
    control_count = round(control_share * len(sample))
    # A few stray controls (NULs from a bad copy) are cleaned later; many mean binary data.
    if control_share > 0.05 and control_count >= 8:
        return _binary(f"{control_share:.0%} of its first bytes are control characters", warnings)

    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding, fallback_lines = _decode_per_line(data)
        verb = "line was" if fallback_lines == 1 else "lines were"
        warnings.append(f"{fallback_lines} {verb} not valid UTF-8 and read as Windows-1252.")
    return decode_text(text, encoding, warnings)


def _decode_per_line(data: bytes) -> tuple[str, str, int]:
    """Decode UTF-8 line by line, falling back to Windows-1252 (then Latin-1) for bad lines."""
    parts: list[str] = []
    fallback = 0
    non_ascii = 0
    for line in data.split(b"\n"):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        non_ascii += 1
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            fallback += 1
            parts.append(_decode_cp1252(line))
    encoding = "cp1252" if fallback == non_ascii else "mixed utf-8 and cp1252"
    return "\n".join(parts), encoding, fallback


def _decode_cp1252(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 reads every byte (stray C1s go later).
        return line.decode("latin-1")


def _looks_utf16(sample: bytes) -> str:
    """Return "utf-16-le"/"utf-16-be" when the sample is ASCII-range UTF-16 without a BOM."""
    if len(sample) < 8:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return ""


def _binary(reason: str, warnings: list[str], encoding: str = "binary") -> DecodedText:
    warnings.append(f"The file looks binary, not text ({reason}), so no text was taken from it.")
    return DecodedText(text="", encoding=encoding, warnings=warnings, is_binary=True)


def _normalise(
    text: str, encoding: str, warnings: list[str], detect_garbage: bool = True
) -> DecodedText:
    text = text.lstrip("\ufeff")
    text = _NEWLINES.sub("\n", text)

    nul_count = text.count("\x00")
    text, control_count = _CONTROLS.subn("", text)
    if nul_count:
        warnings.append(f"Removed {nul_count} NUL byte{'s' if nul_count != 1 else ''}.")
    if control_count - nul_count > 0:
        n = control_count - nul_count
        warnings.append(f"Removed {n} other control character{'s' if n != 1 else ''}.")
    text, invisible_count = _INVISIBLE.subn("", text)
    if invisible_count:
        warnings.append(
            f"Removed {invisible_count} invisible zero-width or text-direction "
            f"character{'s' if invisible_count != 1 else ''}."
        )

    text, fixed_lines = _fix_mojibake(text)
    if fixed_lines:
        warnings.append(
            f"Repaired mis-decoded characters (mojibake) on {fixed_lines} "
            f"line{'s' if fixed_lines != 1 else ''}."
        )

    # An HTML page (saved as .txt too) keeps its markup: the reader sends it to text/html.py.
    is_html = _looks_like_html(text)
    garbage = _garbage_reason(text) if detect_garbage and not is_html else ""
    if garbage:
        return _binary(garbage, warnings, encoding)
    return DecodedText(text=text, encoding=encoding, warnings=warnings, is_html=is_html)


def _fix_mojibake(text: str) -> tuple[str, int]:
    """Repair mojibake with ftfy, only on lines its badness heuristic flags."""
    if text.isascii():
        return text, 0
    from ftfy import badness, fix_encoding  # see the note at the imports

    lines = text.split("\n")
    fixed = 0
    for i, line in enumerate(lines):
        # ftfy's badness check is slow, so only lines with a likely mojibake pair get it.
        if line.isascii() or not _MOJIBAKE_HINT.search(line) or not badness.is_bad(line):
            continue
        repaired = fix_encoding(line)
        if repaired != line:
            lines[i] = repaired
            fixed += 1
    return ("\n".join(lines), fixed) if fixed else (text, 0)


def _looks_like_html(text: str) -> bool:
    head = text[:_SAMPLE_CHARS]
    if _HTML_START.match(head):
        return True
    if head.count("<") < 5:
        return False
    tags = [m for m in _TAG.finditer(head) if m.group(1).lower() in _KNOWN_TAGS]
    if len(tags) < 5:
        return False
    # A page has block structure; prose quoting a few <script>/<img>/<a> tags (an injection
    # attempt, a tech story) has none, and must stay text rather than lose its line breaks.
    if sum(1 for m in tags if m.group(1).lower() in _BLOCK_TAGS) < 3:
        return False
    markup = sum(m.end() - m.start() for m in tags)
    return markup / max(1, len(head.strip())) >= 0.1


def _garbage_reason(text: str) -> str:
    """Explain why valid text looks like garbage rather than prose, or return ""."""
    head = text[:_SAMPLE_CHARS]
    tokens = head.split()
    sample = "".join(tokens)
    if len(sample) < 40:
        return ""
    if sample.count("\ufffd") / len(sample) > 0.1:
        return "it is full of undecodable bytes"
    # ASCII, most of any English text, is counted with bytes.translate; only the other
    # characters need unicodedata (a per-character loop costs ms per article).
    ascii_part = sample.encode("ascii", "ignore")
    letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    unusual = len(ascii_part) - len(ascii_part.translate(None, _ASCII_UNUSUAL))
    scripts: Counter[str] = Counter()
    if letters:
        scripts["LATIN"] = letters
    for ch in sample:
        if ch < "\x80":
            continue
        category = unicodedata.category(ch)
        if category[0] == "L":
            letters += 1
            scripts[unicodedata.name(ch, "UNKNOWN ?").split(" ")[0]] += 1
        elif category in ("Co", "Cn", "Cs", "Cc", "Cf", "So", "Sk", "Mn"):
            unusual += 1
    if unusual / len(sample) > 0.3:
        return "most of its characters are symbols, marks or unassigned code points"
    if letters / len(sample) < 0.4:
        return "too few of its characters are letters"
    if len(scripts) >= 8 and scripts.most_common(1)[0][1] < 0.8 * letters:
        return "its letters jumble many unrelated writing systems"
    if scripts.most_common(1)[0][0] in _UNSPACED_SCRIPTS:
        return ""  # these scripts do not separate words with spaces
    wordlike = sum(len(t) for t in tokens if _WORD.match(t.strip(_EDGE_PUNCTUATION)))
    if wordlike / len(sample) < 0.5 and _prose_lines(head) < 3:
        # Several lines of plain words are prose, whatever code or markup sits between them.
        return "too little of it is made of word-like tokens"
    return ""


def _prose_lines(text: str) -> int:
    """How many lines hold eight or more words, at least three in four of their tokens."""
    count = 0
    for line in text.split("\n"):
        tokens = line.split()
        if len(tokens) < 8:
            continue
        words = sum(1 for t in tokens if _WORD.match(t.strip(_EDGE_PUNCTUATION)))
        if words >= 8 and words * 4 >= len(tokens) * 3:
            count += 1
    return count


_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
# ASCII characters of the categories counted as unusual below: controls and ^ `.
_ASCII_UNUSUAL = bytes([*range(0, 32), 127]) + b"^`"
_UNSPACED_SCRIPTS = _names("CJK HIRAGANA KATAKANA THAI LAO KHMER MYANMAR TIBETAN")
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()[]{}«»…—–-*•"
_WORD = re.compile(r"[^\W\d_]+(?:[.'’\-][^\W\d_]+)*\Z")
