"""The room for running the pipeline on a cluster (empty for now): the same stages in Dask
workers (the ``[scale]`` extra), each loading the model once and returning plain records, with
idempotent writes to ``eventwire.store`` (at-least-once execution).
"""
