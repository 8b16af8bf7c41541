"""Serve the API and the explorer on a free loopback port in a background thread, and run the
Chromium driver (``explorer.mjs``) against it; used by ``tests/test_explorer_browser.py`` and by
``scripts/screenshot.py`` (``make screenshot``)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("explorer.mjs")
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")


def missing_tools() -> str | None:
    """What the browser run lacks, and the command that installs it; None if nothing."""
    if shutil.which("node") is None:
        return "Node.js is not installed (Debian: apt-get install nodejs npm)"
    if not (ROOT / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed: run `make assets` (npm ci)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)"
    return None


def explorer_app(db: str) -> Any:
    """The API of ``db`` with the built explorer mounted at ``/``."""
    from eventwire.serve.api import create_app
    from eventwire.serve.explorer import assets_missing, mount_explorer

    problem = assets_missing()
    if problem:
        raise RuntimeError(problem)
    app = create_app(db)
    mount_explorer(app)
    return app


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 at a free port; yields the page's address."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def drive(mode: str, url: str, arg: str, timeout: float = 90) -> dict[str, Any]:
    """Run ``explorer.mjs MODE URL ARG`` in Chromium; returns what it printed (JSON)."""
    done = subprocess.run(["node", str(DRIVER), mode, url, arg], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    try:
        seen = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError(f"the browser driver printed no result (exit {done.returncode}):\n"
                           f"{done.stderr[-3000:]}") from None
    seen["exit"] = done.returncode
    seen["stderr"] = done.stderr[-3000:]
    return seen
