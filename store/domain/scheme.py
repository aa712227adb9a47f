"""The scoring scheme (考核计分办法): a small text file an office edits, a rule a line.

    weight FIGURE POINTS        points for 100% of the figure's target (权重)
    cap PERCENT                 completion counts up to this, every figure (上限)
    cap FIGURE PERCENT          ... or one figure's
    bonus SIZE POINTS           per project signed in the period at or over the size; a
                                project earns its highest band only (加分)
    deduct late_start POINTS    per project past its planned start and not started (扣分)
    deduct missing_report POINTS  per month a project owed a monthly report and has none
    exclude below SIZE          不予认定: projects signed below the size count for nothing
    exclude origin WORD         ... whose investor's origin holds the word (本地: local capital)
    exclude investor WORD       ... whose investor's name holds the word (政府: public works)
    red top N [met]             红榜: the first N, only those behind on no weighted figure
    black bottom N [missed]     黑榜: the last N, only those behind on a weighted figure

A figure is a key (signed_amount_yuan) or its Chinese name (签约额); a size is an amount
(10亿, 500万); # starts a comment. A line that cannot be read is refused naming its number
and why. The score is the sum of weight x min(completion, cap) over the weighted figures,
plus bonuses, less deductions: exact, as a Fraction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from store.domain.targets import FIGURES_IN_CHINESE, TARGET_FIGURES, Progress
from store.errors import UserError
from store.labels import Refusal
from store.money import Unit, format_amount, parse_amount

DEDUCTIONS = ("late_start", "missing_report")

DEFAULT_SCHEME = """\
# investtrack 默认考核计分办法 (the default scheme); a rule a line, # starts a comment
weight signed_amount_yuan 40     # 签约额: 40 points at 100% of target
weight funds_in_place_yuan 40    # 到位资金
weight signed_count 20           # 签约项目数
cap 120%                         # completion counts up to 120%
bonus 10亿 2                      # per project of 10亿 or more signed in the period
bonus 50亿 5                      # of 50亿 or more (its highest band only)
deduct late_start 1              # per project past its planned start, not started
deduct missing_report 1          # per month a project owed a monthly report and has none
exclude below 500万               # projects signed under 500万 count for nothing
red top 3 met                    # 红榜: the first 3 behind on no weighted figure
black bottom 4 missed            # 黑榜: the last 4 behind on a weighted figure
"""

# the words an office may write for the keywords
_KEYWORDS = {
    "权重": "weight",
    "上限": "cap",
    "封顶": "cap",
    "加分": "bonus",
    "扣分": "deduct",
    "不予认定": "exclude",
    "红榜": "red",
    "黑榜": "black",
}
_DEDUCTION_WORDS = {"逾期未开工": "late_start", "未报月报": "missing_report"}
_EXCLUSION_WORDS = {"低于": "below", "来源地": "origin", "投资方": "investor"}


@dataclass(frozen=True)
class ListRule:
    """Who goes on a list: N from the top (red) or the bottom (black), and whether only
    those who met every weighted target so far (met) or missed one (missed)."""

    count: int
    condition: str | None  # "met", "missed" or None (anyone)


@dataclass
class Scheme:
    weights: dict[str, Fraction] = field(default_factory=dict)
    caps: dict[str | None, Fraction] = field(default_factory=dict)  # None: every figure
    bonuses: dict[int, Fraction] = field(default_factory=dict)  # size in yuan: points
    deductions: dict[str, Fraction] = field(default_factory=dict)
    exclude_below_yuan: int = 0
    exclude_origins: tuple[str, ...] = ()
    exclude_investors: tuple[str, ...] = ()
    red: ListRule | None = None
    black: ListRule | None = None

    def cap(self, figure: str) -> Fraction | None:
        return self.caps.get(figure, self.caps.get(None))


def _refused(number: int, line: str, chinese: str, english: str) -> Refusal:
    return Refusal(
        f"考核办法第 {number} 行 {line.strip()!r}：{chinese}",
        f"scheme line {number} {line.strip()!r}: {english}",
    )


def _figure(text: str) -> str:
    figure = FIGURES_IN_CHINESE.get(text, text)
    if figure not in TARGET_FIGURES:
        raise ValueError(f"unknown figure {text!r}: use {', '.join(TARGET_FIGURES)}")
    return figure


def _number(text: str) -> Fraction:
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {text!r}") from None
    if value < 0:
        raise ValueError(f"negative: {text!r}")
    return value


def _percent(text: str) -> Fraction:
    return _number(text[:-1]) / 100 if text.endswith("%") else _number(text)


def _size(text: str) -> int:
    try:
        return parse_amount(text, Unit.YI)
    except UserError as error:
        raise ValueError(str(error)) from None


def parse_scheme(text: str) -> Scheme:
    """The scheme a text file states; Refusal naming the first line it cannot read."""
    scheme = Scheme()
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        keyword = _KEYWORDS.get(words[0], words[0].lower())
        try:
            _apply(scheme, keyword, words[1:])
        except ValueError as error:
            raise _refused(number, line, _in_chinese(str(error)), str(error)) from None
    if not scheme.weights:
        raise Refusal(
            "考核办法未给出任何指标的权重（weight 行）",
            "the scheme weights no figure (no weight line)",
        )
    return scheme


def _in_chinese(reason: str) -> str:
    """The reason for a line refused, its leading words in Chinese where they are known."""
    for english, chinese in (
        ("unknown figure", "未知指标"),
        ("not a number", "不是数字"),
        ("negative", "不能为负"),
        ("unknown rule", "未知规则"),
        ("expected", "格式应为"),
        ("given twice", "重复给出"),
    ):
        if reason.startswith(english):
            return chinese + reason[len(english) :]
    return reason


def _expect(words: list[str], counts: tuple[int, ...], form: str) -> None:
    if len(words) not in counts:
        raise ValueError(f"expected {form}")


def _once(table: Mapping[Any, Fraction], key: object, what: str) -> None:
    if key in table:
        raise ValueError(f"given twice: {what}")


def _apply(scheme: Scheme, keyword: str, words: list[str]) -> None:
    if keyword == "weight":
        _expect(words, (2,), "weight FIGURE POINTS")
        figure = _figure(words[0])
        _once(scheme.weights, figure, figure)
        scheme.weights[figure] = _number(words[1])
    elif keyword == "cap":
        _expect(words, (1, 2), "cap [FIGURE] PERCENT")
        capped = _figure(words[0]) if len(words) == 2 else None
        _once(scheme.caps, capped, capped or "cap")
        scheme.caps[capped] = _percent(words[-1])
    elif keyword == "bonus":
        _expect(words, (2,), "bonus SIZE POINTS")
        size = _size(words[0])
        _once(scheme.bonuses, size, f"bonus {format_amount(size)}亿")
        scheme.bonuses[size] = _number(words[1])
    elif keyword == "deduct":
        _expect(words, (2,), f"deduct {'|'.join(DEDUCTIONS)} POINTS")
        name = _DEDUCTION_WORDS.get(words[0], words[0])
        if name not in DEDUCTIONS:
            raise ValueError(f"unknown rule {words[0]!r}: deduct {' or '.join(DEDUCTIONS)}")
        _once(scheme.deductions, name, name)
        scheme.deductions[name] = _number(words[1])
    elif keyword == "exclude":
        _exclusion(scheme, words)
    elif keyword in ("red", "black"):
        _list_rule(scheme, keyword, words)
    else:
        raise ValueError(
            f"unknown rule {keyword!r}: use weight, cap, bonus, deduct, exclude, red or black"
        )


def _exclusion(scheme: Scheme, words: list[str]) -> None:
    _expect(words, (2,), "exclude below SIZE | origin WORD | investor WORD")
    kind = _EXCLUSION_WORDS.get(words[0], words[0])
    if kind == "below":
        scheme.exclude_below_yuan = _size(words[1])
    elif kind == "origin":
        scheme.exclude_origins = (*scheme.exclude_origins, words[1])
    elif kind == "investor":
        scheme.exclude_investors = (*scheme.exclude_investors, words[1])
    else:
        raise ValueError(f"unknown rule {words[0]!r}: exclude below, origin or investor")


def _list_rule(scheme: Scheme, keyword: str, words: list[str]) -> None:
    side = "top" if keyword == "red" else "bottom"
    form = f"{keyword} {side} N [met|missed]"
    _expect(words, (2, 3), form)
    if words[0] != side or not words[1].isdigit():
        raise ValueError(f"expected {form}")
    condition = words[2] if len(words) == 3 else None
    if condition not in (None, "met", "missed"):
        raise ValueError(f"expected {form}")
    if getattr(scheme, keyword) is not None:
        raise ValueError(f"given twice: {keyword}")
    setattr(scheme, keyword, ListRule(int(words[1]), condition))


@dataclass(frozen=True)
class Score:
    """A unit's score and its parts: each weighted figure's points, bonuses, deductions."""

    figures: dict[str, Fraction]
    bonus: Fraction
    deduction: Fraction

    @property
    def total(self) -> Fraction:
        return sum(self.figures.values(), Fraction(0)) + self.bonus - self.deduction


def score(
    scheme: Scheme,
    progresses: Mapping[str, Progress],
    at_least: Mapping[int, int],
    deducted: Mapping[str, int],
) -> Score:
    """The scheme applied to one unit. at_least: for each bonus size, the unit's projects
    signed in the period at or over it; deducted: the count each deduction is made for."""
    figures: dict[str, Fraction] = {}
    for figure, weight in scheme.weights.items():
        completion = progresses[figure].completion if figure in progresses else None
        if completion is None:
            figures[figure] = Fraction(0)
            continue
        cap = scheme.cap(figure)
        figures[figure] = weight * (completion if cap is None else min(completion, cap))
    bonus = Fraction(0)
    sizes = sorted(scheme.bonuses)
    for place, low in enumerate(sizes):
        higher = at_least.get(sizes[place + 1], 0) if place + 1 < len(sizes) else 0
        in_band = at_least.get(low, 0) - higher
        bonus += in_band * scheme.bonuses[low]
    deduction = sum(
        (points * deducted.get(name, 0) for name, points in scheme.deductions.items()), Fraction(0)
    )
    return Score(figures, bonus, deduction)


def missed(scheme: Scheme, progresses: Mapping[str, Progress]) -> bool:
    """Behind schedule on a weighted figure that has a target."""
    return any(progresses[f].behind for f in scheme.weights if f in progresses)
