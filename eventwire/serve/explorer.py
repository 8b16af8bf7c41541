"""The explorer page of ``eventwire serve``: the built front-end mounted at ``/``.

The page's source is ``frontend/`` at the top of the source tree; ``make assets`` (``npm ci`` and
``npm run build``, with the versions pinned in ``package.json`` and ``package-lock.json``) bundles
it, with every library it uses, into ``eventwire/serve/static/``: a git-ignored folder that the
wheel ships as package data. The page asks nothing of any host but the one serving it, and the
``Content-Security-Policy`` sent with it tells the browser to refuse anything else.

``mount_explorer(app)`` mounts that folder on a FastAPI (Starlette) application; it must be the
last thing mounted, after the ``/api`` routes, since it answers every other path. Where the page
was never built, ``/`` answers 503 with the command that builds it, and the API still works.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
"""Where ``make assets`` writes the built page (and where the wheel carries it)."""

BUILD_COMMAND = "make assets"
"""The command, run at the top of a source checkout, that builds the page (needs Node.js 20+)."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
"""Sent with every file of the page: the browser loads and fetches from this host only."""

MOUNT_NAME = "explorer"


def assets_missing(static_dir: Path | None = None) -> str | None:
    """Why the explorer cannot be served from ``static_dir`` (default ``STATIC_DIR``) and what
    to run, or None if it can."""
    index = (STATIC_DIR if static_dir is None else static_dir) / "index.html"
    if index.is_file():
        return None
    return (f"the explorer page is not built ({index} is missing): run `{BUILD_COMMAND}` at the "
            "top of eventwire's source checkout (it needs Node.js 20 or newer and npm), or "
            "install eventwire from a wheel, which carries the page; the API under /api works "
            "without it")


class _WithHeaders:
    """An ASGI app that adds fixed headers to every HTTP response of the app it wraps."""

    def __init__(self, app: Any, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                        for k, v in headers.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount_explorer(app: Any, static_dir: Path | None = None) -> bool:
    """Mount the explorer page at ``/`` of ``app`` (a FastAPI or Starlette application).

    Returns True when the built page was mounted. When it is missing, logs a warning naming
    the command that builds it, makes ``/`` answer 503 with the same words, and returns False.
    Mounting twice does nothing the second time.
    """
    from starlette.responses import HTMLResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    if any(getattr(route, "name", None) == MOUNT_NAME for route in app.router.routes):
        return True
    static_dir = STATIC_DIR if static_dir is None else static_dir
    problem = assets_missing(static_dir)
    if problem is None:
        files = StaticFiles(directory=static_dir, html=True)
        app.router.routes.append(Mount("/", app=_WithHeaders(files, {
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }), name=MOUNT_NAME))
        return True

    log.warning("%s", problem)

    async def missing(_request: Any) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><title>eventwire explorer: not built</title>"
            f"<h1>The explorer page is not built</h1><p>{html.escape(problem)}.</p>"
            '<p>The API: <a href="/api/docs">/api/docs</a>.</p>', status_code=503)

    app.router.routes.append(Route("/", missing, methods=["GET"], name=MOUNT_NAME))
    return False
