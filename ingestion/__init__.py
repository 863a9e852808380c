"""FinLoom ingestion: dlt sources, resilient HTTP, replay server and the `finloom` CLI."""

__version__ = "0.1.0"
