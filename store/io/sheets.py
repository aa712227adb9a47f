"""Reading any office's sheet: its rows, where its table's header is, and what each row is.

- `read_rows` gives a file's rows, numbered as the sheet numbers them: CSV in UTF-8 (with or
  without a BOM), UTF-16 or GB18030, even a file mixing UTF-8 and GB18030 lines (each line is
  decoded on its own, and the mix is noted); .xlsx/.xls/.ods through calamine, except a sheet
  whose used range is too large to hold as a grid (a stray cell at XFD1048576), which is read
  row by row instead.
- `find_table` finds the header below title and unit lines (one row, or two when a merged
  开工时间 stands over 计划 | 实际) and reads each column's header by meaning.
- `classify_row` tells a project row from the rest: blanks, 合计/小计, section rows
  (一、新建项目), notes (注：), signature lines (填表人：) and a header repeated on a new page.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree

from store.domain.headers import HeaderReading, known_headers_text, read_header, unit_line
from store.errors import UserError
from store.labels import WORDS, Lang, Refusal, said
from store.money import Unit
from store.stages import Kind

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")
CSV_SUFFIXES = (".csv", ".txt")
HEADER_SEARCH_ROWS = 30
# A sheet is handed to calamine, which holds its used range as one grid, up to this many
# cells (about 0.5 GB); a larger range (a stray cell far out) is read row by row.
MAX_GRID_CELLS = 16_000_000
CSV_FIELD_LIMIT = csv.field_size_limit()


# What reading noticed, in (Chinese, English), as store.labels pairs words.
Note = tuple[str, str]


class Rows(Iterator[list[object]]):
    """A sheet's rows in order. `number` is the sheet's row number (1-based) of the row last
    given; `push_back` returns a row so that it is given again; `noticed` holds what reading
    noticed (an encoding mix, a huge used range), in Chinese and English, complete once the
    rows are exhausted, and `notes` its English."""

    def __init__(self, rows: Iterable[list[object]], noticed: list[Note] | None = None) -> None:
        self._rows = iter(rows)
        self._back: list[list[object]] = []
        self.number = 0
        self.noticed: list[Note] = noticed if noticed is not None else []

    @property
    def notes(self) -> list[str]:
        return [english for _, english in self.noticed]

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> list[object]:
        cells = self._back.pop() if self._back else next(self._rows)
        self.number += 1
        return cells

    def push_back(self, cells: list[object]) -> None:
        self._back.append(cells)
        self.number -= 1


# -- reading files -------------------------------------------------------------------------------


def read_rows(path: Path, encoding: str | None = None, sheet: str | None = None) -> Rows:
    """The rows of a CSV file or of one sheet of a workbook (the first unless named)."""
    if not path.exists():
        raise Refusal(f"没有这个文件：{path}", f"no such file: {path}")
    suffix = path.suffix.lower()
    notes: list[Note] = []
    if suffix in CSV_SUFFIXES:
        return Rows(_csv_rows(path, encoding, notes), notes)
    if suffix in WORKBOOK_SUFFIXES:
        return Rows(_sheet_rows(path, sheet, notes), notes)
    raise Refusal(
        f"{path.name}：未知的文件类型 {suffix!r}：请用 .csv、.xlsx 或 .xls",
        f"{path.name}: unknown file kind {suffix!r}: use .csv, .xlsx or .xls",
    )


def detect_encoding(path: Path) -> str:
    """A UTF-16 BOM; else UTF-8 (with or without its BOM) when every byte is, checked in
    chunks so memory stays flat; else GB18030, which read_rows applies line by line so that
    UTF-8 lines among GB18030 ones are read as UTF-8."""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def _csv_rows(path: Path, encoding: str | None, notes: list[Note]) -> Iterator[list[object]]:
    chosen = encoding or detect_encoding(path)
    try:
        if chosen == "gb18030" and encoding is None:
            mixed = _Mixed()
            yield from _parsed(path, _lines_one_by_one(path, mixed), mixed.row_ends)
            notes.extend(mixed.note(path))
            return
        with path.open(encoding=chosen, newline="", errors="strict") as stream:
            yield from _parsed(path, stream)
    except (UnicodeDecodeError, LookupError) as error:
        raise Refusal(
            f"{path.name}：无法按 {chosen} 读取：{error}",
            f"{path.name}: cannot read as {chosen}: {error}",
        ) from None


def _parsed(
    path: Path, lines: Iterable[str], row_ends: list[int] | None = None
) -> Iterator[list[object]]:
    """CSV records; a broken one (a field past the csv module's limit, usually a quotation mark
    left open) is one line naming where the record began. row_ends, when given, gets the
    line each record ends on."""
    reader = csv.reader(lines)
    ended = 0  # the line the last record given ended on
    try:
        for row in reader:
            if row_ends is not None:
                row_ends.append(reader.line_num)
            # a list of str is a row of cells; mypy holds lists invariant
            yield row  # type: ignore[misc]
            ended = reader.line_num
    except csv.Error as error:
        reason, reason_zh = str(error), ""
        if "field larger than field limit" in reason:
            reason = f"a cell longer than {CSV_FIELD_LIMIT:,} characters (is a quotation mark left open?)"
            reason_zh = f"单元格超过 {CSV_FIELD_LIMIT:,} 个字符（是否有引号没有闭合？）"
        raise Refusal(
            f"{path.name}：从第 {ended + 1} 行开始的那一行：{reason_zh or reason}",
            f"{path.name}: the row beginning on line {ended + 1}: {reason}",
        ) from None


def _common_characters() -> frozenset[str]:
    """GB2312's characters: the 6,763 hanzi an office writes every day, with its punctuation
    and symbols. GBK bytes misread as UTF-8, or UTF-8 misread as GB18030, give mostly others."""
    pairs = (bytes((high, low)) for high in range(0xA1, 0xF8) for low in range(0xA1, 0xFF))
    return frozenset(pair.decode("gb2312", errors="ignore") for pair in pairs) - {""}


_COMMON = _common_characters()


def _uncommon(text: str) -> int:
    """How many of the text's characters beyond ASCII an office seldom writes."""
    return sum(1 for character in text if character >= "\x80" and character not in _COMMON)


@dataclass
class _Mixed:
    """What reading a file line by line found: the lines read as GB18030, how many as UTF-8,
    and (from the CSV reader) the line each record ends on, so lines become the sheet's rows."""

    gb_lines: list[int] = field(default_factory=list)
    utf8_lines: int = 0
    row_ends: list[int] = field(default_factory=list)

    def note(self, path: Path) -> list[Note]:
        """The note a file mixing both encodings gets: which rows were read as GB18030."""
        if not self.gb_lines or not self.utf8_lines:
            return []
        rows = sorted({bisect_left(self.row_ends, line) + 1 for line in self.gb_lines})
        spans = _spans(rows)
        more = len(spans) - 10
        shown = ", ".join(spans[:10]) + (f" and {more} more" if more > 0 else "")
        shown_zh = "、".join(spans[:10]) + (f" 等，另有 {more} 段" if more > 0 else "")
        return [
            (
                f"{path.name} 混用两种编码：{len(rows)} 行按 GB18030 读取（第 {shown_zh} 行），"
                f"{self.utf8_lines} 行按 UTF-8 读取",
                f"{path.name} mixes encodings: {_rows(len(rows))} read as GB18030 "
                f"({shown}), {_lines(self.utf8_lines)} as UTF-8",
            )
        ]


def _spans(numbers: list[int]) -> list[str]:
    """Sorted numbers as runs: [3, 5, 6, 7] gives 3, 5-7."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return [str(first) if first == last else f"{first}-{last}" for first, last in spans]


def _line_text(path: Path, number: int, raw: bytes, mixed: _Mixed) -> str:
    """One line in the encoding it is valid in. Valid in both, it is read in the one giving
    the characters an office writes; when neither reading is likelier, or the line is valid
    in neither, the file is refused naming the line."""
    try:
        as_utf8: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    try:
        as_gb: str | None = raw.decode("gb18030")
    except UnicodeDecodeError:
        as_gb = None
    if as_utf8 is not None and as_gb is not None:
        utf8_odd, gb_odd = _uncommon(as_utf8), _uncommon(as_gb)
        if utf8_odd == gb_odd:
            raise _ambiguous(path, number, as_utf8, as_gb)
        if utf8_odd < gb_odd:
            as_gb = None
        else:
            as_utf8 = None
    if as_utf8 is not None:
        mixed.utf8_lines += 1
        return as_utf8
    if as_gb is not None:
        mixed.gb_lines.append(number)
        return as_gb
    raise Refusal(
        f"{path.name} 第 {number} 行既不是 UTF-8 也不是 GB18030：请把文件另存为 UTF-8",
        f"{path.name}: line {number} is neither UTF-8 nor GB18030: save the file again as UTF-8",
    )


def _ambiguous(path: Path, number: int, as_utf8: str, as_gb: str) -> Refusal:
    utf8_text, gb_text = _start(as_utf8), _start(as_gb)
    return Refusal(
        f"{path.name} 第 {number} 行按 UTF-8（“{utf8_text}”）和按 GB18030（“{gb_text}”）"
        "读来都像中文，无法判断：请把文件另存为 UTF-8",
        f"{path.name}: line {number} reads as Chinese both as UTF-8 (“{utf8_text}”) and as "
        f"GB18030 (“{gb_text}”), so which it is cannot be told: save the file again as UTF-8",
    )


def _start(text: str) -> str:
    text = text.strip()
    return text[:20] + ("…" if len(text) > 20 else "")


def _lines_one_by_one(path: Path, mixed: _Mixed) -> Iterator[str]:
    """A file that is not all UTF-8, decoded line by line, each in the encoding it is valid
    in (_line_text). A file that mixes both (lines pasted from two exports) is read right and
    noted."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if raw.isascii():
                yield raw.decode("ascii")
                continue
            yield _line_text(path, number, raw, mixed)


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


def workbook_sheets(path: Path) -> list[str]:
    """A workbook's sheet names in order; no names for a CSV file."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as error:
        raise Refusal(
            f"{path.name}：不是可读的工作簿：{error}",
            f"{path.name}: not a readable workbook: {error}",
        ) from None


def _sheet_rows(path: Path, sheet: str | None, notes: list[Note]) -> Iterator[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:
        raise Refusal(
            f"{path.name}：不是可读的工作簿：{error}",
            f"{path.name}: not a readable workbook: {error}",
        ) from None
    names = list(book.sheet_names)
    name = sheet or (names[0] if names else "")
    if name not in names:
        raise Refusal(
            f"{path.name}：没有名为 {name!r} 的工作表（现有：{'、'.join(names)}）",
            f"{path.name}: no sheet named {name!r} (sheets: {', '.join(names)})",
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        extent = _xlsx_extent(path, name)
        if extent is not None and extent[0] * extent[1] > MAX_GRID_CELLS:
            reach = f"{column_letter(extent[1] - 1)}{extent[0]}"
            notes.append(
                (
                    f"{path.name} [{name}]：单元格延伸到 {reach}，范围太大，已逐行读取",
                    f"{path.name} [{name}]: cells reach {reach}, "
                    "too far out to hold as one grid: read row by row",
                )
            )
            yield from _streamed_rows(path, name)
            return
    try:
        worksheet = book.get_sheet_by_name(name)
    except Exception as error:
        raise Refusal(
            f"{path.name} [{name}]：不是可读的工作表：{error}",
            f"{path.name} [{name}]: not a readable sheet: {error}",
        ) from None
    # calamine numbers rows from the sheet's first, but columns from the used range's first
    left = [""] * (worksheet.start[1] if worksheet.start else 0)
    for row in worksheet.iter_rows():
        yield [*left, *row] if left else list(row)


def _xlsx_extent(path: Path, sheet: str) -> tuple[int, int] | None:
    """(rows, columns) a sheet's cells reach: its <dimension> when that is small (Excel, WPS
    and the common writers record the used range there), else the reach of the cells holding
    a value, scanned (styled empty cells do not count: calamine leaves them out too). None
    when the file is not laid out as expected (calamine then reports it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return None
            with archive.open(part) as stream:
                head = stream.read(1 << 16)
            match = _DIMENSION.search(head)
            if match:
                last = match.group(2) or match.group(1)
                rows, columns = _cell_position(last)
                if rows * columns <= MAX_GRID_CELLS:
                    return rows, columns
            return _valued_extent(archive, part)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return None


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+\d+)(?::([A-Z]+\d+))?"')
_VALUED_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
_RELATIONSHIP_ID = "}id"


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member holding a sheet, found through the workbook and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    target_id = next(
        (
            value
            for element in workbook.iter()
            if element.tag.endswith("sheet") and element.get("name") == sheet
            for key, value in element.attrib.items()
            if key.endswith(_RELATIONSHIP_ID)
        ),
        None,
    )
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for relation in relationships:
        if relation.get("Id") == target_id:
            target = relation.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _valued_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The last row and column holding a value, scanning the sheet's XML as it streams."""
    last_row, last_column, tail = 0, 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            for letters, row in _VALUED_CELL.findall(data):
                last_row = max(last_row, int(row))
                last_column = max(last_column, _column_number(letters))
            tail = data[-256:]
    return last_row, last_column


def _streamed_rows(path: Path, sheet: str) -> Iterator[list[object]]:
    """A sheet read row by row (openpyxl's read-only mode), each row as long as its own cells
    reach rather than the whole sheet's width."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = book[sheet]
        worksheet.reset_dimensions()
        for row in worksheet.iter_rows(values_only=True):
            yield ["" if value is None else value for value in row]
    finally:
        book.close()


def _column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def _cell_position(reference: bytes) -> tuple[int, int]:
    text = reference.decode("ascii")
    letters = text.rstrip("0123456789")
    return int(text[len(letters) :]), _column_number(letters)


# A column named by its letters (--map 'F=steward'): capitals, as a sheet's column heads show.
_COLUMN_LETTERS = re.compile(r"[A-Z]{1,3}")


def column_index(text: str) -> int | None:
    """The 0-based index of the column a text names by its letters (F -> 5, AB -> 27), or None
    when the text is not a column's letters."""
    letters = text.strip()
    return _column_number(letters) - 1 if _COLUMN_LETTERS.fullmatch(letters) else None


def column_letter(index: int) -> str:
    """A column's letters from its 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# -- the table's header --------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnReading:
    """One column as its header was read. field None: the column is left unused; "skip": a
    column known to carry nothing to import (序号). A grouped header reads "开工时间/计划"."""

    index: int
    letter: str
    header: str
    field: str | None
    unit: Unit | None


@dataclass
class Table:
    """Where a sheet's table is and what its columns mean. header_row is the (last) header
    row's number; unit_line the unit a 单位：万元 line above the table states; conflicts name
    the columns that claim one field (the import must not let the last one win), and
    conflicts_zh the same in Chinese."""

    header_row: int
    columns: list[ColumnReading]
    unit_line: Unit | None
    conflicts: list[str] = field(default_factory=list)
    conflicts_zh: list[str] = field(default_factory=list)
    # classify_row's view of the columns, kept while `columns` is the same list of the same
    # length (dataclasses.replace makes a table afresh)
    _layout: tuple[list[ColumnReading], int, _Layout] | None = field(
        default=None, init=False, repr=False, compare=False
    )


def find_table(
    file: str,
    rows: Rows,
    custom: Mapping[str, str] | None = None,
    lettered: Mapping[int, str] | None = None,
) -> Table:
    """Consume rows up to and including the header and read it. The header is the first row
    with a project name column and one more column understood; a second header row below
    (计划 | 实际 under a merged 开工时间) is read with it. `custom` names fields by header,
    `lettered` by the column's index (a field, or "" for unused), and wins. UserError naming
    the file, showing the first rows looked at and the headers known, when no header is found."""
    named = Naming(custom, lettered or {})
    looked: list[tuple[int, list[object]]] = []
    sheet_unit: Unit | None = None
    above: list[object] | None = None  # the row right above, when it holds words
    for cells in rows:
        if rows.number > HEADER_SEARCH_ROWS:
            break
        readings = _readings(cells, named)
        if _is_header(readings):
            return _table(file, rows, cells, above, sheet_unit, named)
        above = None if _blank_row(cells) else cells
        if above is not None:
            looked.append((rows.number, cells))
            sheet_unit = _unit_in_line(cells) or sheet_unit
    raise Refusal(_no_header_message(file, looked, Lang.ZH), _no_header_message(file, looked))


@dataclass(frozen=True)
class Naming:
    """The fields the office named by hand: by header (custom) and by column index."""

    custom: Mapping[str, str] | None
    lettered: Mapping[int, str]

    def read(self, text: str, index: int) -> HeaderReading:
        return read_header(text, self.custom, self.lettered.get(index))


def _readings(cells: list[object], named: Naming) -> dict[int, HeaderReading]:
    """The readings of a row's words, errors ignored: a title row is not yet a header."""
    readings = {}
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and cell.strip():
            try:
                readings[index] = named.read(cell, index)
            except UserError:
                readings[index] = HeaderReading(None, None, cell.strip())
    return readings


def _is_header(readings: dict[int, HeaderReading]) -> bool:
    fields = {reading.field for reading in readings.values()} - {None, "skip"}
    return "name" in fields and len(fields) >= 2


def _blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and cell.isspace())


def _blank_row(cells: list[object]) -> bool:
    return all(_blank(cell) for cell in cells)


def _unit_in_line(cells: list[object]) -> Unit | None:
    return next(
        (unit for cell in cells if isinstance(cell, str) and (unit := unit_line(cell))), None
    )


def _table(
    file: str,
    rows: Rows,
    header: list[object],
    above: list[object] | None,
    sheet_unit: Unit | None,
    named: Naming,
) -> Table:
    header_row = rows.number
    parent: list[object] | None = None
    child = header
    if _has_gaps(header):
        following = next(rows, None)
        if following is not None and _is_second_header_row(header, following, named):
            parent, child, header_row = header, following, rows.number
        elif following is not None:
            rows.push_back(following)
    if parent is None and above is not None and _is_group_row(above, header):
        parent = above
    columns = []
    width = max(len(child), len(parent or []))
    for index in range(width):
        text, reading = _column_header(file, header_row, index, parent, child, named)
        if text:
            columns.append(
                ColumnReading(index, column_letter(index), text, reading.field, reading.unit)
            )
    in_header = _unit_in_line([c.header for c in columns if c.field is None])
    unit = in_header or sheet_unit
    return Table(header_row, columns, unit, _conflicts(columns), _conflicts(columns, Lang.ZH))


def _has_gaps(cells: list[object]) -> bool:
    """A blank cell right of the first header: a merged group header may stand over it."""
    filled = [index for index, cell in enumerate(cells) if not _blank(cell)]
    return bool(filled) and len(filled) < len(cells) - filled[0]


def _is_second_header_row(header: list[object], following: list[object], named: Naming) -> bool:
    """Words only (no figures or dates, which a CSV gives as text too), none under the name
    column, at least one under a blank (merged) cell of the header, and none that reads as a
    row of the table (a section, a total, a note)."""
    filled = [index for index, cell in enumerate(following) if not _blank(cell)]
    if not filled or not all(
        isinstance(following[index], str) and not _FIGURES.match(str(following[index]).strip())
        for index in filled
    ):
        return False
    readings = _readings(header, named)
    name_columns = [index for index, reading in readings.items() if reading.field == "name"]
    if any(index in filled for index in name_columns):
        return False
    if not any(index >= len(header) or _blank(header[index]) for index in filled):
        return False
    return not any(_text_shape(str(following[index])) for index in filled)


_FIGURES = re.compile(r"^[\d\s.,，%/\-:年月日亿万元]+$")


def _is_group_row(above: list[object], header: list[object]) -> bool:
    """A row of group headings above the header (基本情况 | 投资情况（万元） | 计划 | 实际), not a
    title (2024年计划开工项目表 would make every column under it a plan), a page number, a
    unit line or a signature line."""
    filled = [index for index, cell in enumerate(above) if not _blank(cell)]
    if len(filled) < 2 or not _has_gaps(above):
        return False
    texts = [above[index] for index in filled]
    return all(
        isinstance(text, str) and _GROUP_HEADING.match(text.strip()) and not _text_shape(text)
        for text in texts
    )


# A group heading: short words, any figures only in its brackets (投资额（万元）, Investment
# (RMB 10,000)); no colon, and not a table's title (…表, …台账, …清单).
_GROUP_HEADING = re.compile(
    r"^(?:[^\d:：()（）]|[(（][^)）]*[)）]){1,30}$(?<![表账单览])", re.DOTALL
)


def _group_heading(parent: list[object], index: int) -> str:
    """The group heading over a column: its own cell, else the nearest heading to its left
    (a merged cell keeps its words in its first column)."""
    for position in range(min(index, len(parent) - 1), -1, -1):
        if not _blank(parent[position]):
            return str(parent[position]).strip()
    return ""


def _column_header(
    file: str,
    header_row: int,
    index: int,
    parent: list[object] | None,
    child: list[object],
    named: Naming,
) -> tuple[str, HeaderReading]:
    own = str(child[index]).strip() if index < len(child) and not _blank(child[index]) else ""
    group = _group_heading(parent, index) if parent is not None else ""
    if parent is not None and index < len(parent) and not _blank(parent[index]):
        group = str(parent[index]).strip()
    text = f"{group}/{own}" if group and own else group or own
    if not text:
        return "", HeaderReading(None, None, "")
    try:
        combined = named.read(text, index)
        alone = named.read(own, index) if own and group else combined
        grouped = named.read(group, index) if group and own else combined
    except UserError as error:
        where = f"{file} row {header_row} column {column_letter(index)}"
        chinese = f"{file} 第 {header_row} 行 {column_letter(index)} 列：{said(error, Lang.ZH)}"
        raise Refusal(chinese, f"{where}: {error}") from None
    field_name = combined.field or alone.field
    unit = alone.unit or grouped.unit if own and group else combined.unit
    return text, HeaderReading(field_name, unit, text)


def _field_words(field_name: str) -> str:
    key = field_name.removesuffix("_yuan")
    special = {"is_started": "started or not", "is_producing": "producing or not"}
    if key in special:
        return special[key]
    return WORDS[key][1].lower() if key in WORDS else field_name


def _conflicts(columns: list[ColumnReading], lang: Lang = Lang.EN) -> list[str]:
    """Columns that claim one field, each pair named: the import asks which one is meant."""
    claims: dict[str, list[ColumnReading]] = {}
    for column in columns:
        if column.field not in (None, "skip"):
            claims.setdefault(column.field, []).append(column)
    lines = []
    for field_name, claimants in claims.items():
        if len(claimants) < 2:
            continue
        named = [f"{column.header} ({column.letter})" for column in claimants]
        if lang is Lang.ZH:
            meaning = WORDS.get(field_name.removesuffix("_yuan"), (field_name,))[0]
            lines.append(f"{'、'.join(named)} 都是{meaning}")
            continue
        listed = ", ".join(named[:-1]) + f" and {named[-1]}"
        verb = "both mean" if len(claimants) == 2 else "all mean"
        lines.append(f"{listed} {verb} {_field_words(field_name)}")
    return lines


def _no_header_message(
    file: str, looked: list[tuple[int, list[object]]], lang: Lang = Lang.EN
) -> str:
    shown = []
    for number, cells in looked[:6]:
        words = " | ".join(str(cell).strip() for cell in cells if not _blank(cell))
        label = f"第 {number} 行" if lang is Lang.ZH else f"row {number}"
        shown.append(f"  {label}: {words[:100]}")
    if lang is Lang.ZH:
        rows_text = "\n".join(shown) if shown else "  （没有写字的行）"
        return (
            f"{file}：前 {HEADER_SEARCH_ROWS} 行中找不到表头（表头须有项目名称一列，"
            f"另有一列能读懂）。看过的行：\n{rows_text}\n能读懂的表头：{known_headers_text()}；"
            "其他表头可用 --map '<表头>=<字段>' 指明"
        )
    rows_text = "\n".join(shown) if shown else "  (no rows with words)"
    return (
        f"{file}: no header row found in the first {HEADER_SEARCH_ROWS} rows (a header has a "
        "project name column and one more it knows). Rows looked at:\n"
        f"{rows_text}\nHeaders known: {known_headers_text()}; "
        "another header can be named with --map '<header>=<field>'"
    )


# -- rows ----------------------------------------------------------------------------------------


class RowShape(StrEnum):
    PROJECT = "project"
    BLANK = "blank"
    TOTAL = "total"  # 合计, 总计, 小计
    SECTION = "section"  # 一、新建项目; a row of one text cell
    NOTE = "note"  # 注：, 说明, 填报说明
    SIGNATURE = "signature"  # 填表人, 审核人, 联系人, 填报单位, 截止日期
    HEADER_AGAIN = "header_again"  # the header repeated (a new printed page) or its second row


_TOTAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）])?"
    r"[\u4e00-\u9fff]{0,6}?(?:合计|总计|小计|共计)(?=$|[\W\d_])"
    r"|^(?:grand|sub)?total(?=$|[\W\d_])",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"^(?:注|说明|填报说明|填表说明|备注说明)(?:$|[:：\d、.．(（])|^notes?(?:$|[:\d])",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(
    r"^(?:填表人|填报人|审核人|审批人|联系人|负责人|单位负责人|制表人|统计人|分管领导|主要领导"
    r"|填报单位|报送单位|填报日期|报送日期|填表日期|截止日期|截至日期|截止时间|截至时间|联系电话"
    r"|单位盖章|盖章|签字|prepared ?by|checked ?by|approved ?by|contact)(?:$|[:：\s(（])",
    re.IGNORECASE,
)
_NUMBERED_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十\d]+[部分类批项])"
)
_PROJECT, _BLANK = RowShape.PROJECT, RowShape.BLANK  # looked up once, not once a row
# The first characters of the words above (totals are found by their 计): a cell starting
# otherwise, as most project names do, needs no pattern.
_SHAPE_STARTS = frozenset(
    "一二三四五六七八九十(（第注说填备审联负单制统分主报截盖签tTsSgGnNpPcCaA \t\n\u3000"
)


def _text_shape(text: str) -> RowShape | None:
    """The shape a row's leading words give it, if any: total, note, signature, section."""
    stripped = text.strip()
    if not stripped or (stripped[0] not in _SHAPE_STARTS and "计" not in stripped):
        return None
    plain = "".join(stripped.split())
    if _TOTAL.match(plain):
        return RowShape.TOTAL
    if _NOTE.match(plain):
        return RowShape.NOTE
    if _SIGNATURE.match(stripped) or _SIGNATURE.match(plain):
        return RowShape.SIGNATURE
    numbered = _NUMBERED_SECTION.match(plain)
    if numbered and numbered.end() < len(plain):  # 一、新建项目, not a bare （一） in 序号
        return RowShape.SECTION
    return None


@dataclass(frozen=True)
class _Layout:
    """What classify_row needs of a table's columns, worked out once a table."""

    name_index: int
    name_words: frozenset[str]  # the name column's header as written and without spaces
    skipped: frozenset[int]
    header_words: dict[int, frozenset[str]]


def _layout(table: Table) -> _Layout:
    cached = table._layout
    if cached is not None and cached[0] is table.columns and cached[1] == len(table.columns):
        return cached[2]
    name = next((column for column in table.columns if column.field == "name"), None)
    header_words = {
        column.index: frozenset("".join(part.split()) for part in column.header.split("/"))
        for column in table.columns
    }
    layout = _Layout(
        name.index if name else -1,
        header_words[name.index] | {part.strip() for part in name.header.split("/")}
        if name
        else frozenset(),
        frozenset(column.index for column in table.columns if column.field == "skip"),
        header_words,
    )
    table._layout = (table.columns, len(table.columns), layout)
    return layout


def classify_row(cells: list[object], table: Table) -> RowShape:
    """What a row below the header is. A project row costs a few comparisons: patterns run
    only on leading words that could begin a total, note, signature or section."""
    # truthiness first: most cells are words or amounts; 0 and False still count as written
    filled = [
        index for index, cell in enumerate(cells) if cell or (cell is not None and cell != "")
    ]
    if not filled:
        return _BLANK
    for index in filled[:3]:
        cell = cells[index]
        if isinstance(cell, str) and (cell[0] in _SHAPE_STARTS or "计" in cell):
            shape = _text_shape(cell)
            if shape is not None:
                return shape
    cached = table._layout
    fresh = cached is not None and cached[0] is table.columns and cached[1] == len(table.columns)
    layout = cached[2] if fresh and cached is not None else _layout(table)
    name = cells[layout.name_index] if 0 <= layout.name_index < len(cells) else None
    if (
        len(filled) <= len(layout.skipped) + 1
        or name is None
        or (isinstance(name, str) and (name.isspace() or name.strip() in layout.name_words))
        or name == ""
    ):
        words = [index for index in filled if not _blank(cells[index])]
        if not words:
            return RowShape.BLANK
        if _repeats_header(cells, words, layout):
            return RowShape.HEADER_AGAIN
        outside = [index for index in words if index not in layout.skipped]
        if len(outside) == 1 and isinstance(cells[outside[0]], str):
            only = outside[0]
            if only != layout.name_index or _is_heading(str(cells[only])):
                return RowShape.SECTION
    return _PROJECT


# A heading standing alone in the name column: a county's (肃州区, 玉门市) or a kind's
# (新建项目, 工业类). Any other lone name there is a project with nothing else written yet.
_HEADING = re.compile(r"^[\u4e00-\u9fff]{1,5}(?:县|区|市|旗|州|项目|类)$")


def _is_heading(text: str) -> bool:
    plain = "".join(text.split())
    return bool(_HEADING.match(plain)) or section_kind(plain) is not None


def _repeats_header(cells: list[object], words: list[int], layout: _Layout) -> bool:
    """Most of the row's words are the header's own (or its second row's) at their columns."""
    if not all(isinstance(cells[index], str) for index in words):
        return False
    same = sum(
        1
        for index in words
        if "".join(str(cells[index]).split()) in layout.header_words.get(index, ())
    )
    return same >= 1 and same * 2 >= len(words)


# Words of a section heading that set the kind of the projects under it.
SECTION_KINDS: dict[str, Kind] = {
    "续建": Kind.CONTINUING,
    "续建项目": Kind.CONTINUING,
    "continuing": Kind.CONTINUING,
    "新建": Kind.NEW,
    "新开工": Kind.NEW,
    "新签约": Kind.NEW,
    "new": Kind.NEW,
}


def section_kind(text: str) -> Kind | None:
    """新建 or 续建 when a section heading names one kind (一、新建项目, 二、续建项目)."""
    plain = "".join(text.split()).lower()
    kinds = {kind for word, kind in SECTION_KINDS.items() if word in plain}
    return kinds.pop() if len(kinds) == 1 else None


# Sheet names of a summary that repeats the other sheets.
SUMMARY_SHEET_WORDS: tuple[str, ...] = ("汇总", "总表", "合计", "summary", "total")


def summary_sheet(name: str) -> bool:
    """A 汇总 sheet: skipped with a note when the workbook's other sheets carry the projects."""
    plain = name.strip().lower()
    return any(word in plain for word in SUMMARY_SHEET_WORDS)
