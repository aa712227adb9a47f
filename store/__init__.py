"""investtrack's core: models, database, domain rules, import and export.

Nothing here imports textual, rich or typer (an import-linter contract checks it).
"""
