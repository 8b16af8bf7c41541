"""Deprecated: the input readers are ``eventwire.readers`` now; this name goes in the next release.

``import eventwire.ingest`` (or ``from eventwire.ingest import read_inputs``) still works, with a
``DeprecationWarning``. The ingest driver (a corpus into the database) is
``eventwire.store.ingest``.
"""

from __future__ import annotations

import warnings
from typing import Any

from . import readers as _readers

warnings.warn("eventwire.ingest is deprecated: import eventwire.readers instead (read_inputs is "
              "also eventwire.read_inputs)", DeprecationWarning, stacklevel=2)


def __getattr__(name: str) -> Any:
    return getattr(_readers, name)
