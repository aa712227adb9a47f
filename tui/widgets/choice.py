"""A value chosen from a list (a Select), never typed as a code; where a new value may be
added (a county or chain the office has not used yet), the list's last entry opens a line
to type it in.

Its value is always the stored text ("" when none is chosen), whatever words the list shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Select

# The entry that opens the typed line: a NUL is refused in every stored text, so no value
# the office keeps can be mistaken for it.
NEW = "\x00new"


class ChoiceField(Widget):
    """options: (shown words, stored value) pairs; new_label: the words of the entry that
    lets a new value be typed (None: only the listed ones); blank: whether none may be chosen."""

    DEFAULT_CSS = """
    ChoiceField { height: auto; width: 1fr; layout: horizontal; }
    ChoiceField > Select { width: 1fr; }
    ChoiceField > Input { width: 1fr; display: none; }
    ChoiceField.-typing > Select { display: none; }
    ChoiceField.-typing > Input { display: block; }
    """

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str = "",
        *,
        new_label: str | None = None,
        blank: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.new_label = new_label
        self.blank = blank
        self.options = list(options)
        self.initial = value

    def compose(self) -> ComposeResult:
        options = self._with(self.initial)
        yield Select(
            self._shown(options),
            value=self.initial if self.initial else Select.BLANK,
            allow_blank=self.blank,
            prompt="-",
            compact=True,
        )
        if self.new_label is not None:
            yield Input(compact=True, placeholder=self.new_label)

    def _with(self, value: str) -> list[tuple[str, str]]:
        """The options, with value among them (one stored before it was listed)."""
        if value and value not in {stored for _, stored in self.options}:
            return [*self.options, (value, value)]
        return self.options

    def _shown(self, options: list[tuple[str, str]]) -> list[tuple[Text, str]]:
        shown = [(Text(words), stored) for words, stored in options]  # names, never markup
        if self.new_label is not None:
            shown.append((Text(self.new_label, style="italic"), NEW))
        return shown

    @property
    def typing(self) -> bool:
        return self.has_class("-typing")

    @property
    def value(self) -> str:
        if self.typing:
            return self.query_one(Input).value.strip()
        chosen = self.query_one(Select).value
        return "" if chosen is Select.BLANK or chosen == NEW else str(chosen)

    @value.setter
    def value(self, text: str) -> None:
        self.remove_class("-typing")
        select = self.query_one(Select)
        select.set_options(self._shown(self._with(text)))
        select.value = text if text else Select.BLANK

    def set_options(self, options: Sequence[tuple[str, str]], new_label: str | None = None) -> None:
        """New options (or their words in another language), keeping what is chosen or typed."""
        self.options = list(options)
        if new_label is not None and self.new_label is not None:
            self.new_label = new_label
            self.query_one(Input).placeholder = new_label
        if self.typing:
            self.query_one(Select).set_options(self._shown(self.options))
        else:
            self.value = self.value

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        if event.value == NEW:
            event.stop()  # the typed line will say what changed
            self.add_class("-typing")
            self.query_one(Input).focus()
