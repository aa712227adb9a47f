"""investtrack's terminal front ends: the Typer CLI and the Textual app."""

import os

# Textual paints on a fixed beat of TEXTUAL_FPS a second (60 by default): a search keystroke's
# new table waits for the beat after the one that drew the typed letter, up to 17 ms. At 120
# that wait halves; the cost, more paints while something animates, is small in a terminal.
os.environ.setdefault("TEXTUAL_FPS", "120")
