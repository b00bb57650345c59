"""Hypothesis strategies for hostile input: text, numbers and files a careless or malicious user could send."""
from __future__ import annotations

import io
import unicodedata
import zipfile

from hypothesis import strategies as st

VIETNAMESE = ["Khoa Hồi sức tích cực", "Bệnh viện Đa khoa tỉnh", "Tiêu chí A1.1", "Xanh – Sạch – Đẹp", "Người bệnh được chỉ dẫn"]
HOSTILE = [
    "", " ", "\t\n", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\ud7ff", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
    "'; DROP TABLE users; --", "1' OR '1'='1", "%(name)s", "{0}", "{{ 7*7 }}", "../../etc/passwd", "null", "[]", "{}", "A1.1",
    "x" * 5000, "Đ" * 300,
]

nfd_vietnamese = st.sampled_from(VIETNAMESE).map(lambda s: unicodedata.normalize("NFD", s))
text = st.one_of(
    st.sampled_from(HOSTILE),
    nfd_vietnamese,
    st.sampled_from(VIETNAMESE),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),
)

number_text = st.one_of(
    st.sampled_from(["0", "-1", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "3,60", "3.6", "1_000", "٣", "０", "2026", "99999999999999999999999"]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)

# Classes that once ended in a 500 (issue #13): integers beyond the database's (PostgreSQL's `integer` is
# 2^31 - 1, SQLite's 2^63 - 1), NUL (PostgreSQL stores none), lone surrogates (no encoder writes one; only
# a JSON escape can carry them) and JSON nested past the parser's recursion limit.
huge_integer = st.one_of(
    st.sampled_from([2**31, 2**32, 2**63, 2**64, 10**30, -(2**31) - 1, -(2**63) - 1]),
    st.integers(min_value=2**31, max_value=2**80),
)
huge_number_text = st.one_of(huge_integer.map(str), st.sampled_from(["²", "¹²", "٣", "０", "1" * 40, "99999", "10000", "0"]))
nul_text = st.one_of(
    st.sampled_from(["\x00", "A1.1\x00", "\x00A1.1", "Khoa\x00Nội", "2026\x00"]),
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map(lambda t: t[0] + "\x00" + t[1]),
)
surrogate_text = st.tuples(st.text(max_size=10), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.text(max_size=10)).map("".join)
deep_json = st.tuples(st.integers(17, 20_000), st.sampled_from(["[]", "{}"])).map(
    lambda t: ('{"items": ' + '{"a": ' * t[0] + "1" + "}" * t[0] + "}") if t[1] == "{}" else ("[" * t[0] + "]" * t[0])
)
bad_value = st.one_of(huge_number_text, nul_text)

# a value for a form field: text or number-like text
value = st.one_of(text, number_text, bad_value)

# a JSON value of any type, nested a little
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text, number_text, huge_integer, nul_text, surrogate_text)
json_value = st.recursive(json_scalar, lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(text, children, max_size=4)), max_leaves=8)


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode(encoding, errors="replace")


FAKE_XLSX = _zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets>"})
PNG_HEADER = b"\x89PNG\r\n\x1a\n"

file_bytes = st.one_of(
    st.just(b""),
    st.binary(max_size=2000),
    st.just(FAKE_XLSX),
    st.binary(max_size=400).map(lambda b: FAKE_XLSX[: max(1, len(FAKE_XLSX) // 2)] + b),  # truncated zip
    st.binary(max_size=200).map(lambda b: PNG_HEADER + b),
    st.tuples(st.lists(st.lists(text, min_size=1, max_size=6), max_size=6), st.sampled_from(["utf-8", "utf-16", "cp1258", "latin-1"])).map(
        lambda t: _csv([["phan", "chuong", "tieu_chi", "muc", "ma_tieu_muc", "tieu_muc"], *t[0]], t[1])
    ),
)
file_name = st.one_of(
    st.sampled_from(["list.xlsx", "list.csv", "photo.png", "photo.jpg", "template.json", "logo.svg", "noext", ".xlsx", "a.XLSX", "tệp.csv"]),
    text.map(lambda s: s[:60] + ".xlsx"),
)
upload = st.tuples(file_bytes, file_name)
