"""One module per source: `ingest_<source>(db_path, …)` resolves config, runs the dlt source
into its `raw_<source>` dataset and returns the source's run report."""
