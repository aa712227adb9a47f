"""The app's own words for its forms, questions and notices, in (Chinese, English) pairs.

Fields, stages and figures are named by store.labels; these are what only the app says.
"""

from __future__ import annotations

from store.labels import Lang, in_language

APP_WORDS: dict[str, tuple[str, str]] = {
    "new_project": ("新增项目", "New project"),
    "project_added": ("项目已新增", "Project added"),
    "required": ("必填", "required"),
    "discard_typing": (
        "填写的内容尚未保存，放弃吗？",
        "What you typed is not saved. Discard it?",
    ),
    "quit_unsaved": (
        "项目表单有未保存的修改，仍要退出吗？",
        "A project form has changes not saved. Quit anyway?",
    ),
    "resume": ("复工", "Resume"),
    "resumed": ("已复工", "resumed"),
    "resume_date": ("复工日期", "Resumed on"),
    "note": ("说明", "Note"),
    "messages": ("消息记录", "Messages"),
    "no_messages": ("打开以来没有消息。", "No notices since the app opened."),
    "drop_procedure": ("删除手续“{name}”？", "Delete the procedure {name}?"),
    "empty_title": ("还没有项目。", "No projects yet."),
    "empty_hint": (
        "i  导入台账表格（.xlsx / .csv）\n"
        "n  新增一个项目\n"
        "或在命令行运行 investtrack demo 打开示范数据",
        "i  import an office's sheet (.xlsx / .csv)\n"
        "n  add a project\n"
        "or run investtrack demo at the command line for a sample office",
    ),
    "wide": ("全部列", "All columns"),
    "more_in_ledger": ("另有 {count} 个 · L 台账", "{count} more · L ledger"),
    "nothing_saved": ("未保存", "nothing saved"),
    "no_changes": ("无修改", "No changes"),
    "saved_fields": ("已保存：{fields}", "Saved: {fields}"),
    "someone_else": ("另一位操作人", "another officer"),
    "changed_elsewhere": (
        "{user} 在你填写时保存了此项目：你填写的内容仍在，对方改动的值列在各栏下方。"
        "Ctrl+S 以你填写的内容保存，Ctrl+D 放弃你的修改。",
        "{user} saved this project while you were typing: your typing is kept, and their "
        "values stand under the fields they changed. Ctrl+S saves yours over theirs; Ctrl+D "
        "discards yours.",
    ),
    "theirs": ("↑ {user} 改为：{value}", "↑ {user} made it: {value}"),
    "theirs_taken": ("↑ {user} 改为此值", "↑ {user} made it this"),
    "new_value": ("新增…", "New…"),
}


def say(key: str, lang: Lang, **names: str) -> str:
    """The app's word for key in the language, with {names} filled in."""
    text = in_language(APP_WORDS, key, lang)
    return text.format(**names) if names else text
