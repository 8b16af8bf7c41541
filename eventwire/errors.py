"""The exceptions eventwire raises, as one tree.

EventwireError
├── UsageError          an option or argument is wrong (exit status 2 on the command line)
├── InputError          an input cannot be read as an article (the run goes on without it)
├── DataError           a bundled or user data file (table, dictionary, gold set) is malformed
├── ModelError          the spaCy model cannot be loaded
└── StoreError          the event database cannot be opened, migrated or written

Each message names the input and says what to do.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class UsageError(EventwireError):
    """An option or argument is wrong."""


class InputError(EventwireError):
    """An input cannot be read as an article; ``origin`` names it."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class DataError(EventwireError):
    """A data file is malformed; the message names the file and line."""


class ModelError(EventwireError):
    """The spaCy model cannot be loaded."""


class StoreError(EventwireError):
    """The event database cannot be opened, migrated or written."""
