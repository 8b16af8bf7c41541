"""What the driver and the workers of ``--cluster`` agree on, in a module that imports nothing
(so that ``executor`` can name it before it knows the ``[scale]`` extra is installed).
"""

PLUGIN_NAME = "eventwire-extractor"
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
    "BLIS_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1",
}
"""Set in every worker before it starts: one worker per core, and no worker's numpy/BLAS
spreading threads over its neighbours' cores. It replaces Dask's own list, which also sets
``MALLOC_TRIM_THRESHOLD_=65536``: glibc then hands memory back to the system after every
free above 64 KiB, and spaCy, which allocates and frees a great deal, extracts 40 % slower."""
