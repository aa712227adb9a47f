"""README's table of the app's keys says what the app binds: a key the table lists is bound
where it says, and every key a screen shows in its footer is in the table, under that screen."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from textual.dom import DOMNode
from textual.widget import Widget

from tests.tui.test_one_language import app_classes
from tui.app import InvestTrackApp
from tui.export import ExportModal
from tui.message_log import MessageLogModal
from tui.modals import ConfirmModal, FormModal
from tui.new_project import NewProjectModal
from tui.screens.assessment import AssessmentScreen
from tui.screens.board import BoardScreen, StageOverflow
from tui.screens.dashboard import DashboardScreen
from tui.screens.deadlines import DeadlinesScreen
from tui.screens.import_ import FieldPicker, ImportScreen
from tui.screens.leads import LeadsScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.project import ProjectScreen
from tui.screens.stewards import StewardsScreen
from tui.screens.supervision import SupervisionScreen
from tui.steward_picker import StewardPicker
from tui.table import FastTable

pytestmark = pytest.mark.sqlite_only
README = Path(__file__).parents[2] / "README.md"

# Each place the table names: the classes whose keys act there. The first ones show their
# keys in a footer (every key they show is in the table); a widget after them (a table's
# Enter and arrows) only binds keys the table may name.
PLACES: dict[str, tuple[tuple[type[DOMNode], ...], tuple[type[Widget], ...]]] = {
    "everywhere": ((InvestTrackApp,), ()),
    "board": ((BoardScreen,), (StageOverflow,)),
    "ledger": ((LedgerScreen,), (FastTable,)),
    "project": ((ProjectScreen,), ()),
    "stewards": ((StewardsScreen,), ()),
    "deadlines": ((DeadlinesScreen,), ()),
    "figures": ((DashboardScreen,), ()),
    "leads": ((LeadsScreen,), ()),
    "assessment": ((AssessmentScreen,), ()),
    "supervision": ((SupervisionScreen,), ()),
    "import": ((ImportScreen,), (FastTable,)),
    "form": ((FormModal, NewProjectModal), ()),
    "picker": ((StewardPicker, FieldPicker), ()),
    "question": ((ConfirmModal,), ()),
    "export": ((ExportModal,), ()),
    "messages": ((MessageLogModal,), ()),
}
# the keys as the table writes them, where Textual names them otherwise
WRITTEN = {
    "esc": "escape",
    "/": "slash",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    "←": "left",
    "→": "right",
    "↑": "up",
    "↓": "down",
}


def readme_keys() -> dict[str, set[str]]:
    """The keys of the table in README's "### The app", by place, as Textual names them."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### The app\n", 1)[1].split("\n### ", 1)[0]
    keys: dict[str, set[str]] = defaultdict(set)
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`"):
            continue  # prose, the heading or its rule
        written = re.findall(r"`([^`]+)`", cells[1])
        for where in cells[0].split(","):
            place = where.split(":")[0].strip()  # "project: funds" is the project screen
            keys[place] |= {WRITTEN.get(key, key) for key in written}
    return keys


def bound(classes: tuple[type[DOMNode], ...], *, shown_only: bool) -> set[str]:
    """The keys the classes bind (Textual's own bindings of every screen apart: Tab, copy)."""
    found = set()
    for cls in classes:
        for key, bindings in cls._merged_bindings.key_to_bindings.items():  # type: ignore[union-attr]
            if any(binding.show or not shown_only for binding in bindings):
                found.add(key)
    if InvestTrackApp in classes:
        found.add(InvestTrackApp.COMMAND_PALETTE_BINDING)  # Textual binds it; the footer shows it
    return found


def test_the_readme_table_reads_as_places_and_keys() -> None:
    keys = readme_keys()
    assert set(keys) == set(PLACES), set(keys) ^ set(PLACES)
    assert sum(len(found) for found in keys.values()) >= 60, keys


def test_every_key_the_readme_lists_is_bound_where_it_says() -> None:
    unbound = {
        place: sorted(written - bound(shown + widgets, shown_only=False))
        for place, written in readme_keys().items()
        for shown, widgets in (PLACES[place],)
    }
    assert {place: keys for place, keys in unbound.items() if keys} == {}


def test_every_key_a_footer_shows_is_in_the_readme() -> None:
    written = readme_keys()
    missing = {
        place: sorted(bound(shown, shown_only=True) - written[place])
        for place, (shown, _) in PLACES.items()
    }
    assert {place: keys for place, keys in missing.items() if keys} == {}


def test_every_screen_and_modal_with_keys_has_its_place_in_the_readme() -> None:
    placed = {cls for shown, widgets in PLACES.values() for cls in (*shown, *widgets)}
    with_keys = {
        cls
        for cls in app_classes()
        if issubclass(cls, DOMNode)
        and any(getattr(binding, "show", False) for binding in vars(cls).get("BINDINGS", []))
    }
    assert with_keys - placed == set()
