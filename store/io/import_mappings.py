"""The columns the office names by hand (--map, and the mappings it keeps in the database):
by header or by the column's letter, each checked against the sheets read. A header two
columns of one sheet carry cannot say which it means, and a letter is not kept."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from store.db.models import Setting
from store.domain.headers import mapping_keys, normalise_header
from store.io import office_words
from store.io.import_state import ImportState
from store.io.sheets import ColumnReading, Table, column_index
from store.labels import Refusal


class MappingChecks(ImportState):
    """Which mapping decided a column, and the mappings refused or kept."""

    @staticmethod
    def _taught(mappings: dict[str, str], normal: str, column: ColumnReading) -> bool:
        """Whether a mapping decided this column (its key is the header, or the header
        without the unit it states)."""
        return any(
            key == normal or (key in normal and (chosen or None) == column.field)
            for key, chosen in mappings.items()
        )

    def _refuse_ambiguous_mappings(self, table: Table) -> None:
        """A --map header two columns of one sheet carry (备注, 时间) cannot say which it means:
        refused, naming both columns' letters, unless letters name all but one of them."""
        for header, chosen in self.options.mapping.items():
            if column_index(header) is not None:
                continue  # a column named by its letters
            key = normalise_header(header)
            headed = [
                column
                for column in table.columns
                if column.index not in self.lettered and key in mapping_keys(column.header)
            ]
            if len(headed) < 2:
                continue
            letters = [column.letter for column in headed]
            example = f"--map '{letters[0]}={chosen}'"
            raise Refusal(
                f"--map '{header}={chosen}'：有 {len(headed)} 列的表头都是「{header}」"
                f"（{'、'.join(letters)} 列），不知指哪一列：请用列字母指明，如 {example}",
                f"--map '{header}={chosen}': {len(headed)} columns are headed {header!r} "
                f"({', '.join(letters[:-1])} and {letters[-1]}), so which one is meant cannot "
                f"be told: name it by its letter, e.g. {example}",
            )

    def _refuse_unused_mappings(self) -> None:
        """A --map naming a header, or a headed column's letter, that no sheet read has."""
        mapped = [c for c in self.summary.columns if c.source == "map"]
        used = {normalise_header(c.header) for c in mapped}
        letters = {c.letter for c in mapped}
        for header in self.options.mapping:
            key = normalise_header(header)
            by_letter = column_index(header) is not None
            if not by_letter and not any(key in normal for normal in used):
                shown = ", ".join(dict.fromkeys(c.header for c in self.summary.columns))
                raise Refusal(
                    f"--map {header!r}：读到的表中没有这样的表头（表头：{shown}）",
                    f"--map {header!r}: no sheet read has a column headed so (headers: {shown})",
                )
            if by_letter and header.strip() not in letters:
                shown = ", ".join(dict.fromkeys(c.letter for c in self.summary.columns))
                raise Refusal(
                    f"--map {header!r}：读到的表中没有带表头的 {header.strip()} 列（有表头的列：{shown}）",
                    f"--map {header!r}: no sheet read has a headed column {header.strip()} "
                    f"(headed columns: {shown})",
                )

    def _refuse_saving_letters(self) -> None:
        """Mappings are kept by header: a column's letter is one sheet's layout, and names
        another column once a later sheet gains or loses one."""
        if not self.options.save_mapping:
            return
        for named, chosen in self.options.mapping.items():
            if column_index(named) is not None:
                raise Refusal(
                    f"--save-mapping 只保存按表头指定的列：'{named}={chosen}' 按列字母指定，"
                    "以后的表若增减一列就会指错列；请写该列的表头",
                    f"--save-mapping keeps mappings by header only: '{named}={chosen}' names a "
                    "column by its letter, which points elsewhere once a sheet gains or loses a "
                    "column; name it by its header",
                )

    def _save_mapping(self, session: Session) -> None:
        if not self.options.save_mapping:
            return
        for header, chosen in self.options.mapping.items():
            key, value = office_words.header_setting(header, chosen)
            session.merge(Setting(key=key, value=value))
            self.summary.mappings_saved.append(f"{key} = {value}")

    @staticmethod
    def _refuse_conflicts(table: Table) -> None:
        """Columns that claim one field: the import asks which is meant, by header or letter."""
        if not table.conflicts:
            return
        used = [column for column in table.columns if column.field not in (None, "skip")]
        claimed = Counter(column.field for column in used)
        last = next(column.letter for column in reversed(used) if claimed[column.field] > 1)
        raise Refusal(
            "；".join(table.conflicts_zh) + "：请用 --map '<表头或列字母>=<字段>' 指明用哪一列"
            f"（如 --map '{last}=unused' 不用 {last} 列）",
            "; ".join(table.conflicts)
            + ": say which one is meant with --map '<header or column letter>=<field>' "
            f"(--map '{last}=unused' leaves column {last} out)",
        )
