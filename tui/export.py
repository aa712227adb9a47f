"""The export key: any list's rows written to an .xlsx file, in a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.service import ProjectFilter
from tui.modals import FormField, FormModal

if TYPE_CHECKING:
    from tui.app import InvestTrackApp


def ask_export(app: InvestTrackApp, filters: ProjectFilter) -> None:
    from store.exporter import ExportOptions, export

    default = f"investtrack-{app.store.today:%Y%m%d}.xlsx"

    def save(values: dict[str, object] | None) -> None:
        if values:
            options = ExportOptions(filters=filters, lang=app.lang)
            app.write(
                lambda store: export(store, str(values["path"]), options),
                done=f"Written 已导出: {values['path']}",
            )

    app.push_screen(
        FormModal("Export to Excel 导出", [FormField("path", "File 文件", default, required=True)]),
        save,
    )
