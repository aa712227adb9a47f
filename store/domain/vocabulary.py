"""The words offices write in their sheets' cells, and what they mean.

Each concept has one table: the placeholders that mean "empty", the stage families (with the
words that negate or defer a stage), yes and no, and the titles written beside a steward's
name. The readers look a cell up in its table first (a ledger repeats the same few words
over 100,000 rows, so each reading is cached) and fall back to the families' roots only for
free text the tables do not hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from store.labels import Refusal
from store.stages import Stage

# -- placeholders --------------------------------------------------------------------------------

# Cells that mean "nothing written here", compared lower case with spaces removed.
EMPTY_WORDS: frozenset[str] = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "—",
        "——",
        "———",
        "－",
        "－－",
        "–",
        "/",
        "//",
        "／",
        "\\",
        "…",
        "……",
        "无",
        "暂无",
        "待定",
        "未定",
        "不详",
        "空",
        "n/a",
        "na",
        "none",
        "null",
        "nan",
    }
)


_LONGEST_EMPTY_WORD = max(len(word) for word in EMPTY_WORDS)
_SPACE = re.compile(r"\s")


def is_placeholder(text: object) -> bool:
    """True for a cell that holds nothing: None, blank, or a placeholder such as —, /, 无, 待定."""
    if text is None:
        return True
    if not isinstance(text, str):
        return False
    if text in EMPTY_WORDS:
        return True
    if len(text) > _LONGEST_EMPTY_WORD and _SPACE.search(text) is None:
        return False  # longer than any placeholder, and no space to take out: most cells
    stripped = text.strip()
    return stripped.lower() in EMPTY_WORDS or "".join(stripped.split()).lower() in EMPTY_WORDS


def _normal(text: str) -> str:
    """A cell's words as the tables hold them: half-width, lower case, no spaces or hyphens."""
    return "".join(unicodedata.normalize("NFKC", text).replace("-", " ").split()).lower()


# -- stages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageWord:
    """What a stage cell says: the stage, and whether the word also makes the project a
    continuing one (续建: carried over from last year)."""

    stage: Stage
    continuing: bool = False


@dataclass(frozen=True)
class StageFamily:
    """The words for one stage: whole phrases looked up as written, and roots found inside
    free text. A root negated or deferred (未开工, 拟投产) means the stage is not reached.
    `examples` are the words a refusal shows for the family."""

    stage: Stage
    name: str
    examples: tuple[str, ...]
    phrases: tuple[str, ...]
    roots: tuple[str, ...]


STAGE_FAMILIES: tuple[StageFamily, ...] = (
    StageFamily(
        Stage.SIGNED,
        "签约",
        ("已签约", "未开工"),
        (
            "签约",
            "已签约",
            "已签约未开工",
            "签约未开工",
            "未开工",
            "尚未开工",
            "暂未开工",
            "拟开工",
            "待开工",
            "计划开工",
            "signed",
            "contractsigned",
            "notstarted",
            "notyetstarted",
        ),
        ("签约", "签订", "签署", "signed", "signing", "contract"),
    ),
    StageFamily(
        Stage.PROCEDURES,
        "手续",
        ("手续办理", "前期"),
        (
            "手续",
            "手续办理",
            "手续办理中",
            "办理手续",
            "前期",
            "前期手续",
            "前期手续办理",
            "前期手续办理中",
            "正在办理前期手续",
            "前期工作",
            "procedures",
            "inprocedures",
            "approvals",
            "preconstruction",
        ),
        (
            "开工手续",
            "施工手续",
            "施工许可",
            "施工图",
            "开工准备",
            "手续",
            "前期",
            "审批",
            "报批",
            "立项",
            "备案",
            "核准",
            "可研",
            "环评",
            "能评",
            "用地",
            "土地",
            "征地",
            "规划",
            "招拍挂",
            "设计",
            "procedure",
            "approval",
            "permit",
            "preconstruction",
        ),
    ),
    StageFamily(
        Stage.STARTED,
        "开工",
        ("在建", "建设中"),
        (
            "开工",
            "已开工",
            "在建",
            "建设中",
            "开工建设",
            "主体施工",
            "设备安装",
            "续建",
            "started",
            "underconstruction",
            "inconstruction",
            "construction",
            "building",
            "continuing",
        ),
        (
            "开工",
            "开工建设",
            "在建",
            "建设中",
            "正在建设",
            "加快建设",
            "建设阶段",
            "施工",
            "动工",
            "开建",
            "主体",
            "安装",
            "调试",
            "复工",
            "续建",
            "进场",
            "基础",
            "封顶",
            "厂房",
            "生产线",
            "start",
            "started",
            "construction",
            "building",
        ),
    ),
    StageFamily(
        Stage.PRODUCING,
        "投产",
        ("试生产", "已竣工"),
        (
            "投产",
            "已投产",
            "试生产",
            "部分投产",
            "建成投产",
            "竣工投产",
            "已竣工",
            "竣工",
            "producing",
            "inproduction",
            "production",
            "trialproduction",
            "operating",
            "inoperation",
            "completed",
        ),
        (
            "投产",
            "竣工投产",
            "建成投产",
            "生产",
            "竣工",
            "建成",
            "达产",
            "投运",
            "运营",
            "运行",
            "并网",
            "营业",
            "producing",
            "production",
            "operation",
            "operating",
            "completed",
        ),
    ),
)

# Words that carry a project over from last year (started, and continuing).
CONTINUING_WORDS: tuple[str, ...] = ("续建", "continuing", "carriedover")

# Written before a stage's root, they mean it is not reached yet: 未开工, 尚未投产, 拟开工,
# 预计2024年底投产, 拟于下半年开工. Between them may stand a time or a manner, nothing else
# (手续未办结已开工 has started).
NOT_YET_WORDS: tuple[str, ...] = (
    "尚未",
    "暂未",
    "还未",
    "仍未",
    "未能",
    "没有",
    "未",
    "拟",
    "待",
    "计划",
    "预计",
    "准备",
    "即将",
    "将",
    "not",
    "notyet",
    "yetto",
    "planned",
    "tobe",
    "awaiting",
)
_NOT_YET_FILLER = (
    r"[\d一二三四年月日号底初末中旬季度上下半前后内于在今明本次第正式全面部完整体./\-—~]*"
)


def _alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation, longest first so that 施工许可 is read before 施工."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_ROOT_STAGE: dict[str, Stage] = {
    root: family.stage for family in STAGE_FAMILIES for root in family.roots
}
_ROOTS = re.compile(_alternatives(tuple(_ROOT_STAGE)))
_NOT_YET = re.compile(f"(?:{_alternatives(NOT_YET_WORDS)}){_NOT_YET_FILLER}({_ROOTS.pattern})")
_PHRASES: dict[str, StageWord] = {
    phrase: StageWord(family.stage, phrase in CONTINUING_WORDS)
    for family in STAGE_FAMILIES
    for phrase in family.phrases
}


def stage_families_text() -> tuple[str, str]:
    """The families as a refusal lists them, in Chinese and in English (the examples are the
    sheets' words either way): 签约（已签约、未开工…）· …, 签约 (已签约、未开工…) · …"""
    examples = [(family.name, "、".join(family.examples)) for family in STAGE_FAMILIES]
    return (
        " · ".join(f"{name}（{words}…）" for name, words in examples),
        " · ".join(f"{name} ({words}…)" for name, words in examples),
    )


_FAMILY_NAMES: dict[Stage, str] = {family.stage: family.name for family in STAGE_FAMILIES}


def read_stage(text: str, extra: Mapping[str, Stage] | None = None) -> StageWord:
    """The stage a sheet's stage cell means, by word families: 手续办理 and 前期手续办理中 are
    procedures, 未开工/拟开工/已签约未开工 signed, 在建/主体施工 started, 续建 started and
    continuing, 试生产/已竣工 producing. `extra` (an office's own words, keys as
    normal_stage_word gives them) is consulted first. A Refusal for a word of no family."""
    key, reading = _stage_reading(text)
    if extra:
        taught = extra.get(key)
        if taught is not None:
            return StageWord(taught)
    if isinstance(reading, tuple):
        raise Refusal(*reading)
    return reading


def normal_stage_word(text: str) -> str:
    """A stage word as `extra` keys hold it: half-width, lower case, no spaces or hyphens."""
    return _normal(text)


@lru_cache(maxsize=8192)
def _stage_reading(text: str) -> tuple[str, StageWord | tuple[str, str]]:
    """The word's key and its reading, or the refusal's (Chinese, English) words."""
    key = _normal(text)
    known = _PHRASES.get(key)
    if known is not None:
        return key, known
    return key, _stage_from_roots(key, text.strip())


def _stage_from_roots(key: str, shown: str) -> StageWord | tuple[str, str]:
    """Free text: the furthest stage a root names, unless a stage it negates comes before."""
    ceiling: Stage | None = None  # the earliest stage the text says is not reached
    affirmed = key
    for match in _NOT_YET.finditer(key):
        stage = _ROOT_STAGE[match.group(1)]
        if stage is Stage.SIGNED:
            return (
                f"{shown!r} 表示项目尚未签约：只跟踪已签约的项目",
                f"{shown!r} says the project is not signed: only signed projects are tracked",
            )
        if ceiling is None or stage.index < ceiling.index:
            ceiling = stage
        start, end = match.span(1)
        affirmed = affirmed[:start] + " " * (end - start) + affirmed[end:]
    reached = [_ROOT_STAGE[root] for root in _ROOTS.findall(affirmed)]
    continuing = any(word in key for word in CONTINUING_WORDS)
    if reached:
        furthest = max(reached, key=lambda stage: stage.index)
        if ceiling is not None and furthest.index >= ceiling.index:
            return (
                f"阶段 {shown!r} 既说已{_FAMILY_NAMES[furthest]}又说尚未{_FAMILY_NAMES[ceiling]}",
                f"stage {shown!r} says both {furthest.value} and not yet {ceiling.value}",
            )
        return StageWord(furthest, continuing)
    if ceiling is Stage.STARTED:  # not started, and nothing said of procedures
        return StageWord(Stage.SIGNED)
    families_zh, families_en = stage_families_text()
    if ceiling is not None:
        return (
            f"阶段 {shown!r} 只写了项目尚未到达的阶段：请写明所处阶段，如 {families_zh}",
            f"stage {shown!r} says only what the project has not reached: write the stage it "
            f"is in ({families_en})",
        )
    return (
        f"无法识别的阶段 {shown!r}：阶段按词族识别，{families_zh}；本单位自己的用词可以设定"
        "（config set import.stage.<用词> <阶段>）",
        f"unknown stage {shown!r}: stages are read by family, {families_en}; "
        "an office's own word can be taught (config set import.stage.<word> <stage>)",
    )


# -- yes and no ----------------------------------------------------------------------------------

YES_NO_WORDS: dict[str, bool] = {
    "是": True,
    "已": True,
    "有": True,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "√": True,
    "✓": True,
    "✔": True,
    "否": False,
    "未": False,
    "无": False,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "×": False,
    "x": False,
    "✗": False,
    "✘": False,
}
# A whole word beginning so: 已开工, 未投产, 尚未开工.
YES_NO_PREFIXES: tuple[tuple[str, bool], ...] = (
    ("尚未", False),
    ("暂未", False),
    ("还未", False),
    ("未", False),
    ("否", False),
    ("没", False),
    ("已", True),
    ("是", True),
)


def read_yes_no(text: object) -> bool:
    """是/否 columns (是否开工, 是否投产): 是 已 yes √ 1 against 否 未 no × 0; also 已开工/未开工."""
    if isinstance(text, bool):
        return text
    if isinstance(text, int | float) and text in (0, 1):
        return bool(text)
    key = _normal(str(text))
    answer = YES_NO_WORDS.get(key)
    if answer is None:
        answer = next(
            (meaning for start, meaning in YES_NO_PREFIXES if key.startswith(start)), None
        )
    if answer is None:
        raise Refusal(
            f"不是“是”或“否”：{text!r}（请填 是/否 或 √/×）",
            f"not yes or no: {text!r} (use 是/否, yes/no, √/×)",
        )
    return answer


# -- stewards ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StewardCell:
    """A steward cell read: the first name is the steward (with the title written beside it);
    the names after it are kept as the project's other stewards."""

    name: str
    title: str
    others: tuple[str, ...]


# What a title may begin with, and the office it ends in: 市委常委、常务副市长 are titles.
TITLE_QUALIFIERS: tuple[str, ...] = (
    "市人大常委会",
    "县人大常委会",
    "区人大常委会",
    "人大常委会",
    "市委",
    "县委",
    "区委",
    "州委",
    "市政府",
    "县政府",
    "区政府",
    "市人大",
    "县人大",
    "区人大",
    "市政协",
    "县政协",
    "区政协",
    "政协",
    "人大",
    "纪委",
    "管委会",
    "党组",
    "党工委",
    "常务",
    "市",
    "县",
    "区",
    "副",
)
TITLE_OFFICES: tuple[str, ...] = (
    "秘书长",
    "市长",
    "县长",
    "区长",
    "州长",
    "旗长",
    "镇长",
    "乡长",
    "书记",
    "常委",
    "主任",
    "局长",
    "部长",
    "主席",
    "院长",
    "处长",
    "科长",
    "组长",
    "委员",
    "调研员",
    "巡视员",
)
_TITLE = f"(?:(?:{_alternatives(TITLE_QUALIFIERS)})*(?:{_alternatives(TITLE_OFFICES)}))+"
_TITLE_ONLY = re.compile(f"^{_TITLE}$")
_TITLE_FIRST = re.compile(f"^({_TITLE})(.+)$")
_TITLE_LAST = re.compile(f"^(.+?)({_TITLE})$")
# A steward cell's pieces: a bracketed title, a separator between people, a space, a word.
_STEWARD_PIECES = re.compile(r"[(（][^)）]*[)）]|[、，,;；/]|\s+|[^、，,;；/\s(（]+")
_PEOPLE_SEPARATORS = frozenset("、，,;；/")
_NAME = re.compile(r"^[\u3400-\u9fff·•.]{2,12}$|^[A-Za-z][A-Za-z.'-]*$")


def read_steward(text: str) -> StewardCell:
    """A steward cell: 王建国, 王建国（副市长）, 副市长 王建国, 副市长王建国, 王建国 副市长, or
    several people (张三、李四; also split on ，,;；/ and spaces): the first is the steward."""
    people: list[list[str]] = []  # [name, title], in the order written
    pending_title = ""  # a title written before the name it belongs to
    in_person = False  # the last piece belongs to the person people[-1] (no separator since)
    for piece in _STEWARD_PIECES.findall(text.strip()):
        if piece in _PEOPLE_SEPARATORS:
            in_person, pending_title = False, ""
        elif piece.isspace():
            continue
        elif piece[0] in "(（" or _TITLE_ONLY.match(piece):
            title = piece[1:-1].strip() if piece[0] in "(（" else piece
            if in_person and not people[-1][1] and not pending_title:
                people[-1][1] = title  # 王建国 副市长, 王建国（副市长）
            else:
                pending_title = title  # 副市长 王建国
        else:
            name, title = _name_and_title(piece, text)
            people.append([name, title or pending_title])
            in_person, pending_title = True, ""
    if not people:
        raise Refusal(
            f"包抓领导一栏 {text.strip()!r} 中没有姓名", f"no name in steward cell {text.strip()!r}"
        )
    first = people[0][0]
    others = tuple(dict.fromkeys(name for name, _ in people[1:] if name != first))
    return StewardCell(first, people[0][1], others)


def _name_and_title(piece: str, cell: str) -> tuple[str, str]:
    """副市长王建国 and 王建国副市长 as (name, title); a plain name with no title."""
    if _NAME.match(piece) and not _TITLE_FIRST.match(piece) and not _TITLE_LAST.match(piece):
        return piece, ""
    first = _TITLE_FIRST.match(piece)
    if first and _NAME.match(first.group(2)):
        return first.group(2), first.group(1)
    last = _TITLE_LAST.match(piece)
    if last and _NAME.match(last.group(1)):
        return last.group(1), last.group(2)
    if _NAME.match(piece):
        return piece, ""
    raise Refusal(
        f"包抓领导一栏 {cell.strip()!r} 中的 {piece!r} 不是姓名",
        f"not a name: {piece!r} in steward cell {cell.strip()!r}",
    )
