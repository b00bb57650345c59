"""The English catalogue is complete: every UI message the code marks has a translation that keeps
its placeholders, and the Vietnamese message ids are NFC (the form Vietnamese text is stored in)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "quality_assess" / "translations"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd%]")


def english() -> dict[str, str]:
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="en")
    assert not [m.id for m in catalog if m.id and m.fuzzy], "fuzzy entries left in the English catalogue"
    return {m.id: m.string for m in catalog if m.id}


def extracted() -> set[str]:
    """What `pybabel extract -F quality_assess/translations/babel.cfg` finds now (keywords from babel.cfg)."""
    with (TRANSLATIONS / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_an_english_translation_with_the_same_placeholders():
    catalog = english()
    assert len(catalog) > 500
    untranslated = [msgid for msgid, text in catalog.items() if not text.strip()]
    assert untranslated == []
    mismatched = [msgid for msgid, text in catalog.items() if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))]
    assert mismatched == []


def test_a_new_ui_string_without_translation_fails():
    """Run the extraction the catalogue is built from: every marked string must be in the .po."""
    found = extracted()
    assert "Lưu và tiếp" in found and "Bạn không có quyền sửa phiếu kiểm tra này." in found  # templates and domain errors
    missing = sorted(found - english().keys())
    assert missing == [], "run pybabel extract/update (see babel.cfg) and translate: " + "; ".join(missing[:20])


def test_vietnamese_message_ids_and_templates_are_nfc():
    not_nfc = [msgid for msgid in english() if unicodedata.normalize("NFC", msgid) != msgid]
    assert not_nfc == []
    templates = sorted((ROOT / "quality_assess" / "templates").rglob("*.html"))
    assert templates
    assert [str(p) for p in templates if unicodedata.normalize("NFC", t := p.read_text(encoding="utf-8")) != t] == []
