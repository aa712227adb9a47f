"""Writes, one module a noun. Each use case is a function taking the session of a write
transaction and the Actor (who acts, on which day); store.service runs them one transaction
each, and the importer and the demo call them inside their own."""
