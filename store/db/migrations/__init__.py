"""Alembic migrations. HEAD names the newest revision so an up-to-date open skips Alembic."""

HEAD = "0014"
