"""correct_title, the write behind the admin's title form."""
from __future__ import annotations

import unicodedata

import pytest

from quality_assess.catalog.operations import correct_title
from quality_assess.domain import ValidationError


@pytest.mark.parametrize("title, message", [
    ("  ", "không được để trống"),
    ("x" * 501, "dài quá"),
    (None, "không thay đổi"),
])
def test_a_title_that_is_empty_too_long_or_unchanged_is_refused(title, message, make):
    admin = make.user("admin")
    criterion = make.criterion("D1.1")
    old = criterion.title

    with pytest.raises(ValidationError) as refused:
        correct_title(criterion, old if title is None else title, admin)

    assert message in refused.value.text()
    assert criterion.title == old and criterion.title_confidence != "admin"


def test_a_corrected_title_is_stored_in_nfc(make):
    criterion = make.criterion("D1.1")

    correct_title(criterion, unicodedata.normalize("NFD", "Thiết lập hệ thống (thử nghiệm)"), make.user("admin"))

    assert criterion.title == unicodedata.normalize("NFC", "Thiết lập hệ thống (thử nghiệm)")
