"""FinLoom, the application behind the `finloom` command: CLI, dbt, read-side commands, ops."""

import ingestion  # noqa: F401  (sets dlt's telemetry default before dlt is imported)

__version__ = "0.1.0"
