"""Docket: an evidence archive and who-did-what-to-whom records for human-rights documentation."""

import os

__version__ = "0.1.0"

# Numpy's BLAS runs one thread per core by default. The models here (natasha's parser, tagger
# and recogniser above all) multiply small matrices, where a second thread only waits: on a busy
# machine that made Russian extraction three times slower, and extraction workers, one process
# each, would compete for the cores twice over. Read when numpy loads, so set before anything
# imports it; a value the environment already gives wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
