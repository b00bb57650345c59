"""The level-rule cases, shared by the Python tests (tests/assessments/test_scoring.py) and the parity test that
runs them through the page's JavaScript in chromium (tests/browser/test_level_parity.py).

ANSWER_CASES: (finding, met, level) for scoring.level_from_answers; a level missing from `met` is unanswered.
ITEM_CASES: (description, items, level) for scoring.level_from_items, items as (level, value or None).
The `every_*` generators enumerate the whole answer space, to compare the two implementations exhaustively.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator

ALL_MET = {2: True, 3: True, 4: True, 5: True}

ANSWER_CASES = [
    (True, ALL_MET, 1),                                      # a finding: Mức 1 whatever is met above
    (False, {2: False, 3: True, 4: True, 5: True}, 1),       # no finding but level 2 missed
    (False, {2: True, 3: False, 4: True, 5: True}, 2),       # stops at 2 despite 4 and 5
    (False, {2: True, 3: True, 4: False, 5: True}, 3),
    (False, {2: True, 3: True, 4: True, 5: False}, 4),
    (False, ALL_MET, 5),
    (None, {2: False}, 1),                                   # level 2 missed settles it
    (None, ALL_MET, None),                                   # finding unanswered
    (False, {2: True, 3: None, 4: True, 5: True}, None),     # level 3 unanswered
    (False, {2: True, 3: False}, 2),                         # later levels need no answer
    # Hand-worked: an unmet level k settles k−1 only once the finding and levels 2…k−1 are answered.
    (None, {2: True, 3: False}, None),                       # a finding would make it 1, none makes it 2
    (False, {3: False}, None),                               # level 2 unanswered: 1 or 2
    (False, {2: True, 4: False}, None),                      # level 3 unanswered: 2 or 3
    (None, {2: False, 3: None, 4: None, 5: None}, 1),        # level 2 missed: 1 whatever the finding
    (True, {}, 1),                                           # a finding alone settles Mức 1
    (None, {}, None),                                        # an empty answer decides nothing
    (False, {2: True, 3: True, 4: True}, None),              # level 5 unanswered: 4 or 5
]

ITEM_CASES = [
    ("one unmet item stops the criterion whatever it meets above",
     [(1, "absent"), (1, "absent"), (2, "met"), (2, "met"), (3, "met"), (3, "unmet"), (4, "met"), (5, "met")], 2),
    ("a present finding gives level 1",
     [(1, "absent"), (1, "present"), (2, "met"), (3, "met"), (4, "met"), (5, "met")], 1),
    ("not-applicable items neither block nor count",
     [(1, "absent"), (2, "met"), (2, "na"), (3, "na"), (4, "met"), (5, "unmet")], 4),
    ("an unanswered item leaves the level open",
     [(1, "absent"), (2, "met"), (3, None), (4, "met"), (5, "met")], None),
    ("an unanswered item above the level reached does not matter",
     [(1, "absent"), (2, "met"), (3, "unmet"), (4, None)], 2),
    ("a level without items is met",
     [(1, "absent"), (2, "met"), (4, "met")], 5),
    ("an unanswered finding leaves the level open",
     [(1, None), (1, "absent"), (2, "met"), (3, "met"), (4, "met"), (5, "met")], None),
    ("an unanswered finding does not hide a present one",
     [(1, None), (1, "present"), (2, None)], 1),
    ("a criterion without sub-items has no item answers: they decide nothing",
     [], None),
    ("every item unanswered decides nothing",
     [(1, None), (2, None), (3, None), (4, None), (5, None)], None),
    ("an unmet level-3 item with the finding unanswered leaves 1 or 2 open",
     [(1, None), (2, "met"), (3, "unmet"), (4, None)], None),
    ("an unmet level-3 item with level 2 half answered leaves 1 or 2 open",
     [(1, "absent"), (2, "met"), (2, None), (3, "unmet")], None),
    ("an unmet level-2 item settles Mức 1 with everything else open",
     [(1, None), (2, None), (2, "unmet"), (3, None), (4, None), (5, None)], 1),
]

MISSING = object()  # a level left out of `met` altogether


def every_answer() -> Iterator[tuple[bool | None, dict[int, bool | None]]]:
    """Every (finding, met): finding true/false/unanswered, each of Mức 2–5 true/false/unanswered/absent (768)."""
    for finding in (True, False, None):
        for values in itertools.product((True, False, None, MISSING), repeat=4):
            yield finding, {n: v for n, v in zip((2, 3, 4, 5), values) if v is not MISSING}


def every_item_list() -> Iterator[list[tuple[int, str | None]]]:
    """One item per level with every answer it can have, unanswered included (3 × 4⁴ = 768)."""
    for first in ("present", "absent", None):
        for upper in itertools.product(("met", "unmet", "na", None), repeat=4):
            yield [(1, first)] + list(zip((2, 3, 4, 5), upper))
