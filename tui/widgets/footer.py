"""The footer: each key's label in the app's language only, and only the keys that fit.

Labels are written in both languages ("Advance 推进"); the footer shows the half of the
language chosen. Keys that do not fit the width are left out from the end (the app's own
keys come after the screen's), never cut mid-label: the command palette (^p) and the help
(?) list every key.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Textual exports the key widget only here

# a label's Chinese half starts at its first CJK character
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def one_language(label: str, lang: str) -> str:
    """The half of a two-language label in lang ("zh" or "en"); a label in one language, or
    one that starts in Chinese ("中/EN"), as it is."""
    found = _CJK.search(label)
    if found is None or found.start() == 0:
        return label
    english, chinese = label[: found.start()].strip(), label[found.start() :].strip()
    return chinese if lang == "zh" else english


class KeyFooter(Footer):
    """Footer whose keys never run past its right edge."""

    def compose(self) -> ComposeResult:
        lang = str(getattr(self.app, "lang", "en"))
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.description = one_language(widget.description, lang)
            yield widget

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._leave_out_what_does_not_fit)

    def on_resize(self) -> None:
        for key in self._keys():
            key.display = True
        self.call_after_refresh(self._leave_out_what_does_not_fit)

    def _keys(self) -> list[FooterKey]:
        return [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]

    def _leave_out_what_does_not_fit(self) -> None:
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        right = self.region.right - sum(key.outer_size.width for key in palette)
        cut = False
        for key in self._keys():
            cut = cut or key.region.right > right
            key.display = not cut
