"""Serving the store over HTTP, read-only (the ``[web]`` extra: FastAPI, uvicorn).

- ``api.py``       ``create_app(db)``: the REST API over the event database (events, one event
                   with its evidence, actors, places, stats, dyads, exports; OpenAPI served);
- ``explorer.py``  the explorer page, mounted on the same app;
- ``cache.py``     the answers of the counting endpoints, kept until the database changes.

Everything here reads through ``eventwire.store`` and never writes.
"""

from __future__ import annotations

from ..errors import UsageError


def require_web() -> None:
    """A clear error when the ``[web]`` extra is not installed."""
    missing = []
    for module in ("fastapi", "uvicorn"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise UsageError(f"eventwire serve needs {' and '.join(missing)}: install the web "
                         "extra, pip install 'eventwire[web]'")
