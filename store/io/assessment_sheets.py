"""The export's assessment sheets, when the as-of date's year has targets: 任务完成情况 (each
unit's target, actual, completion, 序时进度 and points ahead, figure by figure) and 考核排名
(each kind of unit ranked by its score under the default scheme, with the red and black
lists). The year to the export's as-of date, as `investtrack assess` gives it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from store.domain.scheme import DEFAULT_SCHEME, parse_scheme
from store.domain.targets import MONEY, TARGET_FIGURES, UNIT_KINDS, parse_target_period
from store.exporter import header
from store.io.sheet_tables import dated_title
from store.io.sheet_writer import SheetWriter, column_sheet
from store.labels import Lang, in_language, word
from store.money import Unit

if TYPE_CHECKING:
    from store.queries.assessment import Assessment
    from store.service import Store

ASSESSMENT_SHEETS = {
    "completion": ("任务完成情况", "Target completion"),
    "ranking": ("考核排名", "Assessment ranking"),
}
COMPLETION_COLUMNS: list[tuple[str, str]] = [
    ("unit_kind", "text"),
    ("target_unit", "text"),
    ("figure", "text"),
    ("target", "decimal"),
    ("actual", "decimal"),
    ("completion", "rate"),
    ("schedule", "rate"),
    ("points_ahead", "points"),
]
RANKING_COLUMNS: list[tuple[str, str]] = [
    ("unit_kind", "text"),
    ("rank", "int"),
    ("target_unit", "text"),
    ("score", "decimal"),
    ("bonus", "decimal"),
    ("deduction", "decimal"),
    ("missed", "text"),
    ("red_list", "text"),
    ("black_list", "text"),
]


def write_assessment_sheets(
    store: Store,
    book: Any,
    formats: dict[str, Any],
    lang: Lang,
    unit: Unit,
    as_of: date,
    office: str,
) -> None:
    """Both sheets, after the workbook's others; none when the year has no target."""
    if not store.targets(as_of.year):
        return
    scheme = parse_scheme(DEFAULT_SCHEME)
    year = parse_target_period(str(as_of.year))
    assessed = [store.assess(year, as_of, kind, scheme) for kind in UNIT_KINDS]
    assessed = [result for result in assessed if result.units]

    def writer(key: str, columns: list[tuple[str, str]]) -> SheetWriter:
        name = in_language(ASSESSMENT_SHEETS, key, lang)
        title = dated_title(office, name, as_of, unit, lang, period=year.label)
        return column_sheet(book, formats, name, title, columns, header, unit, lang)

    completion = writer("completion", COMPLETION_COLUMNS)
    for result in assessed:
        _completion_rows(completion, result, lang)
    completion.close()
    ranking = writer("ranking", RANKING_COLUMNS)
    for result in assessed:
        _ranking_rows(ranking, result, lang)
    ranking.close()


def _completion_rows(writer: SheetWriter, result: Assessment, lang: Lang) -> None:
    kinds = [kind for _, kind in COMPLETION_COLUMNS]
    kind_word = word(UNIT_KINDS[result.kind], lang)
    for assessed in result.units:
        for figure in TARGET_FIGURES:
            found = assessed.progress.get(figure)
            if found is None:
                continue
            money = TARGET_FIGURES[figure] == MONEY
            completion, ahead = found.completion, found.points_ahead
            writer.write(
                [
                    kind_word,
                    assessed.unit,
                    word(figure.removesuffix("_yuan"), lang),
                    float(found.target),
                    found.actual,
                    None if completion is None else float(completion),
                    float(found.schedule),
                    None if ahead is None else float(ahead),
                ],
                kinds=[
                    *kinds[:3],
                    *(["money", "money"] if money else ["decimal", "int"]),
                    *kinds[5:],
                ],
            )


def _ranking_rows(writer: SheetWriter, result: Assessment, lang: Lang) -> None:
    kind_word = word(UNIT_KINDS[result.kind], lang)
    for assessed in result.units:
        score = assessed.score
        writer.write(
            [
                kind_word,
                assessed.rank,
                assessed.unit,
                float(score.total),
                float(score.bonus),
                float(score.deduction),
                word("missed", lang) if assessed.missed else "",
                word("red_list", lang) if assessed.red else "",
                word("black_list", lang) if assessed.black else "",
            ]
        )
