"""What a sheet's column header means: the field it fills and the unit its amounts are in.

Offices name one thing many ways (所属县区, 属地, 县（市、区）; 协议投资额, 合同金额), so a header is
read by its word roots and qualifiers, not looked up in a fixed list: HEADER_RULES holds, in
order, the words a header must contain for each field and the words that rule it out (计划 +
开工 + 时间 is the planned start, 进展 without 情况 the stage). Platform templates' '*' marks and
hints such as （格式：2024-01-01） are dropped first, and units are read wherever they stand:
（亿元）, (万元), 单位：万元, "RMB 10,000", "10k yuan". An office's own mappings (`custom`) win.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from store.domain import fields as registry
from store.labels import Refusal
from store.money import Unit


def _imported(kind: registry.FieldType) -> frozenset[str]:
    return frozenset(f.name for f in registry.FIELDS if f.imported and f.type is kind)


MONEY_FIELDS: frozenset[str] = _imported(registry.FieldType.MONEY)
DATE_FIELDS: frozenset[str] = _imported(registry.FieldType.DATE)
TEXT_FIELDS: frozenset[str] = _imported(registry.FieldType.TEXT)
# Every field a header can name; "skip" is a column known to carry nothing to import (序号).
FIELDS: frozenset[str] = registry.IMPORTED | {"skip"}


@dataclass(frozen=True)
class HeaderReading:
    """A header read: the field it fills (None: not understood, the column stays unused), the
    unit its amounts are in when the header states one, and the header as written."""

    field: str | None
    unit: Unit | None
    text: str


@dataclass(frozen=True)
class HeaderRule:
    """A field, when the header holds a word of every group in `needs` and none of `unless`."""

    field: str
    needs: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...] = ()

    def fits(self, words: str) -> bool:
        return all(any(word in words for word in group) for group in self.needs) and not any(
            word in words for word in self.unless
        )


_DATE = ("时间", "日期", "时限", "期限", "年月", "date", "deadline", "due")
_PLANNED = ("计划", "拟", "预计", "预定", "应", "要求", "目标", "planned", "scheduled", "expected")
_PLANNED_EN = (*_PLANNED, "target", "due")
_START = ("开工", "start", "commenc")
_PRODUCTION = ("投产", "竣工", "production", "producing", "operation", "completion")
_SIGNING = ("签约", "签订", "签署", "signing", "signed", "contract", "agreement")
_SIGNED_MONEY = (*_SIGNING, "协议", "合同")
_RATE = ("率", "rate", "%")

# In order: the first rule a header fits gives its field.
HEADER_RULES: tuple[HeaderRule, ...] = (
    HeaderRule("is_started", (("是否",), ("开工",))),
    HeaderRule("is_producing", (("是否",), ("投产", "竣工"))),
    HeaderRule(
        "procedures_due", (("手续", "审批", "procedure"), ("时限", "期限", "deadline", "due"))
    ),
    HeaderRule("procedures_on", (("手续", "procedure"), _DATE)),
    HeaderRule("start_due", (_START, _PLANNED_EN, _DATE)),
    HeaderRule("started_on", (_START, _DATE)),
    HeaderRule("production_due", (_PRODUCTION, _PLANNED_EN, _DATE)),
    HeaderRule("producing_on", (_PRODUCTION, _DATE)),
    HeaderRule("resumed_on", (("复工", "resum"), _DATE)),
    HeaderRule("withdraw_reason", (("退出", "终止", "withdraw"), ("原因", "reason"))),
    HeaderRule("withdrawn_on", (("退出", "终止", "withdraw"), _DATE)),
    HeaderRule("signed_on", (_SIGNING, _DATE)),
    # the event a project was signed at: 签约活动, 签约平台, 签约节会, 签约场合 (not its date)
    HeaderRule(
        "signing_event",
        (_SIGNING, ("活动", "平台", "节会", "场合", "会议", "展会", "event", "occasion", "fair")),
    ),
    # money: a month's or a year's funds are not the funds to date, a rate is not an amount
    HeaderRule(
        "funds_in_place_yuan",
        (("到位", "fundsinplace", "fundsreceived", "paidin", "fundsarrived"),),
        ("月", "当期", "本期", "本年", "当年", "年度", "month", "year", *_RATE),
    ),
    HeaderRule(
        "signed_amount_yuan",
        (_SIGNED_MONEY, ("额", "金额", "资金", "投资", "amount", "value", "investment")),
        _RATE,
    ),
    HeaderRule(
        "total_investment_yuan",
        (("总投资", "投资总额", "totalinvestment"),),
        ("完成", "completed", *_RATE),
    ),
    HeaderRule(
        "annual_plan_yuan",
        (("年度", "年", "annual"), ("计划", "plan"), ("投资", "invest")),
        ("完成", "completed", "月", "month", *_RATE),
    ),
    HeaderRule("expected_output_yuan", (("产值", "output"),), ("完成", *_RATE)),
    # the stage, unless 情况 makes it a free text note
    HeaderRule(
        "progress_note",
        (("进展", "进度", "推进", "progress"), ("情况", "说明", "描述", "note", "detail")),
    ),
    HeaderRule("progress_note", (("形象进度",),)),
    HeaderRule(
        "stage",
        (("进展", "进度", "状态", "阶段", "stage", "status", "phase"),),
        ("计划", "完成", *_RATE),
    ),
    # people and units
    HeaderRule(
        "county_leader",
        (("县级", "县区级", "区级", "县(市、区)", "县市区", "county"), ("领导", "包抓", "leader")),
    ),
    HeaderRule(
        "responsible_unit",
        (
            ("责任", "牵头", "主责", "包抓", "负责", "responsible", "lead"),
            ("单位", "部门", "unit", "department", "agency"),
        ),
    ),
    HeaderRule(
        "steward",
        (
            ("包抓", "联系", "责任", "市级", "分管", "steward", "leader"),
            ("领导", "steward", "leader"),
        ),
    ),
    # places
    HeaderRule("park", (("园区", "开发区", "产业园", "工业园", "park", "zone"),)),
    HeaderRule("investor_origin", (("来源", "origin", "籍贯"),)),
    HeaderRule(
        "investor_origin", (("投资方", "企业", "客商", "investor"), ("所在地", "省份", "地区"))
    ),
    HeaderRule(
        "county",
        (("县", "区", "属地", "所在地", "county", "district", "location", "region"),),
    ),
    # the project and who invests
    HeaderRule("code", (("代码", "编码", "项目编号", "赋码", "code"),)),
    HeaderRule(
        "investor",
        (
            (
                "投资方",
                "企业",
                "投资主体",
                "投资商",
                "业主",
                "项目单位",
                "建设单位",
                "investor",
                "company",
                "enterprise",
                "developer",
            ),
        ),
    ),
    HeaderRule("name", (("名称", "全称", "name"),)),
    HeaderRule("chain", (("产业链", "产业", "行业", "chain", "industry", "sector"),)),
    HeaderRule("kind", (("类型", "性质", "类别", "新建/续建", "新建续建", "kind", "type"),)),
    HeaderRule("build_content", (("建设内容", "建设规模", "内容", "scope", "content"),)),
    HeaderRule(
        "land_mu",
        (("用地", "占地", "土地", "面积", "land", "area"),),
        ("审批", "预审", "手续", "指标", "规划", "证", "approval", "permit"),
    ),
    HeaderRule("jobs", (("就业", "用工", "岗位", "jobs", "employ"),)),
    HeaderRule("won_by", (("方式", "形式", "wonby", "channel"),)),
    HeaderRule("problem_text", (("问题", "困难", "problem", "issue"),), ("办结", "解决", *_RATE)),
    HeaderRule("remark", (("备注", "remark", "notes"),)),
)

# Headers read whole, before the rules: the columns known to carry nothing to import (序号);
# each field's own short and English forms the rules would not tell are in its registry entry.
SKIPPED_HEADERS: tuple[str, ...] = ("序号", "序", "编号", "排序", "no.", "no", "#", "s/n")
HEADER_WORDS: dict[str, str] = {word: "skip" for word in SKIPPED_HEADERS} | {
    word: field.name for field in registry.FIELDS if field.imported for word in field.headers
}


def _label_words() -> dict[str, str]:
    """The labels the tool's own sheets use, read back as the fields they name."""
    words: dict[str, str] = {}
    for field in registry.FIELDS:
        if field.imported:
            for label in (field.zh, field.en):
                words.setdefault(normalise_header(label), field.name)
    return words


# Units as headers write them, after normalise_header: half-width brackets, lower case, no
# spaces. Listed longest first where one holds another.
UNIT_FORMS: tuple[tuple[str, Unit], ...] = (
    ("rmb100million", Unit.YI),
    ("100millionyuan", Unit.YI),
    ("100millionrmb", Unit.YI),
    ("100mrmb", Unit.YI),
    ("亿元", Unit.YI),
    ("亿", Unit.YI),
    ("rmb10,000", Unit.WAN),
    ("rmb10000", Unit.WAN),
    ("rmb10k", Unit.WAN),
    ("10,000yuan", Unit.WAN),
    ("10000yuan", Unit.WAN),
    ("10kyuan", Unit.WAN),
    ("10,000rmb", Unit.WAN),
    ("10krmb", Unit.WAN),
    ("tenthousandyuan", Unit.WAN),
    ("万元", Unit.WAN),
    ("万", Unit.WAN),
    ("yuan", Unit.YUAN),
    # the unit names --unit takes, as the tool's own English sheets write them: 签约额(yi)
    ("yi", Unit.YI),
    ("wan", Unit.WAN),
    ("rmb", Unit.YUAN),
    ("cny", Unit.YUAN),
    ("元", Unit.YUAN),
)
_UNIT_WORDS = "|".join(re.escape(form) for form, _ in UNIT_FORMS)
_UNIT_OF = dict(UNIT_FORMS)
# A unit in brackets, after 单位, or at the end of a header: 签约额(万元), 单位:万元, 签约额万元.
_UNIT_IN_HEADER = re.compile(
    rf"[(\[](?:单位:?)?({_UNIT_WORDS})(?:/年|/yr|/year)?[)\]]|(?:金额|资金|投资)?单位:?({_UNIT_WORDS})"
    r"|(?<![十百千])(亿元|万元)$"
)
# Units no amount is read in: a header stating one is refused rather than read as yuan.
UNREAD_MONEY_UNITS: tuple[str, ...] = (
    "千元",
    "十万元",
    "百万元",
    "百万",
    "千万元",
    "美元",
    "usd",
    "us$",
    "$",
    "million",
    "billion",
    "thousand",
)
UNREAD_LAND_UNITS: tuple[str, ...] = ("公顷", "平方米", "平米", "m2", "km2", "hectare", "ha)")

# Template hints dropped from a header: （格式：2024-01-01）, （必填）, (yyyy-mm-dd).
HINT_WORDS: tuple[str, ...] = (
    "格式",
    "必填",
    "选填",
    "填写",
    "示例",
    "例:",
    "如:",
    "下拉",
    "请选择",
    "yyyy",
    "mm-dd",
    "e.g.",
    "required",
    "optional",
)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def normalise_header(text: object) -> str:
    """A header as the tables hold it: half-width, lower case, no spaces or line breaks, no
    leading or trailing '*', template hints such as （格式：2024-01-01） or (必填) removed."""
    if text is None:
        return ""
    raw = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS).lower()
    # a hint on a line of its own below the header's words: 签约日期\n格式：yyyy-mm-dd
    first, *below = raw.splitlines() or [""]
    lines = [first, *(line for line in below if not any(hint in line for hint in HINT_WORDS))]
    plain = "".join("".join(lines).split())
    plain = _BRACKETED.sub(
        lambda match: "" if any(hint in match.group() for hint in HINT_WORDS) else match.group(),
        plain,
    )
    return plain.strip("*")


def read_header(
    text: object, custom: Mapping[str, str] | None = None, chosen: str | None = None
) -> HeaderReading:
    """The field a header means, and the unit it states. `chosen` (a column named by its
    letter with --map: a field, or "" for unused) wins over everything, then `custom` (an
    office's saved or --map mappings, keys as normalise_header gives them). A Refusal for an
    amount or area column whose unit cannot be read (千元, 美元, 公顷)."""
    written = "" if text is None else str(text).strip()
    normal = normalise_header(text)
    field, unit, core = _reading(normal)
    taught = custom.get(normal, custom.get(core)) if custom else None
    if chosen is not None or taught is not None:
        field = (chosen if chosen is not None else taught) or None
    if field in MONEY_FIELDS and unit is None:
        unread = next((word for word in UNREAD_MONEY_UNITS if word in core), None)
        if unread:
            raise Refusal(
                f"表头 {written!r}：不读以{unread}为单位的金额；请以亿元、万元或元填写",
                f"header {written!r}: amounts in {unread} are not read; "
                "write them in 亿元, 万元 or 元",
            )
    if field == "land_mu":
        unread = next((word for word in UNREAD_LAND_UNITS if word in normal), None)
        if unread:
            shown = unread.rstrip(")")
            raise Refusal(
                f"表头 {written!r}：用地面积按亩读取，不读{shown}",
                f"header {written!r}: land is read in 亩 (mu), not {shown}",
            )
    return HeaderReading(field, unit, written)


def mapping_keys(text: object) -> tuple[str, str]:
    """The keys a mapping names a header by: the header as normalise_header gives it, and
    that without the unit it states (签约额(万元) is named 签约额 too)."""
    normal = normalise_header(text)
    return normal, _reading(normal)[2]


@lru_cache(maxsize=4096)
def _reading(normal: str) -> tuple[str | None, Unit | None, str]:
    """The field and unit of a normalised header, and the header without its unit."""
    unit: Unit | None = None
    core = normal
    match = _UNIT_IN_HEADER.search(normal)
    if match:
        unit = _UNIT_OF[next(group for group in match.groups() if group)]
        core = (normal[: match.start()] + normal[match.end() :]).strip(":")
    core = core.strip("*:")
    field = _KNOWN.get(core) or _KNOWN.get(normal)
    if field is None and core:
        field = next((rule.field for rule in HEADER_RULES if rule.fits(core)), None)
    return field, unit, core


def unit_line(text: object) -> Unit | None:
    """The unit a line above the table states for the whole sheet (单位：万元, 金额单位：亿元,
    "Unit: RMB 10,000"), or None. 填报单位 (the reporting office) is not a unit."""
    normal = normalise_header(text)
    if "填报单位" in normal or "报送单位" in normal:
        normal = re.sub(r"(填报|报送)单位:?[^:]*?(?=(金额|资金)?单位|$)", "", normal)
    match = _UNIT_LINE.search(normal)
    return _UNIT_OF[match.group(1)] if match else None


_UNIT_LINE = re.compile(rf"(?:单位|unit):?(?:\()?({_UNIT_WORDS})(?:\))?(?![a-z\d])")
_KNOWN: dict[str, str] = {}
_KNOWN.update(_label_words())
_KNOWN.update({normalise_header(word): field for word, field in HEADER_WORDS.items()})

# What a "no header found" message shows of the words known (the rules know more forms).
HEADER_EXAMPLES: tuple[str, ...] = (
    "项目名称/Project Name",
    "项目代码",
    "投资方/企业名称",
    "所属县区/属地/所在地/County",
    "园区",
    "产业链",
    "总投资",
    "签约额/协议投资额/合同金额",
    "累计到位资金",
    "项目进展/建设进度/当前阶段/Stage",
    "是否开工/是否投产",
    "签约时间",
    "计划开工时间/实际开工时间",
    "计划竣工投产时间/投产时间",
    "包抓领导/联系领导/Steward",
    "责任单位/牵头单位",
    "进展情况",
)


def known_headers_text() -> str:
    return " · ".join(HEADER_EXAMPLES)
