"""The build stage: the pipeline's order (`pipeline.py`, `publish.py`), MkDocs, publishing atomically,
and incremental and sharded builds."""
