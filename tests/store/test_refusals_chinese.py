"""One language at a time: every part of a history line, read through store.labels (which
the app's history tab, its error lines and the command line use) in the language chosen. In
Chinese no field key (started_on, funds_in_place_yuan, procedure:环评:done_on) nor stored value
(in_hand, continuing) reaches the user; in English the line is the English one."""

from __future__ import annotations

import re

from store.labels import Lang, change_words

# A field key or stored value as the program spells it, never as a user reads it.
ASCII_KEY = re.compile(
    r"[a-z]+_[a-z_]+|_on\b|_yuan|:done_on|\bin_hand\b|\bunresolvable\b|\bcontinuing\b"
    r"|\b(?:procedure|problem|dispatch):|\b(?:signed|procedures|started|producing)\b"
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# Every kind of history entry a project collects, as the store records them:
# (action, field, old, new).
HISTORY = [
    ("create", "stage", None, "signed"),
    ("advance", "procedures_on", None, "2024-02-01"),
    ("advance", "stage", "signed", "procedures"),
    ("edit", "kind", "new", "continuing"),
    ("edit", "total_investment_yuan", "100000000", "250000000"),
    ("edit", "land_mu", "120", "150"),
    ("resume", "resumed_on", None, "2024-03-01"),
    ("withdraw", "withdrawn_on", None, "2024-05-01"),
    ("withdraw", "withdraw_reason", None, "企业投资计划调整"),
    ("reinstate", "withdrawn_on", "2024-05-01", None),
    ("assign", "steward", "王建国", "李志强"),
    ("steward rename", "steward", "王建果", "王建国"),
    ("steward merge", "steward", "王建果", "王建国"),
    ("import", "other_stewards", "", "陈明"),
    ("funds", "funds_in_place_yuan", "0", "50000000"),
    ("funds", "funds_month_yuan", None, "50000000"),
    ("funds", "completed_month_yuan", "0", "20000000"),
    ("funds", "note", None, "主体完工"),
    ("funds", "dispatch", None, "2024-03-01"),
    ("procedure", "procedure", None, "压覆矿评估"),
    ("procedure", "procedure:环评:done_on", None, "2024-03-01"),
    ("procedure", "procedure:环评:due_on", "2024-05-01", "2024-06-01"),
    ("procedure", "procedure:水保:required", "True", "False"),
    ("procedure", "procedure:压覆矿产评估:name", "压覆矿产评估", "压覆矿评估"),
    ("problem", "problem", None, "用地指标未落实"),
    ("problem", "problem:62", "open", "in_hand"),
    ("problem", "problem:62", "in_hand", "resolved"),
    ("problem", "problem:62", "resolved", "unresolvable"),
    ("problem", "problem:62:owner", "", "玉门市自然资源局"),
    ("problem", "problem:62:due_on", "2024-04-10", "2024-05-10"),
    ("problem", "problem:62:category", "用地", "用电"),
    ("problem", "problem:62:text", "用地", "用地指标"),
]


def test_every_part_of_a_history_line_reads_in_chinese() -> None:
    for entry in HISTORY:
        shown = change_words(*entry, Lang.ZH)
        assert CHINESE.search(shown[0]) and CHINESE.search(shown[1]), (entry, shown)
        assert not any(ASCII_KEY.search(part) for part in shown), (entry, shown)
        assert not any(re.search(r"\b(?:open|resolved|True|False)\b", p) for p in shown), shown
    assert change_words(*HISTORY[20], Lang.ZH) == ("手续", "手续「环评」完成日期", "", "2024-03-01")
    assert change_words(*HISTORY[25], Lang.ZH) == ("问题", "问题#62 状态", "未解决", "办理中")
    assert change_words(*HISTORY[4], Lang.ZH)[1:] == ("总投资", "1.00 亿元", "2.50 亿元")
    assert change_words(*HISTORY[22], Lang.ZH)[2:] == ("是", "否")


def test_every_part_of_a_history_line_reads_in_english() -> None:
    for entry in HISTORY:
        shown = change_words(*entry, Lang.EN)
        named = entry[1].split(":")[1] if entry[1].startswith("procedure:") else ""
        field = shown[1].replace(named, "") if named else shown[1]
        assert not CHINESE.search(shown[0]) and not CHINESE.search(field), (entry, shown)
    assert change_words(*HISTORY[20], Lang.EN) == (
        "procedure",
        "procedure 环评: done on",
        "",
        "2024-03-01",
    )
    assert change_words(*HISTORY[25], Lang.EN) == (
        "problem",
        "problem #62 status",
        "open",
        "in hand",
    )
    assert change_words(*HISTORY[3], Lang.EN)[1:] == ("Kind", "new", "continuing")


def test_every_project_field_is_named_in_chinese_in_history() -> None:
    from store.domain.fields import FIELDS

    for field in FIELDS:
        _, shown, _, _ = change_words("edit", field.name, None, "1", Lang.ZH)
        assert CHINESE.search(shown) and not ASCII_KEY.search(shown), (field.name, shown)
