"""The words of a sheet's cells: placeholders, stage words by family, yes/no, steward cells."""

from __future__ import annotations

import time

import pytest

from store.domain.vocabulary import (
    StageWord,
    StewardCell,
    is_placeholder,
    normal_stage_word,
    read_stage,
    read_steward,
    read_yes_no,
)
from store.errors import UserError
from store.stages import Stage, parse_stage

SIGNED, PROCEDURES, STARTED, PRODUCING = Stage

# Every stage word of ../shared/domain.md and the import design, as offices write them.
STAGE_WORDS = {
    "签约": SIGNED,
    "已签约": SIGNED,
    "已签约未开工": SIGNED,
    "未开工": SIGNED,
    "尚未开工": SIGNED,
    "暂未开工": SIGNED,
    "拟开工": SIGNED,
    "待开工": SIGNED,
    "手续办理": PROCEDURES,
    "前期手续办理中": PROCEDURES,
    "正在办理前期手续": PROCEDURES,
    "手续": PROCEDURES,
    "前期": PROCEDURES,
    "在建": STARTED,
    "建设中": STARTED,
    "主体施工": STARTED,
    "设备安装": STARTED,
    "开工": STARTED,
    "已开工": STARTED,
    "试生产": PRODUCING,
    "部分投产": PRODUCING,
    "已投产": PRODUCING,
    "建成投产": PRODUCING,
    "竣工投产": PRODUCING,
    "已竣工": PRODUCING,
    "signed": SIGNED,
    "Not started": SIGNED,
    "procedures": PROCEDURES,
    "Pre-construction": PROCEDURES,
    "started": STARTED,
    "Under construction": STARTED,
    "producing": PRODUCING,
    "In production": PRODUCING,
    "Trial production": PRODUCING,
}


@pytest.mark.parametrize("word, stage", STAGE_WORDS.items())
def test_every_stage_word_offices_write(word: str, stage: Stage) -> None:
    assert read_stage(word) == StageWord(stage)


def test_spaces_full_width_and_case_do_not_matter() -> None:
    assert read_stage(" 在 建 ") == StageWord(STARTED)
    assert read_stage("ＳＩＧＮＥＤ") == StageWord(SIGNED)
    assert read_stage("UNDER CONSTRUCTION") == StageWord(STARTED)


def test_continuing_is_started_and_makes_the_project_continuing() -> None:
    assert read_stage("续建") == StageWord(STARTED, continuing=True)
    assert read_stage("continuing") == StageWord(STARTED, continuing=True)
    assert read_stage("续建项目，主体施工") == StageWord(STARTED, continuing=True)
    assert read_stage("续建项目已投产") == StageWord(PRODUCING, continuing=True)
    assert read_stage("在建").continuing is False


@pytest.mark.parametrize(
    "text, stage",
    [
        # a negated or deferred start is not started; procedures said beside it count
        ("拟于下半年开工", SIGNED),
        ("预计2024年7月开工", SIGNED),
        ("尚未正式开工", SIGNED),
        ("尚未开工，手续办理中", PROCEDURES),
        ("前期手续已完成，计划2024年7月开工", PROCEDURES),
        ("施工许可证办理中", PROCEDURES),
        ("施工图设计", PROCEDURES),
        ("环评、能评审批中", PROCEDURES),
        # what is affirmed wins over what is only planned later
        ("已开工未投产", STARTED),
        ("在建，预计年底投产", STARTED),
        ("手续未办结已开工", STARTED),
        ("主体已封顶", STARTED),
        ("生产线安装调试", STARTED),
        ("正在建设", STARTED),
        ("项目已竣工投产", PRODUCING),
        ("一期已投产，二期在建", PRODUCING),
        ("construction in progress", STARTED),
    ],
)
def test_free_text_is_read_by_roots_with_negation(text: str, stage: Stage) -> None:
    assert read_stage(text).stage is stage


@pytest.mark.parametrize(
    "text, reason",
    [
        ("未投产", "says only what the project has not reached"),
        ("预计今年底竣工投产", "says only what the project has not reached"),
        ("未签约", "says the project is not signed"),
        ("在建未开工", "says both started and not yet started"),
    ],
)
def test_text_that_gives_no_stage_it_is_in_is_refused(text: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        read_stage(text)


def test_an_unknown_word_is_refused_listing_the_families() -> None:
    with pytest.raises(UserError) as raised:
        read_stage("推进中")
    message = str(raised.value)
    assert "unknown stage '推进中'" in message
    for family in (
        "签约 (已签约、未开工…)",
        "手续 (手续办理、前期…)",
        "开工 (在建、建设中…)",
        "投产 (试生产、已竣工…)",
    ):
        assert family in message
    assert "import.stage." in message


def test_an_offices_own_words_come_first() -> None:
    taught = {normal_stage_word("推进中"): PROCEDURES, normal_stage_word("未开工"): PROCEDURES}
    assert read_stage("推进 中", taught) == StageWord(PROCEDURES)
    assert read_stage("未开工", taught) == StageWord(PROCEDURES)  # over the family's reading
    assert read_stage("在建", taught) == StageWord(STARTED)


def test_the_clis_exact_stage_names_still_work() -> None:
    assert parse_stage("手续") is PROCEDURES and parse_stage("producing") is PRODUCING
    with pytest.raises(UserError):
        parse_stage("手续办理")  # free text is read_stage's, for sheets


def test_reading_100k_stage_cells_is_quick() -> None:
    words = [*STAGE_WORDS, "续建", "尚未开工，手续办理中", "在建，预计年底投产"]
    cells = [words[n % len(words)] for n in range(100_000)]
    started = time.perf_counter()
    stages = [read_stage(cell).stage for cell in cells]
    elapsed = time.perf_counter() - started
    assert stages.count(PRODUCING) > 0
    assert elapsed < 0.5, f"100,000 stage cells read in {elapsed:.2f} s"


@pytest.mark.parametrize(
    "text",
    [None, "", "  ", "—", "——", "-", "－", "/", "／", "无", "暂无", "待定", "N/A", "n/a", "— —"],
)
def test_placeholders_mean_empty(text: str | None) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["0", 0, "王建国", "无锡光伏项目", "2024-05"])
def test_words_and_values_are_not_placeholders(text: object) -> None:
    assert not is_placeholder(text)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("是", True),
        ("否", False),
        ("已", True),
        ("未", False),
        ("yes", True),
        ("No", False),
        ("√", True),
        ("×", False),
        ("已开工", True),
        ("未投产", False),
        ("尚未开工", False),
        (1.0, True),
        (0, False),
        (True, True),
    ],
)
def test_yes_and_no(text: object, answer: bool) -> None:
    assert read_yes_no(text) is answer


def test_neither_yes_nor_no_is_refused() -> None:
    with pytest.raises(UserError, match="not yes or no: '在建'"):
        read_yes_no("在建")


@pytest.mark.parametrize(
    "cell, steward",
    [
        ("王建国", StewardCell("王建国", "", ())),
        ("王建国（副市长）", StewardCell("王建国", "副市长", ())),
        ("王建国(副市长)", StewardCell("王建国", "副市长", ())),
        ("副市长 王建国", StewardCell("王建国", "副市长", ())),
        ("副市长王建国", StewardCell("王建国", "副市长", ())),
        ("王建国 副市长", StewardCell("王建国", "副市长", ())),
        ("王建国副市长", StewardCell("王建国", "副市长", ())),
        ("常务副市长王建国", StewardCell("王建国", "常务副市长", ())),
        ("县委书记 李明", StewardCell("李明", "县委书记", ())),
        ("王建国（市委常委、副市长）", StewardCell("王建国", "市委常委、副市长", ())),
        ("张三、李四", StewardCell("张三", "", ("李四",))),
        ("张三，李四,王五", StewardCell("张三", "", ("李四", "王五"))),
        ("张三;李四；王五/赵六", StewardCell("张三", "", ("李四", "王五", "赵六"))),
        ("张三 李四", StewardCell("张三", "", ("李四",))),
        ("副市长王建国、副县长 李明", StewardCell("王建国", "副市长", ("李明",))),
        ("王建国（副市长）、李明（副县长）", StewardCell("王建国", "副市长", ("李明",))),
        ("张三、张三", StewardCell("张三", "", ())),
        ("阿不都·热合曼", StewardCell("阿不都·热合曼", "", ())),
        ("任长江", StewardCell("任长江", "", ())),
    ],
)
def test_steward_cells(cell: str, steward: StewardCell) -> None:
    assert read_steward(cell) == steward


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("副市长", "no name in steward cell '副市长'"),
        ("王建国 13800000000", "not a name: '13800000000'"),
    ],
)
def test_a_steward_cell_without_a_name_is_refused(cell: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        read_steward(cell)
