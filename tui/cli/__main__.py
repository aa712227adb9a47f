"""`python -m tui.cli`: the `investtrack` command."""

from tui.cli import main

main()
