"""Tests for decode.decode_raw: every kind of bad input a scrape folder holds."""

from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.text.decode import decode_raw

RAW = Path(__file__).parent / "data" / "raw"
SEEDS = sorted((Path(__file__).parent.parent / "content" / "raw").glob("*.txt"))


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"", "", "utf-8"),
        ("Plain “quoted” text".encode(), "Plain “quoted” text", "utf-8"),
        (b"\xef\xbb\xbfFirst line\r\nSecond line\r\n", "First line\nSecond line\n", "utf-8"),
        (b"Old Mac\rline ends\r", "Old Mac\nline ends\n", "utf-8"),
        ("Caf\u00e9 \u2013 \u201cyes\u201d".encode("cp1252"), "Café – “yes”", "cp1252"),
        ("na\u00efve".encode("latin-1"), "naïve", "cp1252"),
        (
            "utf-8 line é\n".encode() + "cp1252 line é".encode("cp1252"),
            "utf-8 line é\ncp1252 line é",
            "mixed utf-8 and cp1252",
        ),
        ("It\u00e2\u20ac\u2122s fixed".encode(), "It’s fixed", "utf-8"),
        ("Bonjour, ça va".encode("utf-16"), "Bonjour, ça va", "utf-16"),
    ],
)
def test_decodes_text(data, text, encoding):
    decoded = decode_raw(data)
    assert (decoded.text, decoded.encoding, decoded.is_binary) == (text, encoding, False)


@pytest.mark.parametrize(
    ("data", "text", "warning"),
    [
        (b"A NUL\x00 inside", "A NUL inside", "NUL"),
        (b"Bell\x07 and escape\x1b", "Bell and escape", "control"),
        ("zero\u200bwidth\u200d join\ufeff".encode(), "zerowidth join", "zero-width"),
        (
            "bidi \u202ereversed\u202c and \u2067isolate\u2069".encode(),
            "bidi reversed and isolate",
            "text-direction",
        ),
        ("Itâ€™s".encode(), "It’s", "mojibake"),
        ("é".encode("cp1252"), "é", "Windows-1252"),
    ],
)
def test_cleans_and_warns(data, text, warning):
    decoded = decode_raw(data)
    assert decoded.text == text
    assert any(warning in w for w in decoded.warnings), decoded.warnings


def test_smart_quotes_and_good_accents_are_left_alone():
    text = "“Déjà vu”, she said — it’s naïve. Ελληνικά, русский, العربية."
    assert decode_raw(text.encode()).text == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"%PDF-1.7\n" + bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        b"\x1f\x8b\x08\x00" + bytes(200),
        # valid UTF-8 that is garbage: random code points, symbol soup, base64
        "".join(chr(0x100 + (i * 7919) % 50000) for i in range(3000)).encode(),
        ("§±¶©®°" * 200).encode(),
        b"QmxpbmtlbiB3ZWxjb21lcyBob3BlZnVsIHNpZ24gb2YgR2F6YSBjZWFzZWZpcmUgcHJvZ3Jlc3M0NTY3ODk" * 30,
    ],
)
def test_binary_is_detected(data):
    decoded = decode_raw(data)
    assert decoded.is_binary and decoded.text == ""
    assert any("binary" in w for w in decoded.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "日本語のテキストです。これは普通の文章です。" * 40,
        "Short.",
        "Ціна газу зросла вдвічі. " * 40,
    ],
)
def test_real_text_is_not_binary(text):
    assert not decode_raw(text.encode()).is_binary


def test_html_page_saved_as_text_is_recognised_and_kept_for_the_html_reader():
    data = (RAW / "html_page.txt").read_bytes()
    decoded = decode_raw(data)
    # No converter here: the reader sends the markup to text/html.py (see test_html.py).
    assert decoded.is_html and decoded.text == data.decode("utf-8") and decoded.warnings == []


def test_tag_dense_fragment_without_doctype_is_html():
    fragment = (
        "<div><p>One para.</p><p>Two <em>para</em>.</p><script>x()</script><p>Three.</p></div>"
    )
    decoded = decode_raw(fragment.encode())
    assert decoded.is_html and decoded.text == fragment


def test_text_with_a_few_angle_brackets_is_not_html():
    assert not decode_raw(b"If a < b and c > d then <b> is bold.").is_html


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_decode_cleanly(path):
    decoded = decode_raw(path.read_bytes())
    assert (decoded.encoding, decoded.is_binary, decoded.is_html, decoded.warnings) == (
        "utf-8",
        False,
        False,
        [],
    )


@pytest.mark.parametrize(
    "data",
    [
        ("word " * 40000).encode(),  # a single 200,000-character line
        ("x" * 200000).encode(),
        ("<" * 200000).encode(),
        ("The quick “brown” fox said ‘no’. " * 30 + "\n\n").encode() * 5000,  # about 5 MB
        ("Caf\u00e9 " * 40 + "\n").encode("cp1252") * 25000,
    ],
    ids=["200k-words", "200k-x", "200k-angle", "5MB", "1MB-cp1252"],
)
def test_large_inputs_are_decoded(data):
    decoded = decode_raw(data)
    assert decoded.text or decoded.is_binary


def test_never_raises_on_odd_inputs():
    for data in (b"\xff", b"\xfe\xff", b"\x00", b"\r", b"\xef\xbb\xbf", bytes([0x81, 0x8D])):
        decode_raw(data)
