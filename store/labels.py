"""Chinese and English words for what the front ends and the workbook show."""

from __future__ import annotations

import locale
import os
from enum import StrEnum

from store.errors import UnknownSteward, UserError
from store.money import Unit, format_amount


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def parse_lang(text: str) -> Lang:
    try:
        return Lang(text.strip().lower()[:2])
    except ValueError:
        raise UserError(f"unknown language {text!r}: use zh or en") from None


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

    def __init__(self, chinese: str, english: str) -> None:
        super().__init__(english)
        self.chinese = chinese
        self.english = english

    def in_language(self, lang: Lang) -> str:
        return self.chinese if lang is Lang.ZH else self.english


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
    # project fields
    "code": ("项目代码", "Code"),
    "name": ("项目名称", "Name"),
    "investor": ("投资方", "Investor"),
    "investor_origin": ("投资方来源地", "Investor from"),
    "county": ("县市区", "County"),
    "park": ("园区", "Park"),
    "chain": ("产业链", "Chain"),
    "kind": ("类型", "Kind"),
    "build_content": ("建设内容", "What is built"),
    "total_investment": ("总投资", "Total investment"),
    "signed_amount": ("签约额", "Signed amount"),
    "annual_plan": ("年度计划投资", "Annual plan"),
    "funds_in_place": ("到位资金", "Funds in place"),
    "land_mu": ("用地(亩)", "Land (mu)"),
    "expected_output": ("预计年产值", "Expected output"),
    "jobs": ("就业人数", "Jobs"),
    "won_by": ("招商方式", "Won by"),
    "responsible_unit": ("责任单位", "Responsible unit"),
    "progress_note": ("进展情况", "Progress"),
    "stage": ("阶段", "Stage"),
    "signed_on": ("签约日期", "Signed on"),
    "procedures_due": ("手续办结时限", "Procedures due"),
    "procedures_on": ("手续办理日期", "Procedures on"),
    "start_due": ("计划开工日期", "Start due"),
    "started_on": ("开工日期", "Started on"),
    "production_due": ("计划投产日期", "Production due"),
    "producing_on": ("投产日期", "Producing on"),
    "resumed_on": ("复工日期", "Resumed on"),
    "withdrawn_on": ("退出日期", "Withdrawn on"),
    "withdraw_reason": ("退出原因", "Withdraw reason"),
    "steward": ("包抓领导", "Steward"),
    "other_stewards": ("其他包抓领导", "Other stewards"),
    "county_leader": ("县级领导", "County leader"),
    "deadline": ("时限", "Deadline"),
    "days_left": ("剩余天数", "Days left"),
    "working_days_left": ("剩余工作日", "Working days left"),
    "warning": ("预警", "Warning"),
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
}


def in_language(words: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    """A key's word in the language from a table of (Chinese, English) pairs; the key itself
    when the table has none."""
    pair = words.get(key)
    return key if pair is None else pair[0 if lang is Lang.ZH else 1]


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


def change_words(
    action: str, field: str | None, old: str | None, new: str | None, lang: Lang
) -> tuple[str, str, str, str]:
    """A history entry as shown: its action and field in words, stages in words, and whole
    yuan as 亿元 (a value recorded in another form stays as it was)."""

    def value(text: str | None) -> str:
        if not text or not field:
            return text or ""
        if field.endswith("_yuan") and text.lstrip("-").isdigit():
            return f"{format_amount(int(text), Unit.YI)} 亿元"
        return word(text, lang) if field == "stage" else text

    shown_field = word(field.removesuffix("_yuan"), lang) if field else ""
    return in_language(ACTIONS, action, lang), shown_field, value(old), value(new)
