"""The scoring scheme: read from the office's text, applied by hand-checked arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest

from store.domain.scheme import DEFAULT_SCHEME, ListRule, parse_scheme, score
from store.domain.targets import Progress
from store.labels import Lang, Refusal, said

YI = 100_000_000

SCHEME = """\
# 招商引资考核计分办法
weight 签约额 50        # signed amount / target x 50, capped at 50
cap signed_amount_yuan 100%
weight signed_count 50
加分 10亿 2
bonus 50亿 5
deduct late_start 1
红榜 top 2 met
black bottom 1 missed
"""


def test_a_scheme_with_a_cap_a_bonus_and_a_deduction_scored_by_hand() -> None:
    scheme = parse_scheme(SCHEME)
    progresses = {
        # 30亿 of a 20亿 target: 150%, capped at 100% -> 50 points
        "signed_amount_yuan": Progress(Fraction(20 * YI), 30 * YI, Fraction(1)),
        # 3 of 4 projects: 75% of 50 -> 37.5 points (no cap for this figure)
        "signed_count": Progress(Fraction(4), 3, Fraction(1)),
    }
    # two projects of 10亿 or more, one of them of 50亿 or more: 2 + 5; two late starts: -2
    scored = score(scheme, progresses, {10 * YI: 2, 50 * YI: 1}, {"late_start": 2})
    assert scored.figures == {"signed_amount_yuan": 50, "signed_count": Fraction(75, 2)}
    assert scored.bonus == 7
    assert scored.deduction == 2
    assert scored.total == Fraction(185, 2)  # 50 + 37.5 + 7 - 2 = 92.5
    assert scheme.red == ListRule(2, "met")
    assert scheme.black == ListRule(1, "missed")


def test_a_figure_without_a_target_scores_nothing() -> None:
    scheme = parse_scheme("weight funds_in_place_yuan 40\ncap 120%")
    over = {"funds_in_place_yuan": Progress(Fraction(10), 20, Fraction(1))}
    assert score(scheme, over, {}, {}).total == 48  # 200% capped at 120%
    assert score(scheme, {}, {}, {}).total == 0


def test_the_default_scheme_reads() -> None:
    scheme = parse_scheme(DEFAULT_SCHEME)
    assert scheme.weights == {
        "signed_amount_yuan": 40,
        "funds_in_place_yuan": 40,
        "signed_count": 20,
    }
    assert scheme.cap("signed_count") == Fraction(6, 5)
    assert scheme.exclude_below_yuan == 5_000_000
    assert set(scheme.deductions) == {"late_start", "missing_report"}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("weight signed_count 50\nweight 签约额 abc", 2, "not a number: 'abc'"),
        ("weight signed_count 50\n\n# note\nbonus 10亿", 4, "expected bonus SIZE POINTS"),
        ("weight signed_count 50\nweight signed_count 20", 2, "given twice"),
        ("weight 签约率 50", 1, "unknown figure '签约率'"),
        ("weight signed_count 50\ndeduct lateness 1", 2, "unknown rule 'lateness'"),
        ("weight signed_count 50\nbonus 10千万 1", 2, "not an amount"),
        ("weight signed_count 50\nred bottom 3", 2, "expected red top N"),
        ("weigh signed_count 50", 1, "unknown rule 'weigh'"),
    ],
)
def test_a_bad_line_is_named_with_its_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_scheme(text)
    assert f"scheme line {line} " in str(refused.value)
    assert reason in str(refused.value)
    assert f"考核办法第 {line} 行" in said(refused.value, Lang.ZH)


def test_a_scheme_that_weights_nothing_is_refused() -> None:
    with pytest.raises(Refusal, match="weights no figure"):
        parse_scheme("cap 100%\n")
