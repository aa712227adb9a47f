"""investtrack's terminal front ends: the Typer CLI and the Textual app."""
