"""The worker plugin of ``--cluster``: one ``Extractor`` per Dask worker, built as it joins.

Kept apart from ``executor`` because it imports ``distributed`` (the ``[scale]`` extra) at the
top, as a plugin class must derive from ``distributed.WorkerPlugin``; ``executor`` imports it
only once it has checked that the extra is installed.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from distributed import WorkerPlugin

from ..options import Options
from .settings import PLUGIN_NAME, SINGLE_THREAD_ENV

log = logging.getLogger(__name__)


class ExtractorPlugin(WorkerPlugin):
    """The worker plugin that gives each worker its own ``Extractor``, built once.

    Registered with the scheduler, so a worker that joins later (or restarts after a crash)
    builds one too. The model loads in a thread, so the worker keeps answering heartbeats.
    ``lock`` lets one partition at a time use the extractor: a worker started with several
    threads (``dask worker --nthreads 4``) gains nothing from them but stays correct.
    """

    name = PLUGIN_NAME

    def __init__(self, options: Options) -> None:
        self.options = options
        self.extractor: Any = None
        self.lock = threading.Lock()

    async def setup(self, worker: Any) -> None:
        import asyncio

        for key, value in SINGLE_THREAD_ENV.items():
            os.environ.setdefault(key, value)
        self.extractor = await asyncio.to_thread(self._build)
        threads = getattr(getattr(worker, "state", None), "nthreads", 1)
        if threads > 1:
            log.warning("%s has %d threads; eventwire extracts one partition at a time per "
                        "worker: start workers with --nthreads 1 and one worker per core",
                        getattr(worker, "address", "worker"), threads)
        log.info("%s: extractor ready", getattr(worker, "address", "worker"))

    def _build(self) -> Any:
        from ..pipeline import Extractor

        return Extractor(self.options)

    def __getstate__(self) -> dict[str, Any]:
        return {"options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.options = state["options"]
        self.extractor = None
        self.lock = threading.Lock()

    def teardown(self, worker: Any) -> None:
        self.extractor = None
