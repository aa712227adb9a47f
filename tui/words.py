"""The app's own words, in (Chinese, English) pairs: its keys, titles, forms, questions and
notices. The app shows one language at a time, the one chosen (`g` switches it).

Fields, stages and figures are named by store.labels; `say` falls back on those, so a field
is named in one place. An entry holding {names} is filled in by `say`.
"""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import TYPE_CHECKING

from store.labels import WORDS, Lang, Refusal, in_language

if TYPE_CHECKING:
    from store.service import ProjectFilter

APP_WORDS: dict[str, tuple[str, str]] = {
    # -- keys: the footer, the help panel and the palette name them ---------------------------
    "board": ("看板", "Board"),
    "ledger": ("台账", "Ledger"),
    "stewards": ("包抓", "Stewards"),
    "deadlines": ("时限", "Deadlines"),
    "figures": ("统计", "Figures"),
    "search": ("搜索", "Search"),
    "import": ("导入", "Import"),
    # the switch names both languages, so a reader of either finds it
    "language": ("中/EN", "中/EN"),
    "messages": ("消息记录", "Messages"),
    "help": ("帮助", "Help"),
    "quit": ("退出程序", "Quit"),  # 退出 alone is a project's withdrawal (x)
    "advance": ("推进", "Advance"),
    "back": ("退回", "Back"),
    "withdraw": ("退出", "Withdraw"),
    "reinstate": ("恢复", "Reinstate"),
    "assign": ("调整领导", "Reassign"),
    "resume": ("复工", "Resume"),
    "add": ("新增", "New"),
    "new_project": ("新增项目", "New project"),
    "open_row": ("打开", "Open"),
    "stage_ledger": ("本阶段台账", "Stage ledger"),
    "group_ledger": ("本行台账", "Row ledger"),
    "next_page": ("下页", "Next"),
    "previous_page": ("上页", "Prev"),
    "sort": ("排序", "Sort"),
    "export": ("导出", "Export"),
    "columns": ("列", "Columns"),
    "clear": ("清除", "Clear"),
    "period": ("期间", "Period"),
    "group_by": ("分组", "Group by"),
    "rename": ("更名", "Rename"),
    "merge": ("合并", "Merge"),
    "retire": ("离任", "Retire"),
    "rename_steward": ("领导更名", "Rename steward"),
    "merge_steward": ("合并领导", "Merge steward"),
    "retire_steward": ("领导离任", "Retire steward"),
    "add_steward": ("新增领导", "New steward"),
    "steward_details": ("修改信息", "Details"),
    "save": ("保存", "Save"),
    "discard": ("放弃修改", "Discard"),
    "cancel": ("取消", "Cancel"),
    "close": ("关闭", "Close"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "replace": ("覆盖", "Replace"),
    "read_again": ("重读", "Read again"),
    "leave": ("返回", "Back"),
    "edit": ("修改", "Edit"),
    "drop": ("删除", "Drop"),
    "next_choice": ("下一个", "Next"),
    "previous_choice": ("上一个", "Previous"),
    "row_up": ("上一行", "Up"),
    "row_down": ("下一行", "Down"),
    "screen_up": ("上一屏", "Page up"),
    "screen_down": ("下一屏", "Page down"),
    "first_row": ("第一行", "First"),
    "last_row": ("最后一行", "Last"),
    "column_left": ("左一列", "Column left"),
    "column_right": ("右一列", "Column right"),
    "palette": ("命令", "palette"),  # Textual's own key for the command palette, ^p
    # -- the palette: what each entry does ------------------------------------------------------
    "help_screen": ("显示{label}页面", "Show the {label} screen"),
    "screens": ("页面", "screens"),
    "help_search": (
        "按名称、代码、投资方、拼音或首字母查找项目：台账的搜索",
        "Find projects by name, code, investor, pinyin or initials: the ledger's search",
    ),
    "help_language": ("切换语言：中文或英文", "Switch the language: Chinese or English"),
    "help_keys": ("列出本页面的按键", "Show the keys of this screen"),
    "help_messages": ("打开以来的每一条通知", "Every notice since the app opened"),
    "help_quit": (
        "退出程序（有未保存的填写时先询问）",
        "Leave the app (asks first when typing is not saved)",
    ),
    "help_import": (
        "读取办公室的表格（.csv、.xlsx、.xls），看清如何对应，再写入",
        "Read an office's sheet (.csv, .xlsx, .xls), see how it maps, then write it",
    ),
    "help_advance": (
        "选中项目推进到下一阶段（填写日期和备注）",
        "The selected project to its next stage (a date and a note)",
    ),
    "help_back": (
        "选中项目退回上一阶段（须填写原因）",
        "The selected project back one stage (a reason is asked)",
    ),
    "help_withdraw": (
        "选中项目退出（填写原因和日期）",
        "Withdraw the selected project (a reason and a date)",
    ),
    "help_assign": ("为选中项目另选包抓领导", "Give the selected project to another steward"),
    "help_new_project": ("在表单中新增一个已签约项目", "Add a signed project in a form"),
    "help_reinstate": ("撤销选中项目的退出", "Undo the selected project's withdrawal"),
    "help_resume": ("续建项目本年度的复工", "A continuing project's resumption this year"),
    "help_project_ledger": ("打开台账，定位到本项目", "The ledger, on the opened project"),
    "help_stage_ledger": (
        "打开台账，列出光标所在阶段的全部项目",
        "The ledger, with every project of the stage in focus",
    ),
    "help_group_ledger": (
        "打开台账，列出光标所在行统计的项目",
        "The ledger, with the projects the row under the cursor counts",
    ),
    "help_sort": (
        "按光标所在列排序（再按一次：倒序）",
        "Sort by the column under the cursor (again: reversed)",
    ),
    "help_open": ("打开光标所在的项目", "Open the project under the cursor"),
    "help_next_page": ("翻到下一页", "The next page"),
    "help_previous_page": ("翻到上一页", "The previous page"),
    "help_columns": ("台账的全部列，或先看的几列", "Every ledger column, or the ones read first"),
    "help_export": ("把显示的项目写入工作簿", "The projects shown, to a workbook"),
    "help_rename_steward": ("更正所选领导的姓名", "Correct the chosen steward's name"),
    "help_merge_steward": (
        "把所选领导的项目全部移给另一位领导，再删除所选领导",
        "Move every project of the chosen steward to another, then remove it",
    ),
    "help_retire_steward": (
        "所选领导不再接受新项目（再按一次：恢复）",
        "The chosen steward is offered for no new project (again: offered again)",
    ),
    "help_add_steward": (
        "登记一位包抓领导：姓名、职务、单位、级别、电话",
        "Record a steward: name, title, unit, level and phone",
    ),
    "help_steward_details": (
        "更正所选领导的职务、单位、级别和电话",
        "Correct the chosen steward's title, unit, level and phone",
    ),
    "help_save": (
        "保存表单的修改（有误的值不保存，并指出所在栏）",
        "Save the form (a bad value is refused, its field named)",
    ),
    "help_discard": ("放弃表单中未保存的修改", "Drop the typing not saved in the form"),
    "help_close": (
        "关闭项目（有未保存的修改时先询问）",
        "Close the project (asks first when typing is not saved)",
    ),
    "help_add_procedure": (
        "为本项目新增一项手续",
        "A procedure of the office's own, for this project",
    ),
    "help_finish_procedure": (
        "光标所在手续办结（再按一次：取消办结）",
        "Tick the procedure under the cursor done (again: not done)",
    ),
    "help_procedure_due": (
        "设定光标所在手续的时限",
        "Set the due date of the procedure under the cursor",
    ),
    "help_drop_procedure": (
        "删除光标所在手续（先询问）",
        "Delete the procedure under the cursor (asks first)",
    ),
    "help_month_funds": (
        "登记某月的到位资金和完成投资（已有记录时先询问，不累加）",
        "A month's funds in place and investment completed (a month recorded is replaced "
        "only when asked, never added up)",
    ),
    "help_edit_month": (
        "更正光标所在月份的数字",
        "Correct the figures of the month under the cursor",
    ),
    "help_drop_month": (
        "删除光标所在月份的记录（先询问）",
        "Delete the month under the cursor (asks first)",
    ),
    "help_raise_problem": (
        "登记企业提出的问题：类别、责任单位、解决时限",
        "Record a problem the enterprise raised: its category, owner and due date",
    ),
    "help_edit_problem": (
        "修改光标所在问题的内容、类别、责任单位和解决时限",
        "Correct the problem under the cursor: its text, category, owner and due date",
    ),
    "help_problem_status": (
        "光标所在问题的状态：办理中、已解决……",
        "Move the problem under the cursor on: in hand, resolved ...",
    ),
    "help_confirm_import": (
        "把读取的表格写入（显示进度，Esc 取消则不写入）",
        "Write the sheet as read (a progress bar; Esc cancels, writing nothing)",
    ),
    "help_read_again": ("按当前选项重新读取表格", "Read the sheet again with the options chosen"),
    "help_cancel_import": ("停止导入，什么也不写入", "Stop the import: nothing is written"),
    "help_leave_import": (
        "返回（路径和选项保留到下次导入）",
        "Go back (the path and options are kept for next time)",
    ),
    "help_period": (
        "本年、本季度或本月至今的统计",
        "Figures for the year, quarter or month to date",
    ),
    "help_group_by": (
        "按县市区、产业链、包抓领导或阶段统计",
        "Figures by county, chain, steward or stage",
    ),
    # -- the app's frame and its notices ---------------------------------------------------------
    "app_title": ("investtrack 招商引资项目调度", "investtrack: investment projects"),
    "stale_title": ("已被他人修改", "Changed elsewhere"),
    "refused_title": ("未保存", "Refused"),
    "error_title": ("错误", "Error"),
    "labelled": ("{label}：{value}", "{label}: {value}"),
    "stage_move": ("{move}：{stages}（{name}）", "{move}: {stages} ({name})"),
    "into_tab": ("进入当前页", "Into the tab"),
    "with_unit": ("{label}（{unit}）", "{label} ({unit})"),
    "list_joint": ("、", ", "),
    "unit_yi": ("亿元", "100M yuan"),
    "unit_wan": ("万元", "10k yuan"),
    "unit_yuan": ("元", "yuan"),
    "yi_or_wan": ("亿元；也可填 3000万", "100M yuan"),
    "days_suffix": ("天", "d"),
    "no_messages": ("打开以来没有消息。", "No notices since the app opened."),
    # -- forms and questions -------------------------------------------------------------------
    "required": ("必填", "required"),
    "nothing_saved": ("未保存", "nothing saved"),
    "discard_typing": (
        "填写的内容尚未保存，放弃吗？",
        "What you typed is not saved. Discard it?",
    ),
    "quit_unsaved": (
        "项目表单有未保存的修改，仍要退出吗？",
        "A project form has changes not saved. Quit anyway?",
    ),
    "new_entry": ("新增…", "New…"),
    "not_whole": ("不是整数：{text}", "not a whole number: {text}"),
    "not_number": ("不是数字：{text}", "not a number: {text}"),
    "negative": ("不能为负数", "must not be negative"),
    # -- moves ------------------------------------------------------------------------------------
    "date": ("日期", "Date"),
    "reason": ("原因", "Reason"),
    "reason_correction": ("原因（更正也须填写）", "Reason (a correction needs one)"),
    "reason_reinstate": ("原因（为何撤销退出）", "Reason (why the withdrawal is undone)"),
    "advanced": ("已推进", "advanced"),
    "moved_back": ("已退回", "moved back"),
    "reinstated": ("已恢复", "reinstated"),
    "resumed": ("已复工", "resumed"),
    # -- choosing a steward -------------------------------------------------------------------
    "steward_search": ("包抓领导（姓名、拼音或首字母）", "Steward (name, pinyin or initials)"),
    "steward_hint": ("输入姓名或拼音首字母", "type a name, its pinyin or initials"),
    "did_you_mean": ("是否要找：", "did you mean:"),
    "new_steward": ("+ 新建包抓领导：{name}", "+ new steward: {name}"),
    "choose_steward": ("选择一位包抓领导", "choose a steward"),
    "merge_question": (
        "将 {name} 的 {count} 个项目并入 {into}，并删除 {name}？",
        "Move every project of {name} ({count}) to {into} and remove {name}?",
    ),
    "handover_question": (
        "将 {name} 的 {count} 个在办项目交由 {successor} 包抓，并让 {name} 离任？",
        "Give every active project of {name} ({count}) to {successor} and retire {name}?",
    ),
    "create_steward": (
        "没有名为 {name} 的包抓领导。新建包抓领导 {name}？",
        "No steward is named {name}. Create a new steward {name}?",
    ),
    "alike": ("（相似：{names}）", "(like: {names})"),
    # -- the stewards screen -----------------------------------------------------------------------
    "new_name": ("新名称（各项目的历史会记下）", "New name (each project's history records it)"),
    "new_steward_title": ("新增包抓领导", "Add a steward"),
    "steward_added": ("已新增", "added"),
    "details_saved": ("信息已保存", "details saved"),
    "renamed": ("已更名", "renamed"),
    "merged": ("已合并", "merged"),
    "merge_title": (
        "合并：{name} 的项目全部并入所选领导，随后删除 {name}",
        "Merge: every project of {name} moves to the steward chosen, and {name} is removed",
    ),
    "offer_again": ("恢复 {name} 为可选包抓领导？", "Offer {name} for assignments again?"),
    "offered_again": ("已恢复可选", "offered again"),
    "retire_question": (
        "确认 {name} 离任？不再可选，单独列出。",
        "Retire {name}? Offered for no new project, listed apart.",
    ),
    # -- the project screen ----------------------------------------------------------------------
    "project_added": ("项目已新增", "Project added"),
    "details": ("详情", "Details"),
    "procedures_tab": ("手续", "Procedures"),
    "funds_tab": ("资金", "Funds"),
    "problems": ("问题", "Problems"),
    "history": ("历史", "History"),
    "procedure": ("手续", "Procedure"),
    "needed": ("必需", "Required"),
    "due": ("时限", "Due"),
    "done": ("办结", "Done"),
    "days": ("天", "Days"),
    "raised": ("提出", "Raised"),
    "category": ("类别", "Category"),
    "problem": ("问题", "Problem"),
    "owner": ("责任单位", "Owner"),
    "status": ("状态", "Status"),
    "resolved_on": ("解决", "Resolved"),
    "add_procedure": ("新增手续", "Add procedure"),
    "procedure_added": ("手续已新增", "Procedure added"),
    "raise_problem": ("登记问题", "Raise problem"),
    "problem_raised": ("问题已登记", "Problem raised"),
    "resolve_by": ("解决时限", "Resolve by"),
    "not_done": ("取消办结", "not done"),
    "done_on": ("办结日期", "Done on"),
    "marked_done": ("已办结", "done"),
    "problem_updated": ("问题已更新", "Problem updated"),
    "edit_problem": ("修改问题", "Edit problem"),
    "due_set": ("时限已设定", "Due date set"),
    "month_funds": ("登记当月资金", "Month's funds"),
    "saved": ("已保存", "saved"),
    "deleted": ("已删除", "deleted"),
    "replace_month": (
        "{month} 已有记录：到位资金 {funds}，完成投资 {completed}（{unit}）。"
        "替换为 {new_funds} 和 {new_completed}（不累加）？",
        "{month} has {funds} in place and {completed} completed ({unit}). Replace them with "
        "{new_funds} and {new_completed}? They are not added up.",
    ),
    "delete_month": (
        "删除 {month} 的记录：到位资金 {funds}，完成投资 {completed}（{unit}）？",
        "Delete {month}: {funds} in place, {completed} completed ({unit})?",
    ),
    "drop_procedure": ("删除手续“{name}”？", "Delete the procedure {name}?"),
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
    # -- the board and the ledger ----------------------------------------------------------------
    "empty_title": ("还没有项目。", "No projects yet."),
    "empty_hint": (
        "i  导入台账表格（.xlsx / .csv）\n"
        "n  新增一个项目\n"
        "或在命令行运行 investtrack demo 打开示范数据",
        "i  import an office's sheet (.xlsx / .csv)\n"
        "n  add a project\n"
        "or run investtrack demo at the command line for a sample office",
    ),
    "more_in_ledger": ("另有 {count} 个 · L 台账", "{count} more · L ledger"),
    "search_box": (
        "/ 搜索 名称 代码 投资方 拼音（jqnd）",
        "/ search: name, code, investor, pinyin (jqnd)",
    ),
    "active_only": ("在库", "Active"),
    "with_withdrawn": ("含已退出", "with withdrawn"),
    "withdrawn_only": ("仅已退出", "withdrawn only"),
    "pager_keys": ("[ ] 翻页 · o 排序 · 金额单位：{unit}", "[ ] page · o sort · amounts in {unit}"),
    # -- deadlines and figures -------------------------------------------------------------------
    "deadlines_title": (
        "时限：已超期或{days}天内到期，由近及远（{shown}）",
        "Deadlines: overdue or due within {days} days, nearest first (showing {shown})",
    ),
    "deadlines_shown": ("第{first}-{last}项/共{total}项", "{first}-{last} of {total}"),
    "deadlines_none": ("共{total}项", "none of {total}"),
    "next_page_hint": ("] 下页", "] next page"),
    "rates": ("比率", "Rates"),
    "year_before": ("上年同期", "Year before"),
    "change": ("同比", "Change"),
    # the figures as offices count them (the dashboard)
    "funds_by_origin": ("到位资金来源", "Funds in place by origin"),
    "origin_unplaced": ("来源地无法判定的项目 {count} 个", "{count} projects of unknown origin"),
    "origin_unset": (
        "未设置本地省市（office.province、office.city），{count} 个项目来源地无法判定",
        "the office's province is not set (office.province, office.city): "
        "{count} projects of unknown origin",
    ),
    "signed_by_size": ("签约规模与新建续建", "Signed by size; new and continuing"),
    # -- export ----------------------------------------------------------------------------------
    "export_to_excel": ("导出到 Excel", "Export to Excel"),
    "file": ("文件", "File"),
    "export_to": ("导出 {path}", "Export to {path}"),
    "exported": ("已导出", "Written"),
    "file_exists": (
        "{name} 已存在：y 覆盖，Esc 返回。",
        "{name} exists: y replaces it, Esc goes back.",
    ),
    "exporting": (
        "正在写入工作簿：Esc 取消，q 退出（均不留下文件）",
        "Writing the workbook: Esc cancels, q quits (neither leaves a file)",
    ),
    "cancelling": ("正在取消", "Cancelling..."),
    "saving_file": ("正在保存文件", "Saving the file..."),
    "esc_goes_back": ("Esc 返回", "Esc goes back"),
    # -- import ----------------------------------------------------------------------------------
    "import_sheet": ("导入台账", "Import a sheet"),
    "sheet_example": ("台账.xlsx", "ledger.xlsx"),
    "on_conflict": ("已有项目", "Existing"),
    "on_conflict_update": ("更新", "update"),
    "on_conflict_skip": ("跳过", "skip"),
    "on_conflict_error": ("报错", "refuse"),
    "skip_invalid": ("跳过错误行", "Skip bad rows"),
    "unit_if_unstated": ("未注明单位按", "Unstated unit"),
    "unit_unstated": ("不指定", "none"),
    "passed": ("略过的行", "Passed over"),
    "sheets": ("工作表", "Sheets"),
    "sheet": ("工作表", "Sheet"),
    "letter": ("列", "Col"),
    "header": ("表头", "Header"),
    "fills": ("导入为", "Fills"),
    "source": ("依据", "From"),
    "row": ("行", "Row"),
    "value": ("值", "Value"),
    "row_kind": ("类别", "Kind"),
    "rows": ("行数", "Rows"),
    "text": ("内容", "Text"),
    "unused": ("未使用", "unused"),
    "source_header": ("表头", "header"),
    "source_map": ("指定", "named"),
    "sheet_read": ("已读取", "read"),
    "sheet_skipped": ("已跳过", "skipped"),
    "shape_total": ("合计行", "total"),
    "shape_section": ("分节标题", "section"),
    "shape_note": ("说明行", "note"),
    "shape_signature": ("落款", "signature"),
    "shape_header_again": ("重复表头", "header again"),
    "issue_error": ("错误", "error"),
    "issue_warning": ("提醒", "warning"),
    "more_problems": (
        "另有 {count} 条：investtrack import --errors 文件.csv 列出全部",
        "{count} more: investtrack import --errors FILE.csv lists them all",
    ),
    "not_imported": ("未导入：{reason}", "Not imported: {reason}"),
    "importing": (
        "正在导入 {name}，Esc 取消（取消则不写入任何数据）",
        "Importing {name}. Esc cancels (then nothing is written)",
    ),
    "reading": ("正在读取 {name}", "Reading {name}..."),
    "reading_rows": ("正在读取 {name}：已读 {rows} 行", "Reading {name}: {rows} rows so far"),
    "import_how": (
        "输入台账文件的路径（.csv、.xlsx、.xls）后按回车，→ 补全文件名；先读取并显示结果，确认后才写入。",
        "Type the sheet's path (.csv, .xlsx, .xls) and press Enter; → completes a name. "
        "It is read and shown first, and written only when you confirm.",
    ),
    "imported": (
        "已导入 {name}：{rows} 行，新增 {added}，更新 {updated}，未变 {unchanged}，跳过 {skipped}。",
        "Imported {name}: {rows} rows, {added} added, {updated} updated, {unchanged} unchanged, "
        "{skipped} skipped.",
    ),
    "would_import": (
        "{name}：{rows} 行，将新增 {added}，更新 {updated}，未变 {unchanged}，跳过 {skipped}",
        "{name}: {rows} rows; would add {added}, update {updated}, leave {unchanged} unchanged, "
        "skip {skipped}",
    ),
    "would_refuse": (
        "。\n{count} 处问题，什么也不会写入：改正表格，或打开「跳过错误行」导入其余的行。",
        ".\n{count} problems: nothing would be written. Correct the sheet, or switch on "
        "'Skip bad rows' to import the others.",
    ),
    "ctrl_s_imports": ("。Ctrl+S 导入。", ". Ctrl+S imports."),
    "column_hint": (
        "Enter：指定光标所在的列导入为哪一项，或不导入",
        "Enter: name the field the column under the cursor fills, or none",
    ),
    "column_fills": ("{letter} 列「{header}」导入为", "Column {letter} '{header}' fills"),
    "import_refused": (
        "{count} 处问题，什么也没有写入（见「问题」）",
        "{count} problems, nothing written (see Problems)",
    ),
    # -- a procedure renamed, a problem removed, a procedure made not done ----------------------
    "help_rename_procedure": (
        "光标所在手续改名（历史记录保留原名）",
        "Rename the procedure under the cursor (history keeps the old name)",
    ),
    "help_remove_problem": (
        "删除光标所在的问题（先确认；历史记录保留）",
        "Remove the problem under the cursor (asks first; history keeps it)",
    ),
    "procedure_name": ("手续名称", "Procedure name"),
    "handover_title": (
        "{name} 离任：其 {count} 个在办项目改由谁包抓？",
        "{name} retires: who takes their {count} active projects?",
    ),
    "handed_over": (
        "{name} 已离任，{count} 个项目改由 {successor} 包抓",
        "{name} retired; {count} projects now with {successor}",
    ),
    "resolved_on_if": ("解决日期（状态为已解决时）", "Resolved on (when resolved)"),
    "procedure_renamed": ("手续已改名", "Procedure renamed"),
    "remove_problem": (
        "删除问题“{text}”？历史记录会保留。",
        "Remove the problem {text}? History keeps it.",
    ),
    "problem_removed": ("问题已删除", "Problem removed"),
    "undo_done": (
        "手续“{name}”已于 {on} 办结：取消办结？",
        "The procedure {name} was done on {on}: make it not done?",
    ),
    # -- Textual's palette, help and hints, in the app's words -----------------------------------
    "palette_placeholder": ("搜索命令或项目…", "Search for commands or projects…"),
    "no_matches": ("没有找到", "No matches found"),
    "open_palette": ("打开命令面板", "Open the command palette"),
    "quit_hint": ("按 {keys} 退出程序", "Press {keys} to quit the app"),
    "quit_hint_title": ("要退出吗？", "Do you want to quit?"),
}

# -- the assessment screen (考核): ranking against targets ------------------------------------
APP_WORDS.update(
    {
        "assessment": ("考核", "Assessment"),
        "assess_period": ("考核期", "Period"),
        "help_assess_period": (
            "本年、本季度或本月至今的考核",
            "Assess the year, quarter or month to date",
        ),
        "assess_by": ("考核对象类别", "Units"),
        "help_assess_by": (
            "考核县市区、包抓领导、责任单位或产业链专班",
            "Assess counties, stewards, responsible units or chains",
        ),
        "unit_ledger": ("对象台账", "Unit's ledger"),
        "help_unit_ledger": ("台账：该考核对象的项目", "The ledger on the unit's projects"),
        "no_targets": (
            "{period} 尚无{kind}的目标任务：investtrack target import 任务分解表.xlsx",
            "No {kind} targets for {period}: investtrack target import SHEET.xlsx",
        ),
        "assessed_as_of": (
            "{period} 截至 {as_of} · {kind} · 序时进度 {schedule}",
            "{period} as of {as_of} · {kind} · schedule {schedule}",
        ),
    }
)


# Textual's own words, as Textual says them in English, with the Chinese the app says instead:
# the keys of its widgets (the help panel lists them), a group title, the system commands.
TEXTUAL_WORDS: dict[str, str] = {
    # the app and every screen
    "Quit": "关闭程序",
    "Quit the app and return to the command prompt.": "退出程序，回到命令行",
    "Focus Next": "下一个输入项",
    "Focus Previous": "上一个输入项",
    "Copy selected text": "复制选中的文字",
    "Maximize": "放大",
    "Maximize the focused widget": "放大当前部件，占满窗口",
    "Minimize": "还原",
    "Minimize the widget and restore to normal size": "部件还原为原来大小",
    # a typed line
    "Input": "输入框",
    "Move cursor left": "光标左移",
    "Move cursor left and select": "左移并选中",
    "Move cursor left a word": "左移一个词",
    "Move cursor left a word and select": "左移一个词并选中",
    "Move cursor right and select": "右移并选中",
    "Move cursor right a word": "右移一个词",
    "Move cursor right a word and select": "右移一个词并选中",
    "Move cursor right or accept the completion suggestion": "光标右移或采用提示",
    "Go to start": "到行首",
    "Go to end": "到行尾",
    "Select line start": "选到行首",
    "Select line end": "选到行尾",
    "Select all": "全选",
    "Delete character left": "删除左边一个字",
    "Delete character right": "删除右边一个字",
    "Delete left to start of word": "删除左边一个词",
    "Delete right to start of word": "删除右边一个词",
    "Delete all to the left": "删除左边全部",
    "Delete all to the right": "删除右边全部",
    "Cut selected text": "剪切选中的文字",
    "Paste text from the clipboard": "粘贴",
    "Submit": "提交",
    # lists, tables, tabs, buttons and scrolling
    "Up": "上移",
    "Down": "下移",
    "First": "第一项",
    "Last": "最后一项",
    "Page Up": "上一屏",
    "Page Down": "下一屏",
    "Page Left": "左一屏",
    "Page Right": "右一屏",
    "Select": "选择",
    "Cursor up": "上一行",
    "Cursor down": "下一行",
    "Cursor left": "左一列",
    "Cursor right": "右一列",
    "Page up": "向上翻屏",
    "Page down": "向下翻屏",
    "Top": "顶部",
    "Bottom": "底部",
    "Home": "最左",
    "End": "最右",
    "Show menu": "展开选项",
    "Dismiss menu": "收起选项",
    "Next tab": "下一个标签页",
    "Previous tab": "上一个标签页",
    "Press button": "按下按钮",
    "Toggle": "切换",
    "Scroll Up": "向上滚动",
    "Scroll Down": "向下滚动",
    "Scroll Left": "向左滚动",
    "Scroll Right": "向右滚动",
    "Scroll Home": "滚到开头",
    "Scroll End": "滚到末尾",
}
APP_WORDS.update({english: (chinese, english) for english, chinese in TEXTUAL_WORDS.items()})


def say(key: str, lang: Lang, **names: str) -> str:
    """The app's word for key in the language, with {names} filled in; a field, stage or
    figure by store.labels' word; anything else as it is."""
    text = in_language(APP_WORDS if key in APP_WORDS else WORDS, key, lang)
    return text.format(**names) if names else text


def labelled(label: str, value: str, lang: Lang) -> str:
    """A value after its label ("推进：项目名称", "Advance: the name")."""
    return say("labelled", lang, label=label, value=value)


def units_listed(label: str, units: list[str], lang: Lang) -> str:
    """An assessment's red or black list after its label: 红榜：秦州区、麦积区 (- for none)."""
    return labelled(label, "、".join(units) or "-", lang)


def joined(texts: list[str], lang: Lang) -> str:
    """Names one after another, as the language lists them."""
    return say("list_joint", lang).join(texts)


def filters_text(filters: ProjectFilter, lang: Lang) -> str:
    """The filter in force, in words ("阶段：开工 · 县市区：肃州区"); "" for none."""
    parts = []
    for field in fields(filters):
        value = getattr(filters, field.name)
        if value in (None, False, ""):
            continue
        if value is True:  # withdrawn projects shown
            parts.append(say(field.name.replace("include_", "with_"), lang))
        elif isinstance(value, Enum):  # a stage or a warning
            parts.append(labelled(say(field.name, lang), say(str(value.value), lang), lang))
        else:
            parts.append(labelled(say(field.name, lang), str(value), lang))
    return " · ".join(parts)


def refusal(key: str, **names: str) -> Refusal:
    """A mistake the app itself finds in what was typed, worded in both languages: shown in
    the one chosen (store.labels.said)."""
    return Refusal(say(key, Lang.ZH, **names), say(key, Lang.EN, **names))


# -- the leads board (线索 · 研判 · 在谈): tui/screens/leads.py -----------------------------------
APP_WORDS.update(
    {
        "leads": ("线索", "Leads"),
        "drop_lead": ("放弃", "Drop"),
        "sign_lead": ("签约", "Sign"),
        "new_lead": ("新增线索", "New lead"),
        "lead_form": ("线索", "Lead"),
        "reserve_toggle": ("线索/储备", "Leads/Reserve"),
        "other_source": ("+ 其他来源", "+ another source"),
        "report_lead": ("报告", "Report"),
        "lead_reported": ("已报告", "reported"),
        "help_lead_report": (
            "报告在谈线索的进展，时限重新起算",
            "Report on the lead under negotiation: its clock starts again",
        ),
        "lead_signed": ("已签约，项目已建立", "signed: its project is made"),
        "lead_added": ("已登记", "registered"),
        "leads_empty": (
            "还没有线索。按 n 登记一条，或用 investtrack lead import 导入线索台账。",
            "No leads yet. Press n to register one, or import a leads sheet with "
            "investtrack lead import.",
        ),
        "help_lead_advance": (
            "推进选中线索（在谈的线索则签约，建立项目）",
            "Move the selected lead on (one under negotiation is signed: its project is made)",
        ),
        "help_lead_back": (
            "选中线索退回一个阶段（需写明原因）",
            "Move the lead back a stage (with a reason)",
        ),
        "help_lead_drop": ("放弃选中线索（需写明原因）", "Drop the selected lead (with a reason)"),
        "help_new_lead": ("在表单中登记一条新线索", "Register a new lead in a form"),
        "help_reserve": ("切换：线索或储备/推介项目", "Switch between leads and the reserve"),
    }
)


# -- supervision (督办): the screen, its keys and what they say ----------------------------------
APP_WORDS.update(
    {
        "supervision": ("督办", "Supervision"),
        "notice_issue_key": ("签发督办单", "Issue notice"),
        "help_notice_issue": (
            "对一个项目签发督办单（蓝、黄或红），回复时限按工作日计算",
            "Issue a notice on a project (blue, yellow or red), its reply due in working days",
        ),
        "notice_reply_key": ("登记回复", "Reply"),
        "help_notice_reply": (
            "登记责任单位的整改计划及整改时限",
            "Record the unit's remedy plan and the day it is due",
        ),
        "notice_escalate_key": ("升级", "Escalate"),
        "help_notice_escalate": (
            "将督办单升高一级（蓝→黄→红→约谈），回复时限重新计算",
            "Raise the notice a level (blue, yellow, red, summons), with a new reply deadline",
        ),
        "notice_close_key": ("办结", "Close"),
        "help_notice_close": (
            "办结督办单：项目已按期可不写原因，否则须写明原因",
            "Close the notice: a reason is needed unless the project is back on time",
        ),
        "supervise_key": ("今日督办", "Supervise"),
        "help_supervise": (
            "逾期未回复的督办单逐级升级，已按期的项目销号（重复运行不重复升级）",
            "Escalate every notice unanswered past its deadline, close those back on time "
            "(running it again changes nothing)",
        ),
        "bulletin_key": ("督办通报", "Bulletin"),
        "help_bulletin": (
            "生成月度督办通报（.xlsx 或 .md），按包抓领导或责任单位",
            "Write the monthly bulletin (.xlsx or .md), by steward or responsible unit",
        ),
        "bulletin_by": ("分组", "By"),
        "bulletin_written": ("通报已写入", "Bulletin written"),
        "notice_project": ("项目（代码、#编号或名称）", "Project (code, #id or name)"),
        "notice_project_hint": ("2401-620902-04-01-123456", "2401-620902-04-01-123456"),
        "notice_issued": ("督办单已签发", "Notice issued"),
        "notice_replied_done": ("回复已登记", "Reply recorded"),
        "notice_closed_done": ("督办单已办结", "Notice closed"),
        "notice_escalated_done": ("督办单已升级", "Notice escalated"),
        "notice_close_reason": (
            "办结原因（项目已按期可不填）",
            "Reason (none needed when the project is back on time)",
        ),
        "supervised": (
            "督办：升级 {rises} 次，办结 {closed} 件",
            "Supervised: {rises} rises, {closed} closed",
        ),
        "project_notice": ("督办", "Notice"),
    }
)

# -- the database opening, files written where the officer is told --------------------------
APP_WORDS.update(
    {
        "opening_database": (
            "正在打开数据库……\n\n首次打开新数据库需要几秒钟准备。",
            "Opening the database…\n\nA new database takes a few seconds to prepare.",
        ),
        "file_exists_save_again": (
            "{path} 已存在：再按 Ctrl+S 覆盖",
            "{path}: the file exists · Ctrl+S again replaces it",
        ),
    }
)

# -- the deadlines' headings, short enough to leave the name and the note room at 80 columns
APP_WORDS.update(
    {
        "days_short": ("剩余天数", "Days"),
        "working_days_short": ("工作日", "Work days"),
    }
)
