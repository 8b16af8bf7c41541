"""The room for serving the store (empty for now): a read-only HTTP API and an explorer over
the event database, for the ``[web]`` extra (FastAPI, uvicorn). It will read through
``eventwire.store`` only and never write.
"""
