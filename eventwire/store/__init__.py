"""The store: where the pipeline's DocResults go, and what is read back out of them.

- ``store.py``      the ``Store`` protocol and its SQL implementation (SQLite, PostgreSQL);
- ``schema.py``     the tables of the event database;
- ``ingest.py``     the ingest driver: a corpus → readers → pipeline → the database, exactly once;
- ``aggregate.py``  one aggregated event per real-world event across articles (copies, reports);
- ``query.py``      the filters of query, stats, the exports and the API (``eventwire.query``,
                    ``eventwire.aggregate``), checked before anything is read;
- ``flat.py``       the flat table of events (columns, dtypes, rows, DataFrame) that CSV,
                    Parquet and ``eventwire.query(as_frame=True)`` share;
- ``export.py``     query results and exports (PLOVER JSONL, GDELT-style TSV, CSV, Parquet,
                    GeoJSON, GEXF);
- ``lake.py``       the Parquet event lake of ``ingest --out parquet://DIR``.
"""
