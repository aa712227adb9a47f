"""Chinese and English words for what the front ends and the workbook show."""

from __future__ import annotations

import locale
import os
from enum import StrEnum

from store.domain.fields import FIELDS as PROJECT_FIELDS
from store.errors import NotFound, StaleEdit, UnknownSteward, UserError
from store.money import Unit, format_amount


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def parse_lang(text: str) -> Lang:
    try:
        return Lang(text.strip().lower()[:2])
    except ValueError:
        raise Refusal(
            f"未知的语言 {text!r}：可用 zh 或 en", f"unknown language {text!r}: use zh or en"
        ) from None


def default_lang() -> Lang:
    """From INVESTTRACK_LANG, else the locale: Chinese where the locale is Chinese."""
    chosen = os.environ.get("INVESTTRACK_LANG")
    if chosen:
        return parse_lang(chosen)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    code = locale.getlocale()[0] or ""
    return Lang.ZH if code.lower().startswith("zh") else Lang.EN


class Refusal(UserError):
    """A user's mistake worded in both languages: str() is the English, as every other
    refusal's; a front end shows the one its user chose (`said`)."""

    def __init__(self, chinese: str, english: str, *, field: str | None = None) -> None:
        super().__init__(english, field=field)
        self.chinese = chinese
        self.english = english

    def in_language(self, lang: Lang) -> str:
        return self.chinese if lang is Lang.ZH else self.english


class Missing(Refusal, NotFound):
    """A project, steward or record that does not exist, worded in both languages."""


class Stale(Refusal, StaleEdit):
    """A record changed since it was read, worded in both languages."""


def said(error: BaseException, lang: Lang) -> str:
    """A user error as one line in the language (one worded only in English stays so)."""
    if isinstance(error, Refusal):
        return error.in_language(lang)
    if isinstance(error, UnknownSteward) and lang is Lang.ZH:
        guess = f"；是否要找 {' 或 '.join(error.similar)}？" if error.similar else ""
        return f"没有名为 {error.name} 的包抓领导{guess}"
    return str(error)


WORDS: dict[str, tuple[str, str]] = {
    # stages, kinds, warnings, problem states
    "signed": ("签约", "signed"),
    "procedures": ("手续", "procedures"),
    "started": ("开工", "started"),
    "producing": ("投产", "producing"),
    "withdrawn": ("已退出", "withdrawn"),
    "new": ("新建", "new"),
    "continuing": ("续建", "continuing"),
    "blue": ("蓝", "blue"),
    "yellow": ("黄", "yellow"),
    "red": ("红", "red"),
    "open": ("未解决", "open"),
    "in_hand": ("办理中", "in hand"),
    "resolved": ("已解决", "resolved"),
    "unresolvable": ("暂无法办结", "cannot resolve now"),
    # project fields: the registry's labels
    **{field.label_key: (field.zh, field.en) for field in PROJECT_FIELDS},
    "title": ("职务", "Title"),
    "unit": ("单位", "Unit"),
    "level": ("级别", "Level"),
    "phone": ("电话", "Phone"),
    "projects": ("项目数", "Projects"),
    "late": ("超期", "Late"),
    "retired": ("已离任", "Retired"),
    "retired_on": ("离任日期", "Retired on"),
    "procedures_done": ("手续办结", "Procedures done"),
    # figures (README defines each)
    "signed_count": ("签约项目数", "Projects signed"),
    "funds_in_period": ("到位资金", "Funds in place"),
    "completed_in_period": ("完成投资", "Investment completed"),
    "funds_cumulative": ("累计到位资金", "Funds to date"),
    "start_rate": ("开工率", "Start rate"),
    "resumption_rate": ("复工率", "Resumption rate"),
    "funds_rate": ("资金到位率", "Funds-in-place rate"),
    "completion_rate": ("投资完成率", "Investment completion rate"),
    "procedure_rate": ("手续办结率", "Procedure completion rate"),
    "problem_rate": ("问题办结率", "Problem resolution rate"),
    # figures as offices count them: two start rates, funds by origin, cohorts (the size
    # bands and 省外 are named with the targets below)
    "signed_start_rate": ("签约项目开工率", "Signed start rate"),
    "planned_start_rate": ("计划开工率", "Start rate of the year's list"),
    "funds_outside_city": ("市外省内到位资金", "Funds from elsewhere in the province"),
    "funds_local": ("本市到位资金", "Funds from within the city"),
    "funds_origin_unknown": ("来源地不明到位资金", "Funds of unknown origin"),
    "origin_unknown_projects": ("来源地不明项目数", "Projects of unknown origin"),
    "new_projects": ("新建项目数", "New projects"),
    "continuing_projects": ("续建项目数", "Continuing projects"),
    "cohorts": ("签约活动跟踪", "Cohorts by signing event"),
    "built_rate": ("建成率", "Built rate"),
    # history
    "when": ("时间", "When"),
    "effective_on": ("生效日期", "Effective"),
    "user": ("操作人", "Who"),
    "action": ("操作", "Action"),
    "field": ("字段", "Field"),
    "old": ("原值", "Old"),
    "new_value": ("新值", "New"),
    "note": ("说明", "Note"),
    "month": ("月份", "Month"),
    "total": ("合计", "Total"),
    "funds_month": ("当月到位资金", "Funds this month"),
    "completed_month": ("当月完成投资", "Completed this month"),
    "change_in_points": ("{points}个百分点", "{points} pt"),
    "no_comparison": ("无可比", "n/a"),
    "no_rate": ("无", "n/a"),  # a rate with nothing to divide by
}

# -- targets and assessment (任务分解 · 考核): README defines each figure ------------------------
WORDS.update(
    {
        "funds_outside_province": ("省外到位资金", "Funds from outside the province"),
        "started_count": ("新开工项目数", "New projects started"),
        "signed_over_1yi": ("亿元以上项目", "Projects of 100M yuan or more"),
        "signed_over_10yi": ("10亿元以上项目", "Projects of 1 billion yuan or more"),
        "signed_over_50yi": ("50亿元以上项目", "Projects of 5 billion yuan or more"),
        "target": ("目标任务", "Target"),
        "actual": ("完成", "Actual"),
        "completion": ("完成率", "Completion"),
        "schedule": ("序时进度", "Schedule"),
        "points_ahead": ("超欠进度(百分点)", "Ahead (points)"),
        "score": ("得分", "Score"),
        "rank": ("排名", "Rank"),
        "red_list": ("红榜", "Red list"),
        "black_list": ("黑榜", "Black list"),
        "unit_kind": ("考核对象类别", "Unit kind"),
        "target_unit": ("考核对象", "Unit"),
        "figure": ("指标", "Figure"),
        "year": ("年度", "Year"),
        "split": ("月度分解", "Monthly split"),
        "bonus": ("加分", "Bonus"),
        "deduction": ("扣分", "Deduction"),
        "missed": ("未完成序时进度", "Behind schedule"),
        "as_of_word": ("截至", "as of"),
    }
)


def in_language(words: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    """A key's word in the language from a table of (Chinese, English) pairs; the key itself
    when the table has none."""
    pair = words.get(key)
    return key if pair is None else pair[0 if lang is Lang.ZH else 1]


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """One of a (Chinese, English) pair, in the language."""
    return pair[0 if lang is Lang.ZH else 1]


def word(key: str, lang: Lang) -> str:
    """The label for a key in the language; the key itself when none is known."""
    return in_language(WORDS, key, lang)


# what a history entry records: the action that made the change
ACTIONS: dict[str, tuple[str, str]] = {
    "create": ("录入", "create"),
    "edit": ("修改", "edit"),
    "import": ("导入", "import"),
    "advance": ("推进", "advance"),
    "back": ("退回", "back"),
    "withdraw": ("退出", "withdraw"),
    "reinstate": ("恢复", "reinstate"),
    "resume": ("复工", "resume"),
    "assign": ("调整领导", "assign"),
    "steward rename": ("领导更名", "steward renamed"),
    "steward merge": ("领导合并", "stewards merged"),
    "procedure": ("手续", "procedure"),
    "funds": ("资金", "funds"),
    "problem": ("问题", "problem"),
}


# The parts of a record's history entry: procedure:环评:done_on, problem:62:owner, and the
# records' own entries (a procedure or problem added, a month recorded).
RECORD_FIELDS: dict[str, tuple[str, str]] = {
    "procedure": ("手续", "procedure"),
    "problem": ("问题", "problem"),
    "dispatch": ("月度调度", "monthly dispatch"),
    "procedure.done_on": ("完成日期", "done on"),
    "procedure.due_on": ("办结时限", "due"),
    "procedure.required": ("是否必办", "required"),
    "procedure.name": ("名称", "name"),
    "problem.status": ("状态", "status"),
    "problem.text": ("内容", "text"),
    "problem.category": ("类别", "category"),
    "problem.owner": ("责任单位", "owner"),
    "problem.due_on": ("解决时限", "due"),
}
# Yes and no, as history keeps them (a procedure required or not).
_YES_NO = {"True": ("是", "yes"), "False": ("否", "no")}
# The fields whose values are words of WORDS: a stage, a kind, a problem's status.
_WORDED_FIELDS = {"stage", "kind", "problem.status"}


def _record_part(field: str) -> tuple[str, str, str] | None:
    """(record, its name or number, the part changed) of a record's field: procedure:环评:done_on
    gives ("procedure", "环评", "done_on"); problem:62 is its status. None for other fields."""
    record, _, rest = field.partition(":")
    if not rest:
        return None
    if record == "procedure":
        name, _, part = rest.rpartition(":")
        return record, name, part
    if record == "problem":
        number, _, part = rest.partition(":")
        return record, number, part or "status"
    return None


def field_words(field: str, lang: Lang) -> str:
    """A history entry's field in words: 手续「环评」完成日期, 问题#62 状态, 开工日期."""
    parts = _record_part(field)
    if parts is None:
        if field in RECORD_FIELDS:
            return in_language(RECORD_FIELDS, field, lang)
        return word(field.removesuffix("_yuan"), lang)
    record, name, part = parts
    shown_part = in_language(RECORD_FIELDS, f"{record}.{part}", lang)
    if record == "procedure":
        return (
            f"手续「{name}」{shown_part}" if lang is Lang.ZH else f"procedure {name}: {shown_part}"
        )
    return f"问题#{name} {shown_part}" if lang is Lang.ZH else f"problem #{name} {shown_part}"


def amount_words(yuan: int, lang: Lang) -> str:
    """Whole yuan as a line of words shows them, with the unit: 1.91 亿元, 1.91 (100M yuan)."""
    amount = format_amount(yuan, Unit.YI)
    return f"{amount} 亿元" if lang is Lang.ZH else f"{amount} (100M yuan)"


def value_words(field: str, text: str, lang: Lang) -> str:
    """A history entry's value in words: whole yuan in 亿元 (amount_words), a stage or status
    as a word, yes or no; anything else (a date, a name) as recorded."""
    if field.endswith("_yuan") and text.lstrip("-").isdigit():
        return amount_words(int(text), lang)
    parts = _record_part(field)
    key = f"{parts[0]}.{parts[2]}" if parts else field
    if key in _WORDED_FIELDS:
        return word(text, lang)
    if key == "procedure.required":
        return in_language(_YES_NO, text, lang)
    return text


def change_words(
    action: str, field: str | None, old: str | None, new: str | None, lang: Lang
) -> tuple[str, str, str, str]:
    """A history entry as shown, every part in the language: its action, its field (a
    procedure's or problem's named with it), stages and statuses in words, whole yuan in
    亿元 or 100M yuan (a value recorded in another form stays as it was)."""

    def value(text: str | None) -> str:
        if not text or not field:
            return text or ""
        return value_words(field, text, lang)

    shown_field = field_words(field, lang) if field else ""
    return in_language(ACTIONS, action, lang), shown_field, value(old), value(new)


# -- leads before signing (线索 · 研判 · 在谈): store/domain/leads.py ---------------------------
WORDS.update(
    {
        "lead": ("线索", "lead"),
        "assessed": ("研判", "assessed"),
        "negotiating": ("在谈", "negotiating"),
        "dropped": ("已放弃", "dropped"),
        "reserve": ("储备/推介", "reserve"),
        "lead_name": ("线索名称", "Lead"),
        "lead_source": ("线索来源", "Source"),
        "lead_owner": ("跟进人", "Owner"),
        "lead_amount": ("意向投资额", "Intended amount"),
        "lead_notes": ("备注", "Notes"),
        "lead_stage": ("线索阶段", "Lead stage"),
        "lead_kind": ("线索类型", "Lead kind"),
        "lead_project": ("签约项目", "Project signed"),
        "lead_due": ("本阶段时限", "Stage due"),
        "registered_on": ("登记日期", "Registered on"),
        "assessed_on": ("研判日期", "Assessed on"),
        "negotiating_on": ("在谈日期", "Negotiating since"),
        "dropped_on": ("放弃日期", "Dropped on"),
        "reported_on": ("最近报告日期", "Last report"),
        "drop_reason": ("放弃原因", "Drop reason"),
        "days_in_stage": ("本阶段天数", "Days in stage"),
        "registered": ("登记", "registered"),
        "conversion_rate": ("转化率", "Conversion rate"),
        "drop_off": ("流失", "Drop-off"),
        "leads_in_period": ("本期线索", "Leads in the period"),
        "lead_funnel": ("线索漏斗", "Lead funnel"),
        "numbering": ("序号（不读）", "numbering, not read"),
        "lead_count": ("数量", "Count"),
        "as_of_date": ("截至", "as of"),
    }
)
ACTIONS.update(
    {
        "add": ("登记", "register"),
        "move": ("推进", "move"),
        "report": ("报告", "report"),
        "drop": ("放弃", "drop"),
        "sign": ("签约", "sign"),
        **{
            f"lead {action}": (f"线索{chinese}", f"lead {english}")
            for action, (chinese, english) in {
                "add": ("登记", "registered"),
                "move": ("推进", "moved"),
                "back": ("退回", "moved back"),
                "report": ("报告", "reported"),
                "drop": ("放弃", "dropped"),
                "edit": ("修改", "edited"),
                "sign": ("签约", "signed"),
                "import": ("导入", "imported"),
            }.items()
        },
    }
)


# -- supervision (督办): notices, their levels and steps, the health rules, the bulletin ------
WORDS.update(
    {
        "summons": ("约谈", "summons"),
        "notice": ("督办单", "Notice"),
        "notice_level": ("督办级别", "Level"),
        "notice_status": ("督办状态", "Notice status"),
        "notice_open": ("待回复", "awaiting reply"),
        "notice_replied": ("已回复", "replied"),
        "notice_closed": ("已办结", "closed"),
        "on_time": ("按期销号", "back on time"),
        "by_hand": ("手动办结", "closed by hand"),
        "issued_on": ("签发日期", "Issued"),
        "issued_by": ("签发人", "Issued by"),
        "notice_reason": ("督办事由", "Reason"),
        "reply_due": ("回复时限", "Reply due"),
        "replied_on": ("回复日期", "Replied"),
        "remedy_plan": ("整改计划", "Remedy plan"),
        "remedy_due": ("整改时限", "Remedy due"),
        "summoned": ("约谈情况", "Summons"),
        "closed_on": ("办结日期", "Closed"),
        "overdue_reply": ("逾期未回复", "Reply overdue"),  # a heading
        "notice_overdue": ("逾期未回复", "reply overdue"),  # a notice's state
        "working_days_to_reply": ("剩余工作日", "Working days left"),
        "health_rule": ("问题类型", "Rule"),
        "not_started": ("签约超期未开工", "signed long ago, not started"),
        "no_funds": ("开工后连续无资金到位", "started, no funds lately"),
        "low_funds": ("开工后资金到位不足", "started, funds in place low"),
        "figures_behind": ("依据", "Figures"),
        "last_funds_month": ("最近到位月份", "Last funds month"),
        "funds_percent": ("到位比例", "Share in place"),
        "warned_projects": ("预警项目", "Projects in warning"),
        "open_notices": ("未办结督办单", "Open notices"),
        "health_flags": ("问题项目", "Health flags"),
        "bulletin": ("督办通报", "Supervision bulletin"),
        "group": ("分组", "Group"),
        "none_named": ("未明确", "none named"),
        "notice_issue": ("签发", "issued"),
        "notice_escalate": ("升级", "escalated"),
        "notice_rise": ("逾期未回复升级", "rose, unanswered"),
        "notice_reply": ("回复", "replied"),
        "notice_summon": ("约谈", "summoned"),
        "notice_close": ("办结", "closed"),
    }
)
ACTIONS.update({"notice": ("督办", "notice")})
# A lead's fields as a project's history names them once the lead is signed (lead.stage ...).
RECORD_FIELDS.update(
    {
        f"lead.{field}": (f"线索{chinese}", f"lead {english}")
        for field, (chinese, english) in {
            "name": ("名称", "name"),
            "kind": ("类型", "kind"),
            "stage": ("阶段", "stage"),
            "source": ("来源", "source"),
            "owner": ("跟进人", "owner"),
            "amount_yuan": ("意向投资额", "amount"),
            "investor": ("投资方", "investor"),
            "investor_origin": ("投资方来源地", "investor from"),
            "chain": ("产业链", "chain"),
            "notes": ("备注", "notes"),
            "registered_on": ("登记日期", "registered on"),
            "assessed_on": ("研判日期", "assessed on"),
            "negotiating_on": ("在谈日期", "negotiating since"),
            "reported_on": ("报告日期", "reported on"),
            "signed_on": ("签约日期", "signed on"),
            "dropped_on": ("放弃日期", "dropped on"),
            "project": ("项目", "project"),
        }.items()
    }
)
_WORDED_FIELDS.add("lead.stage")

# A target's history: one set by hand (an imported one is the import's).
ACTIONS.update({"set": ("设定", "set")})
