"""Reads, one module a concern: plain functions taking a session and returning typed rows or
records. They never write, and never import store.commands."""
