"""Errors a user can cause and fix; front ends print them as one line, never a traceback."""


class UserError(ValueError):
    """A mistake in what the user asked for: unknown code, bad date, refused move."""


class NotFound(UserError):
    """The named project, steward or record does not exist."""


class StaleEdit(UserError):
    """The record changed since it was read; the edit was refused so nothing is overwritten."""
