"""FinLoom ingestion: dlt sources, resilient HTTP, replay server and the `finloom` CLI."""

import os

__version__ = "0.1.0"

# dlt sends anonymous usage telemetry to dlthub by default, read once when dlt first resolves
# its runtime config. FinLoom calls no host it was not asked to; RUNTIME__DLTHUB_TELEMETRY=true
# opts in.
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
