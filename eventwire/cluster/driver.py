"""``eventwire ingest --cluster``: the ingest driver with its extraction on a Dask cluster.

The driver (this process) reads the inputs, deduplicates, cuts the articles to extract into
partitions and writes every result itself, in input order (``store.ingest``); the workers only
extract. The rule that picks a group of copies' original (the earliest published, then the
smallest doc id: ``store/originals.py``) depends on the set of documents only, and the driver
applies it as it writes, so neither the order in which partitions finish nor the order of the
inputs changes the database or lake: it is the one a single process would write.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..options import Options
from ..store.ingest import IngestSummary, Progress, ingest_paths
from .executor import (
    DEFAULT_MEMORY,
    DEFAULT_PARTITION_SIZE,
    ClusterExtractor,
    Hook,
)
from .executor import Progress as PartitionProgress


def ingest_on_cluster(paths: Sequence[str], options: Options, cluster: str, *,
                      partitions: int | None = None,
                      partition_size: int = DEFAULT_PARTITION_SIZE,
                      memory_limit: str = DEFAULT_MEMORY, out: str | None = None,
                      progress: Progress | None = None,
                      partition_progress: PartitionProgress | None = None,
                      hook: Hook | None = None) -> IngestSummary:
    """Ingest ``paths`` into ``options.db`` (or the lake ``out``), extracting on ``cluster``
    (``local:N`` or ``tcp://HOST:PORT``)."""
    with ClusterExtractor(options, cluster, partitions=partitions,
                          partition_size=partition_size, memory_limit=memory_limit,
                          progress=partition_progress, hook=hook) as pool:
        return ingest_paths(paths, options, progress=progress, extract=pool.run, out=out)
