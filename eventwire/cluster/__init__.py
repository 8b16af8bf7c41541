"""The pipeline on a Dask cluster (the ``[scale]`` extra): ``eventwire ingest --cluster``.

- ``executor``: ``ClusterExtractor`` cuts the articles into partitions, runs them on the
  workers (at-least-once: a lost worker's partitions run again elsewhere) and yields the
  results in input order; ``parse_cluster`` reads ``--cluster``.
- ``plugin``: the worker plugin that builds one ``Extractor`` per worker; ``settings``: the
  plugin's name and the workers' environment, which both sides read.

The ingest driver (``eventwire.store.ingest``) deduplicates and writes on the driver, with
idempotent writes, so a cluster run gives the database of a run in one process.
"""

from .executor import ClusterExtractor, ClusterProgress, ClusterSpec, parse_cluster

__all__ = ["ClusterExtractor", "ClusterProgress", "ClusterSpec", "parse_cluster"]
