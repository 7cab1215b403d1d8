"""Where work runs and how much it holds: the tools every wing may use, knowing none of them.

Owns the execution engines (:mod:`.engines`: one process, a pool, dask), worker processes that
cannot outlive their run (:mod:`.lifeline`), cyclic garbage collection held off over many small
records (:mod:`.gcpause`) and lists too large for memory, kept in a temporary file
(:mod:`.spill`). Nothing here knows a document, a stage or an output.
"""
