"""correct_title, the write behind the admin's title form."""
from __future__ import annotations

import unicodedata

import pytest

from quality_assess.catalog.operations import correct_title
from quality_assess.domain import ValidationError
from tests.conftest import reload, step

correct_title = step(correct_title)  # a step: runs in its own fresh session


@pytest.mark.parametrize("title, message", [
    ("  ", "không được để trống"),
    ("x" * 501, "dài quá"),
    (None, "không thay đổi"),
])
def test_a_title_that_is_empty_too_long_or_unchanged_is_refused(app, title, message, make):
    admin = make.user("admin")
    criterion = make.criterion("D1.1")
    old = criterion.title

    with pytest.raises(ValidationError) as refused:
        correct_title(criterion, old if title is None else title, admin)

    assert message in refused.value.text()
    stored = reload(app, criterion)
    assert stored.title == old and stored.title_confidence != "admin"


def test_a_corrected_title_is_stored_in_nfc(app, make):
    criterion = make.criterion("D1.1")

    correct_title(criterion, unicodedata.normalize("NFD", "Thiết lập hệ thống (thử nghiệm)"), make.user("admin"))

    assert reload(app, criterion).title == unicodedata.normalize("NFC", "Thiết lập hệ thống (thử nghiệm)")
